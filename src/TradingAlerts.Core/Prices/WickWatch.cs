using Microsoft.Extensions.Logging;
using TradingAlerts.Core.Pipeline;
using TradingAlerts.Core.Signals;

namespace TradingAlerts.Core.Prices;

public sealed record WickOptions
{
    /// <summary>
    /// Only alerts whose target lies within this fraction of the last price are looked up in the candles: a price that
    /// went further than that and came back within one interval is not detected. 0.05 = 5 %.
    /// </summary>
    public decimal Band { get; init; } = 0.05m;

    /// <summary>How far back the candles are read when the previous check's time is unknown (the first cycle ever).</summary>
    public TimeSpan DefaultLookBack { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The cap on the look-back: after downtime, crossings older than this are not reported.</summary>
    public TimeSpan MaxLookBack { get; init; } = TimeSpan.FromHours(1);

    /// <summary>At most this many history requests (candles, finer prices) per exchange and cycle; the targets nearest the price go first.</summary>
    public int MaxRequestsPerExchange { get; init; } = 50;

    /// <summary>Whether a level lies within <see cref="Band"/> of the last price: near enough for its candles to be looked at.</summary>
    public bool IsNear(decimal target, decimal lastPrice) =>
        lastPrice > 0m && Math.Abs(target - lastPrice) / lastPrice <= Band;
}

/// <summary>
/// A near miss to look up: the alert, the levels it fires at (a band has two), the last price and the exchange whose
/// price it is, and since when the alert has been armed: no price from before that counts. <paramref name="Until"/> is
/// its expiry when it expired since the previous check: its last stretch is looked at, and no price after it counts.
/// </summary>
public sealed record NearMiss(string SignalId, ExchangeId Exchange, string Symbol, IReadOnlyList<Trigger> Triggers, decimal LastPrice, DateTimeOffset ArmedSince, DateTimeOffset? Until = null);

/// <summary>What a look-up found.</summary>
/// <param name="Touches">The alerts whose level was touched, with the high or low that touched it.</param>
/// <param name="NotLookedAt">The alerts whose history could not be had (the exchange failed, or the request bound was reached).</param>
/// <param name="UnresolvedEdgeMinutes">
/// Alerts whose arming or expiry minute could not be told apart finely (the exchange's recent trades did not reach
/// back far enough): only the prices surely within the alert's life counted.
/// </param>
/// <param name="Ranges">Each symbol whose candles were read: the high and low of those candles (the price history keeps them).</param>
public sealed record TouchReport(
    IReadOnlyDictionary<string, decimal> Touches,
    IReadOnlyList<string> NotLookedAt,
    int UnresolvedEdgeMinutes,
    IReadOnlyDictionary<(ExchangeId Exchange, string Symbol), (decimal High, decimal Low)> Ranges);

/// <summary>
/// No crossing missed between polls, and none made up: for the alerts near their target, the one-minute candles since
/// the previous check tell whether the price touched the target and came back. A candle that holds the moment an alert
/// armed (or expired) cannot tell which of its prices came after (or before) it, so that minute is read finely
/// (one-second candles, recent trades). One candle request per symbol and cycle, bounded per exchange.
/// </summary>
public sealed class WickWatch(IEnumerable<ICandleSource> sources, TimeProvider clock, WickOptions options, WorkDeadline deadline, ILogger<WickWatch> logger)
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    private readonly Dictionary<ExchangeId, ICandleSource> sources = sources.ToDictionary(s => s.Exchange);
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly Dictionary<(ExchangeId, string, DateTimeOffset, DateTimeOffset), Task<IReadOnlyList<Candle>?>> candles = [];
    private readonly Dictionary<(ExchangeId, string, DateTimeOffset, DateTimeOffset), Task<FinePrices?>> fine = [];
    private readonly Dictionary<ExchangeId, int> requests = [];
    private string? cycleId;

    public bool IsNearMiss(decimal target, decimal lastPrice) => options.IsNear(target, lastPrice);

    /// <summary>How near a level the price must be for its candles to be looked at (<see cref="WickOptions.Band"/>): the trigger book is read that far.</summary>
    public decimal Band => options.Band;

