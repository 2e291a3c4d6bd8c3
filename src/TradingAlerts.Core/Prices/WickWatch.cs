using Microsoft.Extensions.Logging;
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
}

/// <summary>
/// A near miss to look up: the alert, the levels it fires at (a band has two), the last price and the exchange whose
/// price it is, and since when the alert has been armed: no price from before that counts.
/// </summary>
public sealed record NearMiss(string SignalId, ExchangeId Exchange, string Symbol, IReadOnlyList<Trigger> Triggers, decimal LastPrice, DateTimeOffset ArmedSince);

/// <summary>What a look-up found.</summary>
/// <param name="Touches">The alerts whose level was touched, with the high or low that touched it.</param>
/// <param name="NotLookedAt">The alerts whose history could not be had (the exchange failed, or the request bound was reached).</param>
/// <param name="UnresolvedArmingMinutes">
/// Alerts whose arming minute could not be told apart finely (the exchange's recent trades did not reach back to the
/// arming): only the prices surely after it counted.
/// </param>
public sealed record TouchReport(IReadOnlyDictionary<string, decimal> Touches, IReadOnlyList<string> NotLookedAt, int UnresolvedArmingMinutes);

/// <summary>
/// No crossing missed between polls, and none made up: for the alerts near their target, the one-minute candles since
/// the previous check tell whether the price touched the target and came back. A candle that holds the moment an alert
/// armed cannot tell which of its prices came after it, so that minute is read finely (one-second candles, recent
/// trades) from the arming on. One candle request per symbol and cycle, bounded per exchange.
/// </summary>
public sealed class WickWatch(IEnumerable<ICandleSource> sources, TimeProvider clock, WickOptions options, ILogger<WickWatch> logger)
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    private readonly Dictionary<ExchangeId, ICandleSource> sources = sources.ToDictionary(s => s.Exchange);
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly Dictionary<(ExchangeId, string, DateTimeOffset, DateTimeOffset), Task<IReadOnlyList<Candle>?>> candles = [];
    private readonly Dictionary<(ExchangeId, string, DateTimeOffset, DateTimeOffset), Task<FinePrices?>> fine = [];
    private readonly Dictionary<ExchangeId, int> requests = [];
    private string? cycleId;

    public bool IsNearMiss(decimal target, decimal lastPrice) =>
        lastPrice > 0m && Math.Abs(target - lastPrice) / lastPrice <= options.Band;

    /// <summary>
    /// For each near miss whose level was touched since the previous check (<paramref name="since"/>, capped at
    /// <see cref="WickOptions.MaxLookBack"/>) and since it armed: the high or low that touched it.
    /// </summary>
    public async Task<TouchReport> FindTouchesAsync(string cycle, DateTimeOffset? since, IReadOnlyList<NearMiss> nearMisses, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var lookBack = Clamp(since ?? now - options.DefaultLookBack, now - options.MaxLookBack, now);
        var touches = new Dictionary<string, decimal>();
        var notLookedAt = new List<string>();
        var unresolved = 0;
        foreach (var symbol in nearMisses.GroupBy(m => (m.Exchange, m.Symbol)).OrderBy(g => g.Min(Distance)))
        {
            var misses = symbol.OrderBy(Distance).ToList();
            var history = await CandlesAsync(cycle, symbol.Key.Exchange, symbol.Key.Symbol, misses.Min(m => WindowStart(m, lookBack, now)), now, ct);
            foreach (var miss in misses)
            {
                var seen = history is null ? null : await PricesSinceArmingAsync(cycle, miss, misses, history, WindowStart(miss, lookBack, now), now, ct);
                if (seen is not { } prices)
                {
                    notLookedAt.Add(miss.SignalId);
                    continue;
                }

                if (!prices.Resolved)
                    unresolved++;
                if (prices.High is not { } high || prices.Low is not { } low)
                    continue;

                foreach (var trigger in miss.Triggers)
                {
                    var extreme = trigger.Direction == Condition.Above ? high : low;
                    if (trigger.Direction.IsMetBy(extreme, trigger.Level))
                    {
                        touches[miss.SignalId] = extreme;
                        break;
                    }
                }
            }
        }

        return new TouchReport(touches, notLookedAt, unresolved);
    }

    /// <summary>
    /// The price <paramref name="window"/> ago, for percent-move alerts: the close of the one-minute candle that ends at
    /// that minute. One candle request per symbol and window in a cycle, within the same per-exchange bound; null when
    /// the exchange cannot answer or the bound is reached.
    /// </summary>
    public async Task<decimal?> PriceAgoAsync(string cycle, ExchangeId exchange, string symbol, TimeSpan window, CancellationToken ct)
    {
        var minute = Floor(clock.GetUtcNow() - window, Minute);
        var history = await CandlesAsync(cycle, exchange, symbol, minute - Minute, minute, ct);
        return history is { Count: > 0 } ? history[^1].Close : null;
    }

    private static decimal Distance(NearMiss miss) => miss.Triggers.Min(t => Math.Abs(t.Level - miss.LastPrice)) / miss.LastPrice;

    /// <summary>Where an alert's window opens: at the look-back's start, or later if it armed later; never after now.</summary>
    private static DateTimeOffset WindowStart(NearMiss miss, DateTimeOffset lookBack, DateTimeOffset now) =>
        Clamp(miss.ArmedSince > lookBack ? miss.ArmedSince : lookBack, DateTimeOffset.MinValue, now);

    private readonly record struct SeenPrices(decimal? High, decimal? Low, bool Resolved);

    /// <summary>
    /// The high and low since <paramref name="windowStart"/>, counting no price from before the alert armed: whole
    /// candles after the arming minute, and the arming minute itself from its finer prices. Null when what is needed
    /// could not be had. Where the finer prices do not reach back to the arming, only those surely after it count (the
    /// trades returned, and the minute's close once it has ended): the safe side, reported as unresolved.
    /// </summary>
    private async Task<SeenPrices?> PricesSinceArmingAsync(
        string cycle, NearMiss miss, IReadOnlyList<NearMiss> sameSymbol, IReadOnlyList<Candle> history, DateTimeOffset windowStart, DateTimeOffset now, CancellationToken ct)
    {
        var armedMinute = Floor(miss.ArmedSince, Minute);
        if (armedMinute + Minute <= windowStart)
            return Extremes(history.Where(c => c.OpenTime + Minute > windowStart).Select(c => (c.High, c.Low)), resolved: true);

        // The window opens in the minute the alert armed: that minute's candle also holds prices from before the arming.
        var after = history.Where(c => c.OpenTime > armedMinute).Select(c => (c.High, c.Low)).ToList();
        var from = sameSymbol.Where(m => Floor(m.ArmedSince, Minute) == armedMinute).Min(m => m.ArmedSince);
        var to = armedMinute + Minute < now ? armedMinute + Minute : now;
        var finer = await FineAsync(cycle, miss.Exchange, miss.Symbol, from, to, ct);
        if (finer is null)
            return null;

        var armedSecond = Floor(miss.ArmedSince, TimeSpan.FromSeconds(1));
        after.AddRange(finer.Points.Where(p => p.Time >= armedSecond).Select(p => (p.High, p.Low)));
        if (!finer.ReachesBack && history.FirstOrDefault(c => c.OpenTime == armedMinute) is { } armingMinute && armedMinute + Minute <= now)
            after.Add((armingMinute.Close, armingMinute.Close));

        return Extremes(after, finer.ReachesBack);
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
                if (!sources.TryGetValue(exchange, out var source))
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
