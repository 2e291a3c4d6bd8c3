using Microsoft.Extensions.Logging;

namespace TradingAlerts.Core.Pipeline;

/// <summary>
/// Runs a cycle every interval until stopped. A stop request lets the cycle in progress finish; a failing cycle is
/// logged and the loop goes on.
/// </summary>
public sealed class MonitorLoop(TimeProvider clock, ILogger<MonitorLoop> logger)
{
    /// <returns>How many cycles ran.</returns>
    public async Task<int> RunAsync<TReport>(Func<CancellationToken, Task<TReport>> runCycle, TimeSpan interval, Action<TReport> onCycle, CancellationToken stop)
    {
        var cycles = 0;
        while (!stop.IsCancellationRequested)
        {
            var started = clock.GetTimestamp();
            try
            {
                // The cycle is not handed the stop token: a stop request waits for it to finish.
                onCycle(await runCycle(CancellationToken.None));
            }
            catch (Exception e)
            {
                logger.LogError(e, "Cycle failed; the next one runs as scheduled");
            }

            cycles++;
            var wait = interval - clock.GetElapsedTime(started);
            if (wait <= TimeSpan.Zero)
                continue;

            try
            {
                await Task.Delay(wait, clock, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return cycles;
    }
}
