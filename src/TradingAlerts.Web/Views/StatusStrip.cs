using TradingAlerts.Core.Pipeline;
using TradingAlerts.Core.Prices;

namespace TradingAlerts.Web.Views;

/// <summary>The strip on every page: each exchange's health and when the last cycle finished.</summary>
/// <param name="LastCycle">Null when no cycle has been recorded: the health shown is then this process's own.</param>
public sealed record StatusView(DateTimeOffset? LastCycle, IReadOnlyList<ExchangeStatus> Exchanges);

/// <summary>
/// The monitor (<c>tradingalerts run</c>, or the cloud pipeline) records each cycle with the exchanges' health; the
/// strip shows the newest record, or, before any cycle, what this process learnt from its own requests.
/// </summary>
public sealed class StatusStrip(ICycleLog cycles, ExchangeHealth health, PriceCheck check)
{
    public async Task<StatusView> ReadAsync(CancellationToken ct)
    {
        var last = (await cycles.RecentAsync(1, ct)).FirstOrDefault();
        return last is null
            ? new StatusView(null, health.Snapshot(check.Exchanges))
            : new StatusView(last.FinishedAt, last.Health);
    }
}
