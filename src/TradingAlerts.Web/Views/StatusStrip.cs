using System.Globalization;
using TradingAlerts.Core.Pipeline;
using TradingAlerts.Core.Prices;

namespace TradingAlerts.Web.Views;

/// <summary>The strip on every page: each exchange's health and when the last cycle finished.</summary>
/// <param name="LastCycle">Null when no cycle has been recorded: the health shown is then this process's own.</param>
/// <param name="Monitor">The monitor loop's live state when it runs in this process; null otherwise.</param>
public sealed record StatusView(DateTimeOffset? LastCycle, IReadOnlyList<ExchangeStatus> Exchanges, LiveMonitor? Monitor = null);

/// <param name="NextCycleIn">Null while a cycle runs.</param>
/// <param name="LastSummary">What the loop's last cycle did ("3 checked, 1 fired, 1 notified"); null before its first ended.</param>
public sealed record LiveMonitor(TimeSpan? NextCycleIn, string? LastSummary)
{
    /// <summary>Whole seconds, rounded up: "in 0 s" only when the cycle is due.</summary>
    public string? NextCycleText => NextCycleIn is { } next
        ? string.Create(CultureInfo.InvariantCulture, $"{Math.Ceiling(next.TotalSeconds):0} s")
        : null;
}

/// <summary>
/// The monitor (<c>tradingalerts run</c>, or the cloud pipeline) records each cycle with the exchanges' health; the
/// strip shows the newest record, or, before any cycle, what this process learnt from its own requests. When the
/// loop runs in this process (<c>run</c>), its own state comes first: the cycle it just finished and when the next starts.
/// </summary>
public sealed class StatusStrip(ICycleLog cycles, ExchangeHealth health, PriceCheck check, MonitorState<CycleRecord>? monitor = null)
{
    public async Task<StatusView> ReadAsync(CancellationToken ct)
    {
        var live = monitor is null ? null : Live(monitor);
        if (monitor?.Current.LastReport is { } own)
            return new StatusView(own.FinishedAt, own.Health, live);

        var last = (await cycles.RecentAsync(1, ct)).FirstOrDefault();
        return last is null
            ? new StatusView(null, health.Snapshot(check.Exchanges), live)
            : new StatusView(last.FinishedAt, last.Health, live);
    }

    private static LiveMonitor Live(MonitorState<CycleRecord> state) =>
        new(state.UntilNextCycle, state.Current.LastReport is { } record ? Summary(record.Report) : null);

    /// <summary>The counts a trader looks for first; failures only when there were some.</summary>
    public static string Summary(CycleReport report)
    {
        var parts = new List<string>
        {
            $"{report.Checked} checked",
            $"{report.Fired} fired",
            $"{report.Notified} notified",
        };
        if (report.NotificationFailures > 0)
            parts.Add($"{report.NotificationFailures} notification failures");
        if (report.CheckFailures.Count + report.UnlistedCheckFailures is > 0 and var notChecked)
            parts.Add($"{notChecked} not checked");
        if (report.FailedBatches > 0)
            parts.Add($"{report.FailedBatches} failed batches");
        return string.Join(", ", parts);
    }
}
