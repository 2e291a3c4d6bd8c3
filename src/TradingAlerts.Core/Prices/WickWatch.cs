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

    /// <summary>At most this many candle requests per exchange and cycle; the targets nearest the price go first.</summary>
    public int MaxRequestsPerExchange { get; init; } = 50;
}

/// <summary>A near miss to look up: the alert, the last price and the exchange whose price it is.</summary>
public sealed record NearMiss(string SignalId, ExchangeId Exchange, string Symbol, Condition Condition, decimal Target, decimal LastPrice, DateTimeOffset ArmedSince);

/// <summary>
/// No crossing missed between polls: for the alerts near their target, the one-minute candles since the previous check
/// tell whether the price touched the target and came back. One request per symbol and cycle, bounded per exchange.
/// </summary>
public sealed class WickWatch(IEnumerable<ICandleSource> sources, TimeProvider clock, WickOptions options, ILogger<WickWatch> logger)
{
    private readonly Dictionary<ExchangeId, ICandleSource> sources = sources.ToDictionary(s => s.Exchange);
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly Dictionary<(ExchangeId, string, DateTimeOffset), Task<IReadOnlyList<Candle>?>> candles = [];
    private readonly Dictionary<ExchangeId, int> requests = [];
    private string? cycleId;

    public bool IsNearMiss(decimal target, decimal lastPrice) =>
        lastPrice > 0m && Math.Abs(target - lastPrice) / lastPrice <= options.Band;

    /// <summary>
    /// For each near miss whose target was touched since the previous check (<paramref name="since"/>, capped at
    /// <see cref="WickOptions.MaxLookBack"/>): the high or low that touched it.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, decimal>> FindTouchesAsync(string cycle, DateTimeOffset? since, IReadOnlyList<NearMiss> nearMisses, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var earliest = now - options.MaxLookBack;
        var from = since ?? now - options.DefaultLookBack;
        from = from < earliest ? earliest : from;
        var touches = new Dictionary<string, decimal>();
        foreach (var miss in nearMisses.OrderBy(m => Math.Abs(m.Target - m.LastPrice) / m.LastPrice))
        {
            var history = await CandlesAsync(cycle, miss.Exchange, miss.Symbol, from, now, ct);
            var armed = miss.ArmedSince > from ? miss.ArmedSince : from;
            var window = history?.Where(c => c.OpenTime.AddMinutes(1) > armed).ToList();
            if (window is not { Count: > 0 })
                continue;

            var extreme = miss.Condition == Condition.Above ? window.Max(c => c.High) : window.Min(c => c.Low);
            if (miss.Condition.IsMetBy(extreme, miss.Target))
                touches[miss.SignalId] = extreme;
        }

        return touches;
    }

    /// <summary>
    /// The price <paramref name="window"/> ago, for percent-move alerts: the close of the one-minute candle that ends at
    /// that minute. One candle request per symbol and window in a cycle, within the same per-exchange bound; null when
    /// the exchange cannot answer or the bound is reached.
    /// </summary>
    public async Task<decimal?> PriceAgoAsync(string cycle, ExchangeId exchange, string symbol, TimeSpan window, CancellationToken ct)
    {
        var at = clock.GetUtcNow() - window;
        var minute = new DateTimeOffset(at.Ticks - (at.Ticks % TimeSpan.TicksPerMinute), TimeSpan.Zero);
        var history = await CandlesAsync(cycle, exchange, symbol, minute.AddMinutes(-1), minute, ct);
        return history is { Count: > 0 } ? history[^1].Close : null;
    }

    private async Task<IReadOnlyList<Candle>?> CandlesAsync(string cycle, ExchangeId exchange, string symbol, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        Task<IReadOnlyList<Candle>?> pending;
        await gate.WaitAsync(ct);
        try
        {
            if (cycle != cycleId)
            {
                candles.Clear();
                requests.Clear();
                cycleId = cycle;
            }

            if (!candles.TryGetValue((exchange, symbol, from), out pending!))
            {
                var used = requests.GetValueOrDefault(exchange);
                if (!sources.TryGetValue(exchange, out var source) || used >= options.MaxRequestsPerExchange)
                    return null;

                requests[exchange] = used + 1;
                candles[(exchange, symbol, from)] = pending = FetchAsync(source, symbol, from, to, ct);
            }
        }
        finally
        {
            gate.Release();
        }

        return await pending;
    }

    private async Task<IReadOnlyList<Candle>?> FetchAsync(ICandleSource source, string symbol, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        try
        {
            // Candles open on the minute: start at the minute that holds `from`.
            var start = new DateTimeOffset(from.Ticks - (from.Ticks % TimeSpan.TicksPerMinute), TimeSpan.Zero);
            return await source.GetMinuteCandlesAsync(symbol, start, to, ct);
        }
        catch (ExchangeUnavailableException e)
        {
            logger.LogWarning("No candles for {Symbol} on {Exchange}; only the last price counts this cycle: {Reason}", symbol, source.Exchange, e.Reason);
            return null;
        }
    }
}
