using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TradingAlerts.Aws.Sqs;
using TradingAlerts.Core.Pipeline;
using TradingAlerts.Core.Signals;
using TradingAlerts.Engine;
using TradingAlerts.Http;
using TradingAlerts.Simulation.Servers;
using TradingAlerts.Storage;

namespace TradingAlerts.Simulation.Processes;

/// <summary>
/// One process of the product in the world (a <c>tradingalerts run</c>, a <c>check</c> from cron, a Lambda instance):
/// the real Core services over the real SQLite store and the real exchange and notification adapters, wired by the
/// same engine as the CLI and the Lambdas, with simulated time and the world's servers underneath. When it dies it stays dead:
/// every further step it takes fails and changes nothing.
/// </summary>
public sealed class SimProcess : IDisposable
{
    public const string AppToken = "aSimAppTokenxxxxxxxxxxxxxxxxxx";
    public const string WebhookSecret = "sim-webhook-signing-secret";

    private readonly CancellationTokenSource stop = new();
    private readonly PipelineEngine engine;
    private bool stopping;
    private readonly ILoggerFactory logs;
    /// <summary>The alerts the evaluation under way held (sent whole, or armed in a market whose book it read), for the oracle.</summary>
    private Dictionary<string, SignalStatus>? batched;

    public SimProcess(SimWorld world, string name)
    {
        World = world;
        Name = name;
        var clock = world.Time;
        logs = world.Trace is { } trace ? new SimLogging(trace, clock, name) : NullLoggerFactory.Instance;
        var jitter = new Random((int)(world.Chance("jitter|" + name) * int.MaxValue));
        var runtime = new HttpRuntime { Clock = clock, Transport = () => new Wire(world, this), Random = jitter.NextDouble };

        Store = new DyingStore(new SqliteSignalStore(world.DatabasePath), this);
        var settings = new EngineSettings
        {
            BinanceApiUrl = new Uri("https://binance.sim"),
            BybitApiUrl = new Uri("https://bybit.sim"),
            CoinbaseApiUrl = new Uri("https://coinbase.sim"),
            FallbackOrder = [ExchangeId.Binance, ExchangeId.Bybit, ExchangeId.Coinbase],
            PushoverApiUrl = new Uri("https://" + ChannelServer.PushoverHost),
        };
        engine = new PipelineEngine(settings, Store, clock, logs, new EngineTuning { Runtime = runtime });
        var senders = engine.CreateSenders(new DeploymentSecrets(AppToken, world.Plan.Recipients[0].Key, null) { WebhookSecret = WebhookSecret, OperatorUserKey = world.Plan.OperatorKey });
        Deliveries = senders.Deliveries;
        Consumer = senders.FanOutConsumer;
        Watch = senders.CreateFanOutWatch(world.Plan.Interval);
        var queue = new InProcessSignalQueue();
        Cycle = senders.CreateCycle(new WatchedQueue(queue, this), queue);
        Recorder = senders.CreateRecorder(world.Plan.Interval);
    }

    public SimWorld World { get; }
    public string Name { get; }
    public bool Dead { get; private set; }

    /// <summary>Raised once, when the process dies.</summary>
    public event Action<SimProcess>? Died;

    internal IStore Store { get; }

    /// <summary>Started by a function invocation (a fan-out Worker); never by the local monitor.</summary>
    internal WorkDeadline Deadline => engine.Deadline;
    internal DeliveryService Deliveries { get; }
    /// <summary>The fan-out Worker's consumer, as the Worker function has it.</summary>
    internal FanOutConsumer Consumer { get; }

    /// <summary>The fan-out cycle watch, as the Watch function has it.</summary>
    internal FanOutWatch Watch { get; }
    internal LocalCycle Cycle { get; }
    internal CycleRecorder Recorder { get; }

    public void ThrowIfDead()
    {
        if (Dead)
            throw new ProcessDiedException(Name);
    }

