using System.Runtime.ExceptionServices;
using TradingAlerts.Simulation.Processes;
using TradingAlerts.Simulation.Servers;
using TradingAlerts.Simulation.World;

namespace TradingAlerts.Simulation;

/// <summary>What one run left: its plan and what the world saw.</summary>
public sealed record SimulationRun(WorldPlan Plan, SimLog Log);

/// <summary>
/// Runs one seed's world to its end: the people's actions at their times, the monitor deployed as the plan says
/// (restarted when it dies), the faults in force, all on one simulated clock and one thread.
/// </summary>
public static class Simulation
{
    public static SimulationRun Run(WorldPlan plan, TextWriter? trace = null) => RunCounted(plan, trace).Run;

    /// <summary>A run, and how often its clock was read off its thread (a run with any is not deterministic).</summary>
    public static (SimulationRun Run, int OffThreadReads) RunCounted(WorldPlan plan, TextWriter? trace = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        (SimulationRun, int)? run = null;
        Exception? failure = null;

        // A thread of its own with no synchronization context: continuations run inline, in timer order.
        var thread = new Thread(() =>
        {
            try
            {
                run = RunHere(plan, trace);
            }
            catch (Exception e)
            {
                failure = e;
            }
        }, 64 * 1024 * 1024);
        thread.Start();
        thread.Join();
        if (failure is not null)
            ExceptionDispatchInfo.Throw(failure);
        return run!.Value;
    }

    private static (SimulationRun, int) RunHere(WorldPlan plan, TextWriter? trace)
    {
        var time = new SimulatedTime(plan.Start);
        using var world = new SimWorld(plan, time, trace);
        var users = new Users(world);
        time.RunUntilComplete(users.SetUpAsync());

        foreach (var change in plan.Events)
            time.At(change.At, () => Now(time, users.ApplyAsync(change)));

        IReadOnlyList<Task> processes;
        if (plan.Deployment == Deployment.FanOut)
        {
            var cloud = new FanOut(world);
            time.At(plan.Start, cloud.Start);
            time.RunUntil(plan.End);
            processes = cloud.Stop();
        }
        else
        {
            var monitor = new LocalMonitor(world);
            foreach (var down in plan.Events.OfType<MonitorDown>())
                time.At(down.At, () => monitor.GoDown(down.Downtime));
            foreach (var check in plan.Events.OfType<CronCheck>())
                time.At(check.At, monitor.CheckFromCron);
            time.At(plan.Start, monitor.Start);
            time.RunUntil(plan.End);
            monitor.StopAll();
            processes = monitor.Processes;
        }

        time.RunUntilComplete(Task.WhenAll(processes));
        return (new SimulationRun(plan, world.Log), time.OffThreadReads);
    }

    /// <summary>
    /// The AWS deployment: EventBridge runs the Watch and the Reader on the schedule (a scheduled run of the Reader fails
    /// while the plan has it down; the Watch judges the cycle of the period before, and tells the operator); the event source mapping polls the queue every second and hands up to ten messages to a Worker instance
    /// (a warm one if one is idle, else a new one, at most <see cref="MaxConcurrency"/> at once), deletes the ones its
    /// invocation reports done, and leaves the rest to come back after the visibility timeout, as after a crash.
    /// </summary>
    private sealed class FanOut(SimWorld world)
    {
        private const int MaxConcurrency = 3;
        private const int BatchSize = 10;

        private readonly SimQueue queue = new(world, TimeSpan.FromTicks(SimProcess.FanOutWorkerTimeout.Ticks * 6));
        private readonly List<SimProcess> idle = [];
        private readonly List<Task> processes = [];
        private SimProcess? reader;
        private SimProcess? watch;
        private int instances;
        private int running;
        private bool stopped;

        public void Start()
        {
            processes.Add(ScheduleAsync());
            processes.Add(PollAsync());
        }

        /// <summary>No schedule after the run's end; what is in flight finishes, what is left in the queue stays there.</summary>
        public IReadOnlyList<Task> Stop()
        {
            stopped = true;
            return processes;
        }

