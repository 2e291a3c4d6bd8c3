using TradingAlerts.Core.Notifications;
using TradingAlerts.Core.Pipeline;
using TradingAlerts.Core.Prices;
using TradingAlerts.Core.Signals;

namespace TradingAlerts.Core.Analytics;

/// <summary>
/// Puts <see cref="PeriodStats"/> together from what the store already keeps: the period's deliveries (each firing's
/// channels), the cycle log's day tallies, and the alerts. It writes nothing and asks no exchange.
/// </summary>
public sealed class StatsReport(ISignalStore signals, IDeliveryStore deliveries, ICycleLog cycles, TimeProvider clock)
{
    /// <summary>The longest period asked for: the cycle log keeps its tallies this long.</summary>
    public static readonly TimeSpan LongestPeriod = TimeSpan.FromDays(CycleTally.KeepDays);

    public const string DefaultPeriod = "7d";

    /// <summary>The period <paramref name="text"/> says (<c>24h</c>, <c>7d</c>), or an error naming what is allowed.</summary>
    public static bool TryParsePeriod(string? text, out TimeSpan period, out string? error) =>
        DurationText.TryParsePeriod(text, LongestPeriod, out period, out error);

    /// <summary>Everyone's figures: every firing and delivery of the period, also those of alerts since removed.</summary>
    public Task<PeriodStats> ForAsync(TimeSpan period, CancellationToken ct) => ForAsync(period, counts: null, ct);

    /// <summary>
    /// The figures of the alerts <paramref name="counts"/> takes (e.g. one owner's), or everyone's when it is null. With a
    /// scope only the firings and deliveries of alerts still in the store count: a removed alert has no owner left to
    /// tell whose it was, and the expiry summaries are no one alert's. The cycles and exchanges are the monitor's, not
    /// any alert's, so every scope shows them whole.
    /// </summary>
    public async Task<PeriodStats> ForAsync(TimeSpan period, Func<Signal, bool>? counts, CancellationToken ct)
    {
        var to = clock.GetUtcNow();
        var from = to - period;
        var alerts = await signals.ListAsync(ct).Where(s => counts is null || counts(s)).ToDictionaryAsync(s => s.Id, StringComparer.Ordinal, ct);
        // In a scope a delivery counts when its alert is one of the scope's: that leaves out a removed alert's and the
        // expiry summaries (their SignalId is no alert's).
        var fired = await deliveries.ListDeliveriesFiredAsync(from, to, ct)
            .Where(d => counts is null || alerts.ContainsKey(d.SignalId))
            .ToListAsync(ct);

        var firings = fired
            .Where(d => d.SignalId != WorkerService.ExpirySummaryId)
            .GroupBy(d => (d.SignalId, d.CycleId))
            .Select(g => new Firing(g.Key.SignalId, g.Min(d => d.FiredAt), SymbolOf(g.First(), alerts)))
            .ToList();

        var firstDay = DayOf(from);
        var tallies = await cycles.TalliesAsync(firstDay, DayOf(to), ct);
        return new PeriodStats(
            from,
            to,
            firings.Count,
            Days(firings, firstDay, DayOf(to)),
            [.. firings.GroupBy(f => f.Symbol, StringComparer.Ordinal).Select(g => new SymbolFirings(g.Key, g.Count())).OrderByDescending(s => s.Firings).ThenBy(s => s.Symbol, StringComparer.Ordinal)],
            [.. ChannelNames.All.Select(channel => Channel(channel, fired.Where(d => d.Channel == channel).ToList())).Where(c => c.Deliveries > 0)],
            Cycles(tallies, new DateTimeOffset(firstDay.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)),
            Exchanges(tallies),
            MostFired(firings, alerts),
            [.. alerts.Values.Where(a => a.IsArmed && firings.All(f => f.SignalId != a.Id)).OrderBy(a => a.CreatedAt).Select(a => new QuietAlert(a.Id, a.Name, a.Symbol, a.CreatedAt))]);
    }

    private sealed record Firing(string SignalId, DateTimeOffset FiredAt, string Symbol);

    private static DateOnly DayOf(DateTimeOffset time) => DateOnly.FromDateTime(time.UtcDateTime);

