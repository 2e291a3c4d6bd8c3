using TradingAlerts.Core.Prices;
using TradingAlerts.Core.Signals;

namespace TradingAlerts.Core.Pipeline;

/// <summary>
/// What one day's cycles add up to (UTC days, by each cycle's end). The cycle log keeps only the newest records, but a
/// tally per day for <see cref="CycleTally.KeepDays"/> days, so the dashboard can show a whole period. The counts are
/// named, so a store adds numbers without knowing what they mean.
/// </summary>
public sealed record DayTally(DateOnly Day, IReadOnlyDictionary<string, long> Counts)
{
    public long this[string name] => Counts.GetValueOrDefault(name);
}

/// <summary>The counts of <see cref="DayTally"/>, and how a cycle's record adds to them.</summary>
public static class CycleTally
{
    /// <summary>How long the cycle log keeps each day's tally: the longest period the dashboard shows.</summary>
    public const int KeepDays = 90;

    public const string Cycles = "cycles";
    public const string Completed = "completed";

    /// <summary>Cycles that stopped before they could check anything (the Reader or the queue failed).</summary>
    public const string BrokenOff = "broken_off";
    public const string FailedBatches = "failed_batches";
    public const string Checked = "checked";
    public const string NotChecked = "not_checked";
    public const string Fired = "fired";
    public const string Expired = "expired";
    public const string DurationMs = "duration_ms";

    /// <summary>Cycles that ended with <paramref name="exchange"/> in <paramref name="state"/>.</summary>
    public static string InState(ExchangeId exchange, ExchangeState state) => $"{exchange.ToWire()}_{state.ToString().ToLowerInvariant()}";

    /// <summary>Prices <paramref name="exchange"/>'s alerts got from a fallback exchange because it could not give them.</summary>
    public static string FallbackUses(ExchangeId exchange) => $"{exchange.ToWire()}_fallback_uses";

    /// <summary>Requests that reached <paramref name="exchange"/> (retries included).</summary>
    public static string Requests(ExchangeId exchange) => $"{exchange.ToWire()}_requests";

    public static DateOnly DayOf(CycleRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return DateOnly.FromDateTime(record.FinishedAt.UtcDateTime);
    }

    /// <summary>The oldest day a tally is kept for, when the newest cycle ended on <paramref name="today"/>.</summary>
    public static DateOnly OldestKept(DateOnly today) => today.AddDays(1 - KeepDays);

    /// <summary>What <paramref name="record"/> adds to its day.</summary>
    public static Dictionary<string, long> Of(CycleRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var report = record.Report;
        var counts = new Dictionary<string, long>(StringComparer.Ordinal)
        {
            [Cycles] = 1,
            [Completed] = report.Completed ? 1 : 0,
            [BrokenOff] = report.Error is null ? 0 : 1,
            [FailedBatches] = report.FailedBatches,
            [Checked] = report.Checked,
            [NotChecked] = report.NotChecked,
            [Fired] = report.Fired,
            [Expired] = report.Expired,
            [DurationMs] = (long)report.Duration.TotalMilliseconds,
        };
        foreach (var status in record.Health)
            counts[InState(status.Exchange, status.State)] = 1;
        foreach (var (exchange, requests) in record.Requests)
            counts[Requests(exchange)] = requests;
        foreach (var (exchange, uses) in report.FallbackUses)
            counts[FallbackUses(exchange)] = uses;
        return counts;
    }

    /// <summary>
    /// What recording <paramref name="record"/> changes, day by day, when it replaces <paramref name="replaced"/> (a
    /// retried invocation's record of the same cycle): the replaced counts come off, so a cycle counts once.
    /// </summary>
    public static IReadOnlyList<(DateOnly Day, Dictionary<string, long> Counts)> Changes(CycleRecord record, CycleRecord? replaced)
    {
        var added = (Day: DayOf(record), Counts: Of(record));
        if (replaced is null)
            return [added];

        var removed = (Day: DayOf(replaced), Counts: Of(replaced).ToDictionary(c => c.Key, c => -c.Value, StringComparer.Ordinal));
        if (removed.Day != added.Day)
            return [removed, added];

        foreach (var (name, value) in removed.Counts)
            added.Counts[name] = added.Counts.GetValueOrDefault(name) + value;
        return [(added.Day, added.Counts.Where(c => c.Value != 0).ToDictionary(StringComparer.Ordinal))];
    }
}