    /// <summary>
    /// For each near miss whose level was touched since the previous check (<paramref name="since"/>, capped at
    /// <see cref="WickOptions.MaxLookBack"/>), since it armed and before it expired: the high or low that touched it.
    /// </summary>
    public async Task<TouchReport> FindTouchesAsync(string cycle, DateTimeOffset? since, IReadOnlyList<NearMiss> nearMisses, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var lookBack = Clamp(since ?? now - options.DefaultLookBack, now - options.MaxLookBack, now);
        var touches = new Dictionary<string, decimal>();
        var notLookedAt = new List<string>();
        var unresolved = 0;
        var ranges = new Dictionary<(ExchangeId, string), (decimal, decimal)>();
        var windows = nearMisses.ToDictionary(m => m.SignalId, m => WindowOf(m, lookBack, now));
        var open = nearMisses.Where(m => windows[m.SignalId].Start < windows[m.SignalId].End);
        foreach (var symbol in open.GroupBy(m => (m.Exchange, m.Symbol)).OrderBy(g => g.Min(Distance)))
        {
            var misses = symbol.OrderBy(Distance).ToList();
            var history = await CandlesAsync(cycle, symbol.Key.Exchange, symbol.Key.Symbol, misses.Min(m => windows[m.SignalId].Start), now, ct);
            if (history is { Count: > 0 })
                ranges[symbol.Key] = (history.Max(c => c.High), history.Min(c => c.Low));
            foreach (var miss in misses)
            {
                var seen = history is null ? null : await PricesWithinAsync(cycle, miss, misses, history, windows[miss.SignalId], now, ct);
                if (seen is not { } prices)
                {
                    notLookedAt.Add(miss.SignalId);
                    continue;
                }

                if (!prices.Resolved)
                    unresolved++;
                if (prices.High is not { } high || prices.Low is not { } low)
                    continue;

                if (SignalCheck.Touched(miss.Triggers, high, low) is { } extreme)
                    touches[miss.SignalId] = extreme;
            }
        }

        return new TouchReport(touches, notLookedAt, unresolved, ranges);
    }

    /// <summary>
    /// The price at <paramref name="at"/> (a window before a price was seen), for percent-move alerts: the close of the
    /// one-minute candle that ends at that minute. One candle request per symbol and minute in a cycle, within the same
    /// per-exchange bound; null when the exchange cannot answer or the bound is reached.
    /// </summary>
    public async Task<decimal?> PriceAtAsync(string cycle, ExchangeId exchange, string symbol, DateTimeOffset at, CancellationToken ct)
    {
        var opens = PriceCandleAt(at);
        var history = await CandlesAsync(cycle, exchange, symbol, opens, opens + Minute, ct);
        return history is { Count: > 0 } ? history[^1].Close : null;
    }

    /// <summary>When the candle opens whose close is the price at <paramref name="at"/>: the last one that ended by then.</summary>
    public static DateTimeOffset PriceCandleAt(DateTimeOffset at) => Floor(at, Minute) - Minute;

    private static decimal Distance(NearMiss miss) => miss.Triggers.Min(t => Math.Abs(t.Level - miss.LastPrice)) / miss.LastPrice;

    /// <summary>
    /// The span an alert's prices are read from: from the look-back's start, or later if it armed later; up to now, or
    /// its expiry if that came first. Empty when it armed or expired before the look-back.
    /// </summary>
    private static (DateTimeOffset Start, DateTimeOffset End) WindowOf(NearMiss miss, DateTimeOffset lookBack, DateTimeOffset now) =>
        (Clamp(miss.ArmedSince > lookBack ? miss.ArmedSince : lookBack, DateTimeOffset.MinValue, now), miss.Until is { } until && until < now ? until : now);

    private readonly record struct SeenPrices(decimal? High, decimal? Low, bool Resolved);

    /// <summary>
    /// The high and low within the alert's window, counting no price from before it armed or after it expired: whole
    /// candles between, and the minute it armed in (or expired in) from its finer prices. Null when what is needed could
    /// not be had. Where the finer prices do not reach back far enough, only those surely within the window count (the
    /// trades returned, and the arming minute's close once it has ended within the window): the safe side, reported as
    /// unresolved.
    /// </summary>
    private async Task<SeenPrices?> PricesWithinAsync(
        string cycle, NearMiss miss, IReadOnlyList<NearMiss> sameSymbol, IReadOnlyList<Candle> history, (DateTimeOffset Start, DateTimeOffset End) window, DateTimeOffset now, CancellationToken ct)
    {
        var (start, end) = window;
        var armedMinute = Floor(miss.ArmedSince, Minute);
        var endMinute = Floor(end, Minute);
        var opensInArmingMinute = Floor(miss.ArmedSince, Second) > armedMinute && armedMinute + Minute > start;
        var closesInsideMinute = end < now && end > endMinute;
        bool WithinEnd(DateTimeOffset time) => end == now || time < end;

        // Whole candles: after the arming minute (or from the look-back's), and before the one that holds the expiry.
        var wholeFrom = opensInArmingMinute ? armedMinute + Minute : Floor(start, Minute);
        var wholeTo = end < now ? endMinute : DateTimeOffset.MaxValue;
        var seen = history.Where(c => c.OpenTime >= wholeFrom && c.OpenTime < wholeTo).Select(c => (c.High, c.Low)).ToList();
        var resolved = true;

        if (opensInArmingMinute)
        {
            // That minute's candle also holds prices from before the arming: read it finely, to the second (the finest
            // the one-second candles tell, and a price seen took a moment to arrive), in one request for the alerts on
            // this symbol that armed in the same minute.
            var from = Floor(sameSymbol.Where(m => Floor(m.ArmedSince, Minute) == armedMinute).Min(m => m.ArmedSince), Second);
            var to = armedMinute + Minute < now ? armedMinute + Minute : now;
            var finer = await FineAsync(cycle, miss.Exchange, miss.Symbol, from, to, ct);
            if (finer is null)
                return null;

            var armedSecond = Floor(miss.ArmedSince, Second);
            seen.AddRange(finer.Points.Where(p => p.Time >= armedSecond && WithinEnd(p.Time)).Select(p => (p.High, p.Low)));
            resolved = finer.ReachesBack;
            if (!finer.ReachesBack && armedMinute + Minute <= end && history.FirstOrDefault(c => c.OpenTime == armedMinute) is { } armingMinute)
                seen.Add((armingMinute.Close, armingMinute.Close));
        }

        if (closesInsideMinute && !(opensInArmingMinute && endMinute == armedMinute))
        {
            // The expiry minute's candle also holds prices from after the expiry: only its finer prices up to the expiry count.
            var finer = await FineAsync(cycle, miss.Exchange, miss.Symbol, endMinute, end, ct);
            if (finer is null)
                return null;

            seen.AddRange(finer.Points.Where(p => WithinEnd(p.Time)).Select(p => (p.High, p.Low)));
            resolved &= finer.ReachesBack;
        }

        return Extremes(seen, resolved);
    }