    /// <summary>The firing's symbol as it was told (a removed alert's firings keep theirs); the alert's for a firing recorded without its facts.</summary>
    private static string SymbolOf(Delivery delivery, IReadOnlyDictionary<string, Signal> alerts) =>
        delivery.Facts?.Symbol ?? alerts.GetValueOrDefault(delivery.SignalId)?.Symbol ?? "?";

    private static List<DayFirings> Days(List<Firing> firings, DateOnly first, DateOnly last)
    {
        var days = new List<DayFirings>();
        for (var day = first; day <= last; day = day.AddDays(1))
        {
            var ofDay = firings.Where(f => DayOf(f.FiredAt) == day).ToList();
            days.Add(new DayFirings(day, ofDay.Count, ofDay.GroupBy(f => f.Symbol, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal)));
        }

        return days;
    }

    private static ChannelStats Channel(Channels channel, List<Delivery> ofChannel)
    {
        var sent = ofChannel.Where(d => d.DeliveryStatus == DeliveryStatus.Sent).ToList();
        var failed = ofChannel.Count(d => d.DeliveryStatus == DeliveryStatus.Failed);
        var pending = ofChannel.Where(d => d.DeliveryStatus == DeliveryStatus.Pending).ToList();
        var latencies = sent.Where(d => d.SentAt is not null).Select(d => (long)(d.SentAt!.Value - d.FiredAt).TotalMilliseconds).Order().ToList();
        return new ChannelStats(
            channel.ToWire(),
            ofChannel.Count,
            sent.Count,
            failed,
            pending.Count,
            pending.Count(d => d.Held),
            sent.Count + failed == 0 ? null : Math.Round((decimal)sent.Count / (sent.Count + failed), 4),
            Percentile(latencies, 50),
            Percentile(latencies, 95));
    }

    /// <summary>The nearest-rank percentile: the smallest value with at least <paramref name="percent"/> % of the values at or below it.</summary>
    private static long? Percentile(List<long> sorted, int percent) =>
        sorted.Count == 0 ? null : sorted[Math.Max(0, (int)Math.Ceiling(percent / 100.0 * sorted.Count) - 1)];

    private static CycleStats Cycles(IReadOnlyList<DayTally> tallies, DateTimeOffset from)
    {
        long Sum(string name) => tallies.Sum(t => t[name]);
        var recorded = Sum(CycleTally.Cycles);
        return new CycleStats(
            from,
            recorded,
            Sum(CycleTally.Completed),
            Sum(CycleTally.BrokenOff),
            Sum(CycleTally.FailedBatches),
            Sum(CycleTally.Checked),
            Sum(CycleTally.NotChecked),
            recorded == 0 ? null : Sum(CycleTally.DurationMs) / recorded);
    }

    private static List<ExchangeStats> Exchanges(IReadOnlyList<DayTally> tallies)
    {
        long Sum(string name) => tallies.Sum(t => t[name]);
        return
        [
            .. Enum.GetValues<ExchangeId>()
                .Select(e => new ExchangeStats(
                    e.ToWire(),
                    Sum(CycleTally.InState(e, ExchangeState.Ok)),
                    Sum(CycleTally.InState(e, ExchangeState.Degraded)),
                    Sum(CycleTally.InState(e, ExchangeState.Down)),
                    Sum(CycleTally.Requests(e)),
                    Sum(CycleTally.FallbackUses(e))))
                .Where(e => e.Up + e.Degraded + e.Down + e.Requests + e.FallbackUses > 0),
        ];
    }

    private static List<AlertFirings> MostFired(List<Firing> firings, IReadOnlyDictionary<string, Signal> alerts) =>
    [
        .. firings.GroupBy(f => f.SignalId, StringComparer.Ordinal)
            .Where(g => g.Count() > 1)
            .Select(g => new AlertFirings(g.Key, alerts.GetValueOrDefault(g.Key)?.Name ?? "(removed)", g.First().Symbol, g.Count()))
            .OrderByDescending(a => a.Firings)
            .ThenBy(a => a.Id, StringComparer.Ordinal)
            .Take(10),
    ];
}
