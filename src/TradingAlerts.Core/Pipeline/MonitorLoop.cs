using Microsoft.Extensions.Logging;

namespace TradingAlerts.Core.Pipeline;

/// <summary>
/// Runs a cycle every interval until stopped. A stop request lets the cycle in progress finish; a failing cycle is
/// logged and the loop goes on.
/// </summary>
public sealed class MonitorLoop(TimeProvider clock, ILogger<MonitorLoop> logger)
{
    /// <param name="state">Told when each cycle starts and ends, for a reader in the same process (the web UI); may be null.</param>
    /// <returns>How many cycles ran.</returns>
    public async Task<int> RunAsync<TReport>(Func<CancellationToken, Task<TReport>> runCycle, TimeSpan interval, Action<TReport> onCycle, CancellationToken stop, MonitorState<TReport>? state = null)
        where TReport : class
    {
        var cycles = 0;
        while (!stop.IsCancellationRequested)
        {
            var started = clock.GetTimestamp();
            state?.CycleStarting();
            TReport? report = null;
            try
            {
                // The cycle is not handed the stop token: a stop request waits for it to finish.
                report = await runCycle(CancellationToken.None);
                onCycle(report);
            }
            catch (Exception e)
            {
                logger.LogError(e, "Cycle failed; the next one runs as scheduled");
            }

            cycles++;
            var wait = interval - clock.GetElapsedTime(started);
            if (wait <= TimeSpan.Zero)
            {
                state?.CycleEnded(report, TimeSpan.Zero);
                continue;
            }

            try
            {
                var next = Task.Delay(wait, clock, stop);
                // Told once the timer is set: whoever reads "next cycle at" may then move a fake clock past it.
                state?.CycleEnded(report, wait);
                await next;
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return cycles;
    }
}