    /// <summary>Whether (and where) the process handling a firing dies: a fixed function of the seed and the trigger, once per firing.</summary>
    public CrashStep CrashStepFor(string triggerId)
    {
        if (World.Crashed.Contains(triggerId) || World.Chance("crash|" + triggerId) >= World.Plan.CrashChance)
            return CrashStep.None;

        return (CrashStep)(1 + (int)(World.Chance("crash-step|" + triggerId) * 3));
    }

    /// <summary>Dies at a step boundary of a firing (or of anything): throws, so that the step goes no further.</summary>
    public void Die(string why, string? triggerId)
    {
        Kill(why, triggerId);
        throw new ProcessDiedException(Name);
    }

    /// <summary>Killed from outside (the machine goes down), wherever it is.</summary>
    public void Kill(string why, string? triggerId = null)
    {
        if (Dead)
            return;

        Dead = true;
        if (triggerId is not null)
            World.Crashed.Add(triggerId);
        World.Log.Processes.Add(new ProcessDied(Name, World.Time.Now, why, triggerId));
        Died?.Invoke(this);
    }

    /// <summary>Asks the monitor loop to stop after the cycle in progress (Ctrl+C, SIGTERM).</summary>
    public void Stop() => stopping = true;

    /// <summary>What a new process reads before its first cycle: the exchanges' health and the last cycle's start.</summary>
    public Task RestoreAsync() => Recorder.RestoreAsync(Cycle, CancellationToken.None);

    /// <summary><c>tradingalerts run</c>: a cycle every interval until stopped or dead.</summary>
    public Task RunLoopAsync() =>
        new MonitorLoop(World.Time, logs.CreateLogger<MonitorLoop>()).RunAsync(RunCycleAsync, World.Plan.Interval, _ => { }, stop.Token);

    /// <summary>One cycle as <c>run</c> and <c>check</c> run it, logged for the oracle with the alerts it held.</summary>
    public async Task<CycleRecord> RunCycleAsync(CancellationToken ct)
    {
        // The loop is told to stop here, between its waits: a wait cancelled while it runs would continue on the
        // thread pool (Task.Delay's cancellation does), outside the world's order. A dead process's loop ends so too.
        if (Dead || stopping)
        {
            stop.Cancel();
            throw new OperationCanceledException(stop.Token);
        }

        var started = World.Time.Now;
        batched = [];
        var ranThrough = false;
        try
        {
            var record = await Recorder.RunAsync(Cycle, ct);
            ranThrough = record.Report.Completed && !Dead;
            return record;
        }
        catch (Exception e) when (e is not ProcessDiedException && !Dead)
        {
            World.Log.Notes.Add($"{started:HH:mm:ss} {Name}: the cycle failed: {e.GetType().Name}: {e.Message}");
            World.Trace?.WriteLine(e);
            throw;
        }
        finally
        {
            World.Log.Processes.Add(new Evaluation(Name, LocalCycle.CycleIdAt(started), started, World.Time.Now, ranThrough, batched, started));
            batched = null;
        }
    }

    /// <summary>
    /// The Reader function's invocation for the schedule's <paramref name="scheduled"/> time: the armed alerts to the queue
    /// in the SQS message format; with none, one empty batch still wakes a Worker for the due deliveries.
    /// </summary>
    internal async Task ReadAsync(SimQueue queue, DateTimeOffset scheduled)
    {
        var cycleId = LocalCycle.CycleIdAt(scheduled);
        var since = scheduled - World.Plan.Interval;
        World.SnapshotTimes[cycleId] = World.Time.Now;
        var sink = new SerializingQueue(queue);
        var report = await engine.CreateReader(sink).RunAsync(cycleId, scheduled, since, CancellationToken.None);
        if (report.Batches == 0)
            await sink.EnqueueAsync([SignalBatch.Wake(cycleId, scheduled, since)], CancellationToken.None);
    }

