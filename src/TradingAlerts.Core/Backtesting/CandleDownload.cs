using TradingAlerts.Core.Prices;
using TradingAlerts.Core.Signals;

namespace TradingAlerts.Core.Backtesting;

/// <summary>How far a download has come: the candles had so far, up to when, and the wait a rate limit asked for, if that is what it is doing.</summary>
public sealed record DownloadProgress(DateTimeOffset Through, DateTimeOffset To, int Candles, TimeSpan? Waiting = null);

/// <summary>
/// A backtest's candles: the exchange's one-minute candles of a period of up to <see cref="MaxSpan"/>, a UTC day at a
/// time. Each day comes from the store's candle cache as far as it holds it (<see cref="IPriceHistory"/>), and what it
/// lacks is asked of the exchange (paged by the source within the exchange's limit) and kept, so a second backtest of
/// a period asks nothing again; only the last minutes before now, which an exchange may still be completing, are asked
/// each time. A long download reports progress, and a rate limit costs only the request it interrupted: its wait (the
/// exchange's Retry-After) is waited out and the request made again.
/// </summary>
public sealed class CandleDownload(IEnumerable<ICandleSource> sources, IPriceHistory cache, TimeProvider clock)
{
    public static readonly TimeSpan MaxSpan = TimeSpan.FromDays(90);

    /// <summary>A longer wait than this is not waited out (an IP ban lasts hours): the download fails with the exchange's reason.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromMinutes(5);

    /// <summary>At most this many rate-limit waits in one download: an exchange that keeps refusing ends it.</summary>
    public const int MaxWaits = 10;

    /// <summary>Candles that opened this long before now are final: the exchange has published the minute, so a missing one is a gap.</summary>
    public static readonly TimeSpan Settled = TimeSpan.FromMinutes(2);

    private readonly Dictionary<ExchangeId, ICandleSource> sources = sources.ToDictionary(s => s.Exchange);

    /// <summary>
    /// The candles opening in [<paramref name="from"/>, <paramref name="to"/>), oldest first. Throws
    /// <see cref="ExchangeUnavailableException"/> when the exchange cannot answer (or keeps refusing).
    /// </summary>
    public async Task<IReadOnlyList<Candle>> GetAsync(ExchangeId exchange, string symbol, DateTimeOffset from, DateTimeOffset to, IProgress<DownloadProgress>? progress, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(to, from);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(to - from, MaxSpan);
        var source = sources.TryGetValue(exchange, out var found) ? found : throw new ArgumentOutOfRangeException(nameof(exchange), exchange, "no candle source");
        var asking = new Asking(source, symbol, to, progress, clock);
        for (var day = DateOnly.FromDateTime(from.UtcDateTime); Start(day) < to; day = day.AddDays(1))
        {
            var need = (From: Max(from, Start(day)), To: Min(to, Start(day.AddDays(1))));
            var kept = await cache.GetCandleDayAsync(exchange, symbol, day, ct);
            if (kept is not null && kept.From <= need.From && kept.Through >= need.To)
            {
                asking.Add(kept.Candles, need);
                continue;
            }

            // The day's known span grows to cover the need and stays one span: what lies on either side of the kept
            // part is asked (a hole between them too).
            var cover = kept is null ? need : (From: Min(need.From, kept.From), To: Max(need.To, kept.Through));
            var candles = new List<Candle>();
            if (kept is null)
                candles.AddRange(await asking.AskAsync(cover.From, cover.To, ct));
            else
            {
                if (cover.From < kept.From)
                    candles.AddRange(await asking.AskAsync(cover.From, kept.From, ct));
                candles.AddRange(kept.Candles);
                if (kept.Through < cover.To)
                    candles.AddRange(await asking.AskAsync(kept.Through, cover.To, ct));
            }

            candles = candles.Where(c => c.OpenTime >= cover.From && c.OpenTime < cover.To).DistinctBy(c => c.OpenTime).OrderBy(c => c.OpenTime).ToList();
            var final = Min(cover.To, clock.GetUtcNow() - Settled);
            if (final > cover.From)
                await cache.PutCandleDayAsync(new CandleDay(exchange, symbol, day, cover.From, final, candles.Where(c => c.OpenTime < final).ToList()), ct);
            asking.Add(candles, need);
        }

        return asking.Candles;
    }

    private static DateTimeOffset Start(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    /// <summary>One download's requests to the exchange, the rate-limit waits they cost, and the candles had so far.</summary>
    private sealed class Asking(ICandleSource source, string symbol, DateTimeOffset to, IProgress<DownloadProgress>? progress, TimeProvider clock)
    {
        private int waits;

        public List<Candle> Candles { get; } = [];

        /// <summary>Takes the candles of the span needed, and reports how far the download has come.</summary>
        public void Add(IEnumerable<Candle> candles, (DateTimeOffset From, DateTimeOffset To) need)
        {
            Candles.AddRange(candles.Where(c => c.OpenTime >= need.From && c.OpenTime < need.To));
            progress?.Report(new DownloadProgress(need.To, to, Candles.Count));
        }

        public async Task<IReadOnlyList<Candle>> AskAsync(DateTimeOffset from, DateTimeOffset until, CancellationToken ct)
        {
            while (true)
            {
                try
                {
                    return await source.GetMinuteCandlesAsync(symbol, from, until, ct);
                }
                catch (ExchangeUnavailableException e) when (e.RetryAt is { } retryAt && retryAt - clock.GetUtcNow() <= MaxWait && waits < MaxWaits)
                {
                    waits++;
                    var wait = retryAt - clock.GetUtcNow();
                    progress?.Report(new DownloadProgress(from, to, Candles.Count, wait));
                    await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, clock, ct);
                }
            }
        }
    }
}