        private async Task ScheduleAsync()
        {
            var downs = world.Plan.Events.OfType<MonitorDown>().ToList();
            for (var scheduled = world.Plan.Start; !stopped; scheduled += world.Plan.Interval)
            {
                // EventBridge invokes within a few seconds of the schedule's time.
                var at = scheduled + TimeSpan.FromSeconds(3 * world.Chance($"schedule|{scheduled.UtcTicks}"));
                if (at > world.Time.Now)
                    await world.Time.Delay(at - world.Time.Now, CancellationToken.None);
                if (stopped)
                    return;

                watch ??= new SimProcess(world, "watch");
                await watch.WatchAsync(scheduled);
                if (downs.Any(d => scheduled >= d.At && scheduled < d.At + d.Downtime))
                    continue;

                reader ??= new SimProcess(world, "reader");
                await reader.ReadAsync(queue, scheduled);
            }
        }

        private async Task PollAsync()
        {
            while (!stopped)
            {
                if (running < MaxConcurrency && queue.Receive(BatchSize) is { Count: > 0 } messages)
                {
                    processes.Add(InvokeAsync(messages));
                    continue;
                }

                await world.Time.Delay(TimeSpan.FromSeconds(1), CancellationToken.None);
            }
        }

        private async Task InvokeAsync(IReadOnlyList<ReceivedMessage> messages)
        {
            running++;
            SimProcess worker;
            if (idle.Count > 0)
            {
                worker = idle[^1];
                idle.RemoveAt(idle.Count - 1);
            }
            else
            {
                worker = new SimProcess(world, $"worker-{++instances}");
            }

            try
            {
                foreach (var receipt in await worker.InvokeWorkerAsync(messages))
                    queue.Delete(receipt);
                idle.Add(worker);
            }
            catch (ProcessDiedException)
            {
                worker.Dispose();
            }
            catch (Exception e)
            {
                world.Log.Notes.Add($"{world.Time.Now:HH:mm:ss} {worker.Name} failed: {e.GetType().Name}: {e.Message}");
                worker.Dispose();
            }
            finally
            {
                running--;
            }
        }
    }

    /// <summary>A person's action completes at once (it only touches the store): run it to its end inside its timer.</summary>
    private static void Now(SimulatedTime time, Task action)
    {
        if (!action.IsCompleted)
            throw new SimulationStuckException($"at {time.Now:O} a person's action did not complete at once");
        action.GetAwaiter().GetResult();
    }

    /// <summary>
    /// <c>tradingalerts run</c> on one machine, restarted a little after it dies (a crash: within a minute; the machine
    /// going down: when it is back), with <c>check</c> from cron beside it.
    /// </summary>
    private sealed class LocalMonitor(SimWorld world)
    {
        private SimProcess? running;
        private int started;
        private DateTimeOffset upAgainAt = DateTimeOffset.MinValue;

        public List<Task> Processes { get; } = [];

        public void Start()
        {
            if (world.Time.Now < upAgainAt || running is not null)
                return;

            var process = new SimProcess(world, $"run-{++started}");
            process.Died += Restart;
            running = process;
            Processes.Add(Guard(process, async () =>
            {
                await process.RestoreAsync();
                await process.RunLoopAsync();
            }));
        }

        public void GoDown(TimeSpan downtime)
        {
            upAgainAt = world.Time.Now + downtime;
            running?.Kill("the machine went down");
            world.Time.At(upAgainAt, Start);
        }

        public void CheckFromCron()
        {
            var process = new SimProcess(world, $"check-{++started}");
            Processes.Add(Guard(process, async () =>
            {
                await process.RestoreAsync();
                await process.RunCycleAsync(CancellationToken.None);
            }));
        }

        public void StopAll() => running?.Stop();

        private void Restart(SimProcess process)
        {
            if (process != running)
                return;

            running = null;
            var after = TimeSpan.FromSeconds(5 + (55 * world.Chance($"restart|{process.Name}")));
            world.Time.At(world.Time.Now + after, Start);
        }

        /// <summary>Runs a process to its end; its death is part of the world, anything else it throws is a finding.</summary>
        private async Task Guard(SimProcess process, Func<Task> body)
        {
            try
            {
                await body();
            }
            catch (ProcessDiedException)
            {
            }
            catch (Exception e) when (process.Dead)
            {
                world.Log.Notes.Add($"{process.Name} died with {e.GetType().Name}: {e.Message}");
            }
            catch (Exception e)
            {
                world.Log.Notes.Add($"{world.Time.Now:HH:mm:ss} {process.Name} failed: {e.GetType().Name}: {e.Message}");
            }
            finally
            {
                if (process == running)
                    running = null;
                process.Dispose();
            }
        }
    }
}