    /// <summary>The Watch function's invocation for the schedule's <paramref name="scheduled"/> time: it judges the cycle of the period before.</summary>
    internal async Task WatchAsync(DateTimeOffset scheduled)
    {
        var previous = scheduled - World.Plan.Interval;
        await Watch.JudgeAsync(LocalCycle.CycleIdAt(previous), previous, CancellationToken.None);
        ThrowIfDead();
    }

    /// <summary>
    /// One Worker function invocation: its deadline starts, each message is consumed as the function consumes it (each
    /// logged for the oracle as an evaluation), then the due deliveries are retried. Returns the receipts of the
    /// messages done, for the event source mapping to delete.
    /// </summary>
    internal async Task<IReadOnlyList<long>> InvokeWorkerAsync(IReadOnlyList<ReceivedMessage> messages)
    {
        Deadline.Start(FanOutWorkerTimeout);
        var done = new List<long>();
        foreach (var message in messages)
        {
            var started = World.Time.Now;
            var read = SignalBatchMessage.ToQueueMessage(message.Id, message.Body);
            batched = read.Batch?.Signals.ToDictionary(s => s.Id, s => s.Status) ?? [];
            var ok = false;
            try
            {
                ok = (await Consumer.ConsumeAsync(read, CancellationToken.None)).Done;
                ThrowIfDead();
                if (ok)
                    done.Add(message.Receipt);
            }
            finally
            {
                if (read.Batch is { } batch)
                {
                    // Alerts sent whole are as the Reader read them; a market's, as they stood at the cycle's start (the
                    // Worker leaves out those that armed or fired since: it judges none by a price it may have had before).
                    var snapshotAt = batch.Markets.Count > 0 && batch.CycleStart is { } cycleStart ? cycleStart : World.SnapshotTimes.GetValueOrDefault(batch.CycleId, started);
                    World.Log.Processes.Add(new Evaluation(Name, batch.CycleId, started, World.Time.Now, ok && !Dead, batched, snapshotAt));
                }

                batched = null;
            }
        }

        await Consumer.RetryDueAsync(CancellationToken.None);
        ThrowIfDead();
        return done;
    }

    /// <summary>Adds every armed alert of the market, as the store holds it now, to the evaluation under way.</summary>
    internal async Task HoldMarketAsync(IStore store, ExchangeId exchange, string symbol, CancellationToken ct)
    {
        if (batched is not { } held)
            return;
        await foreach (var signal in store.ListArmedAsync(ct))
        {
            if (signal.Exchange == exchange && signal.Symbol == symbol)
                held.TryAdd(signal.Id, signal.Status);
        }
    }

    /// <summary>The Worker function's timeout in the CDK app.</summary>
    public static readonly TimeSpan FanOutWorkerTimeout = TimeSpan.FromSeconds(180);

    public void Dispose()
    {
        engine.Dispose();
        stop.Dispose();
    }

    /// <summary>The process's wire: every request goes to the world's servers.</summary>
    private sealed class Wire(SimWorld world, SimProcess process) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            world.RouteAsync(request, process, cancellationToken);
    }

    /// <summary>The Reader function's sink: each batch as one message body, as the SQS queue gets it.</summary>
    private sealed class SerializingQueue(SimQueue queue) : ISignalQueue
    {
        public Task EnqueueAsync(IReadOnlyList<SignalBatch> batches, CancellationToken ct)
        {
            foreach (var batch in batches)
                queue.Send(SignalBatchMessage.Serialize(batch));
            return Task.CompletedTask;
        }
    }

    /// <summary>The Reader's queue, watched: which alerts (and in which status) the cycle's batches held.</summary>
    private sealed class WatchedQueue(ISignalQueue queue, SimProcess process) : ISignalQueue
    {
        public Task EnqueueAsync(IReadOnlyList<SignalBatch> batches, CancellationToken ct)
        {
            foreach (var signal in batches.SelectMany(b => b.Signals))
                process.batched?.TryAdd(signal.Id, signal.Status);
            return queue.EnqueueAsync(batches, ct);
        }
    }
}
