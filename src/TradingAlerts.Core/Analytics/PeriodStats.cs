using System.Text.Json;
using System.Text.Json.Serialization;

namespace TradingAlerts.Core.Analytics;

/// <summary>
/// What fired, what was delivered and how healthy the monitor was over a period: the dashboard, <c>GET /api/stats</c>
/// and <c>tradingalerts stats</c> all show this one summary, so their figures cannot disagree.
/// </summary>
/// <param name="From">The period's start (now minus <c>--since</c>).</param>
/// <param name="To">The period's end: now.</param>
/// <param name="Firings">Crossings claimed in the period: one per alert and cycle, whatever the number of channels.</param>
/// <param name="Days">Each UTC day the period touches, oldest first, with its firings (days without any included).</param>
/// <param name="Symbols">Firings per symbol, most first.</param>
/// <param name="Channels">Each channel's deliveries of the period's firings, in the channels' order.</param>
/// <param name="Cycles">The cycles of the UTC days the period touches (the cycle log keeps a tally per day).</param>
/// <param name="Exchanges">Each exchange's state at the end of those cycles, and the requests it received.</param>
/// <param name="MostFired">The alerts that fired more than once in the period, most first (at most 10): candidates for a wider hysteresis or a cooldown.</param>
/// <param name="NeverFired">The armed alerts that did not fire in the period, oldest first.</param>
public sealed record PeriodStats(
    DateTimeOffset From,
    DateTimeOffset To,
    int Firings,
    IReadOnlyList<DayFirings> Days,
    IReadOnlyList<SymbolFirings> Symbols,
    IReadOnlyList<ChannelStats> Channels,
    CycleStats Cycles,
    IReadOnlyList<ExchangeStats> Exchanges,
    IReadOnlyList<AlertFirings> MostFired,
    IReadOnlyList<QuietAlert> NeverFired)
{
    public string ToJson() => JsonSerializer.Serialize(this, StatsJsonContext.Default.PeriodStats);
}

/// <param name="Symbols">The day's firings per symbol.</param>
public sealed record DayFirings(DateOnly Day, int Firings, IReadOnlyDictionary<string, int> Symbols);

public sealed record SymbolFirings(string Symbol, int Firings);

/// <param name="Channel">The channel's wire name (<c>pushover</c>, …).</param>
/// <param name="Deliveries">All of the channel's deliveries of the period's firings and summaries.</param>
/// <param name="Pending">Not sent yet: being retried, or held for quiet hours (<paramref name="Held"/> of them).</param>
/// <param name="SuccessRate">Sent of those that finished (sent or failed for good), 0 to 1; null when none finished.</param>
/// <param name="LatencyP50Ms">The median time from the crossing's detection to the service's acceptance, of the sent ones.</param>
/// <param name="LatencyP95Ms">The 95th percentile of that time (nearest rank).</param>
public sealed record ChannelStats(
    string Channel,
    int Deliveries,
    int Sent,
    int Failed,
    int Pending,
    int Held,
    decimal? SuccessRate,
    long? LatencyP50Ms,
    long? LatencyP95Ms);

/// <param name="From">The start of the first UTC day counted.</param>
/// <param name="Recorded">Cycles that ran to a record (completed, with failed batches, or broken off).</param>
/// <param name="Completed">Cycles that ran to their end with no failed batch.</param>
/// <param name="BrokenOff">Cycles that stopped before checking anything (the Reader or the queue failed).</param>
/// <param name="NotChecked">Alert checks that could not be made (no price, no candles), summed over the cycles.</param>
public sealed record CycleStats(
    DateTimeOffset From,
    long Recorded,
    long Completed,
    long BrokenOff,
    long FailedBatches,
    long Checked,
    long NotChecked,
    long? AverageDurationMs);

/// <param name="Exchange">The exchange's wire name.</param>
/// <param name="Up">Cycles that ended with its last request answered.</param>
/// <param name="Degraded">Cycles that ended with its last request failed (still asked).</param>
/// <param name="Down">Cycles that ended with its circuit open (not asked; its alerts priced from the fallbacks).</param>
/// <param name="FallbackUses">Prices its alerts got from a fallback exchange because it could not give them.</param>
public sealed record ExchangeStats(string Exchange, long Up, long Degraded, long Down, long Requests, long FallbackUses);

public sealed record AlertFirings(string Id, string Name, string Symbol, int Firings);

/// <param name="Since">When the alert was created.</param>
public sealed record QuietAlert(string Id, string Name, string Symbol, DateTimeOffset Since);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(PeriodStats))]
internal sealed partial class StatsJsonContext : JsonSerializerContext;