    private static SeenPrices Extremes(IEnumerable<(decimal High, decimal Low)> prices, bool resolved)
    {
        decimal? high = null, low = null;
        foreach (var (h, l) in prices)
        {
            high = high is null || h > high ? h : high;
            low = low is null || l < low ? l : low;
        }

        return new SeenPrices(high, low, resolved);
    }

    private Task<IReadOnlyList<Candle>?> CandlesAsync(string cycle, ExchangeId exchange, string symbol, DateTimeOffset from, DateTimeOffset to, CancellationToken ct) =>
        CachedAsync(candles, cycle, exchange, symbol, from, to, source => FetchAsync(source, symbol, "candles", () => source.GetMinuteCandlesAsync(symbol, Floor(from, Minute), to, ct)), ct);

    private Task<FinePrices?> FineAsync(string cycle, ExchangeId exchange, string symbol, DateTimeOffset from, DateTimeOffset to, CancellationToken ct) =>
        CachedAsync(fine, cycle, exchange, symbol, from, to, source => FetchAsync(source, symbol, "finer prices", () => source.GetFinePricesAsync(symbol, from, to, ct)), ct);

    /// <summary>
    /// One request per exchange, symbol and span in a cycle (a batch delivered again later in the cycle asks for its own
    /// span), within the per-exchange bound; null when the bound is reached or there is no source.
    /// </summary>
    private async Task<T?> CachedAsync<T>(
        Dictionary<(ExchangeId, string, DateTimeOffset, DateTimeOffset), Task<T?>> cache, string cycle, ExchangeId exchange, string symbol,
        DateTimeOffset from, DateTimeOffset to, Func<ICandleSource, Task<T?>> fetch, CancellationToken ct)
        where T : class
    {
        Task<T?> pending;
        await gate.WaitAsync(ct);
        try
        {
            if (cycle != cycleId)
            {
                candles.Clear();
                fine.Clear();
                requests.Clear();
                cycleId = cycle;
            }

            if (!cache.TryGetValue((exchange, symbol, from, to), out pending!))
            {
                var used = requests.GetValueOrDefault(exchange);
                if (!sources.TryGetValue(exchange, out var source) || deadline.Passed)
                    return null;
                if (used >= options.MaxRequestsPerExchange)
                {
                    logger.LogWarning("No more history requests to {Exchange} this cycle ({Limit} made); {Symbol} is looked at again next cycle", exchange, options.MaxRequestsPerExchange, symbol);
                    return null;
                }

                requests[exchange] = used + 1;
                cache[(exchange, symbol, from, to)] = pending = fetch(source);
            }
        }
        finally
        {
            gate.Release();
        }

        return await pending;
    }

    private async Task<T?> FetchAsync<T>(ICandleSource source, string symbol, string what, Func<Task<T>> fetch)
        where T : class
    {
        try
        {
            return await fetch();
        }
        catch (ExchangeUnavailableException e)
        {
            logger.LogWarning("No {What} for {Symbol} on {Exchange}; only the last price counts this cycle: {Reason}", what, symbol, source.Exchange, e.Reason);
            return null;
        }
    }

    private static DateTimeOffset Floor(DateTimeOffset time, TimeSpan unit) => new(time.UtcTicks - (time.UtcTicks % unit.Ticks), TimeSpan.Zero);

    private static DateTimeOffset Clamp(DateTimeOffset time, DateTimeOffset earliest, DateTimeOffset latest) =>
        time < earliest ? earliest : time > latest ? latest : time;
}
