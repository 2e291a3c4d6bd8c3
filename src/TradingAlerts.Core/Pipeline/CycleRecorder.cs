using TradingAlerts.Core.Prices;
using TradingAlerts.Core.Signals;

namespace TradingAlerts.Core.Pipeline;

/// <summary>
/// Runs the monitor's cycles as every host does (<c>run</c>, <c>check</c>, the Monolith function): picks up where the
/// previous process left off, and keeps each cycle's record (its report, the requests each exchange received, their
/// health) after the operator watch had its look. A cycle that breaks off is recorded as such, then its error goes on.
/// </summary>
/// <param name="traffic">Requests that reached each exchange so far (retries included), read before and after a cycle.</param>
public sealed class CycleRecorder(OperatorWatch watch, ICycleLog log, CyclePrices prices, ExchangeHealth health, Func<IReadOnlyDictionary<ExchangeId, ExchangeTraffic>> traffic, TimeProvider clock)
{
    /// <summary>
    /// Takes over what the last recorded cycle knew: the exchanges' health (an open circuit stays open) and when it
    /// started (crossings between polls are looked for since then).
    /// </summary>
    public async Task RestoreAsync(LocalCycle cycle, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(cycle);
        if ((await log.RecentAsync(1, ct)).FirstOrDefault() is { } last)
        {
            health.Restore(last.Health);
            cycle.PreviousStart = last.Report.StartedAt;
        }
    }

    /// <summary>One cycle named by the time it starts, looking for crossings since the previous one.</summary>
    public Task<CycleRecord> RunAsync(LocalCycle cycle, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(cycle);
        return RecordAsync(LocalCycle.CycleIdAt(clock.GetUtcNow()), cycle.RunOnceAsync, ct);
    }

    /// <summary>One cycle named by its caller (the Monolith names it by the schedule's time), looking for crossings since <paramref name="since"/>.</summary>
    public Task<CycleRecord> RunAsync(LocalCycle cycle, string cycleId, DateTimeOffset? since, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(cycle);
        return RecordAsync(cycleId, token => cycle.RunAsync(cycleId, since, token), ct);
    }

    private async Task<CycleRecord> RecordAsync(string cycleId, Func<CancellationToken, Task<CycleReport>> run, CancellationToken ct)
    {
        var before = traffic();
        var startedAt = clock.GetUtcNow();
        CycleReport report;
        try
        {
            report = await run(ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await KeepAsync(CycleReport.BrokenOff(cycleId, startedAt, clock.GetUtcNow() - startedAt, e), before, ct);
            throw;
        }

        return await KeepAsync(report, before, ct);
    }

    private Task<CycleRecord> KeepAsync(CycleReport report, IReadOnlyDictionary<ExchangeId, ExchangeTraffic> before, CancellationToken ct)
    {
        var requests = ExchangeTraffic.Since(before, traffic()).ToDictionary(r => r.Key, r => r.Value.Requests);
        return watch.RecordAsync(
            new CycleRecord(report, clock.GetUtcNow(), requests, prices.Health()),
            ct);
    }
}
