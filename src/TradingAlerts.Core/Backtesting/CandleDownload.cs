using TradingAlerts.Core.Prices;
using TradingAlerts.Core.Signals;

namespace TradingAlerts.Core.Backtesting;

/// <summary>How far a download has come: the candles had so far, up to when, and the wait a rate limit asked for, if that is what it is doing.</summary>
public sealed record DownloadProgress(DateTimeOffset Through, DateTimeOffset To, int Candles, TimeSpan? Waiting = null);

/// <summary>
/// A backtest's candles: the exchange's one-minute candles of a period of up to <see cref="MaxSpan"/>, asked a day at a
/// time (each day paged by the source within the exchange's limit), so a long download reports progress, and a rate
/// limit costs only the day it interrupted: its wait (the exchange's Retry-After) is waited out and the day asked again.
/// </summary>
public sealed class CandleDownload(IEnumerable<ICandleSource> sources, TimeProvider clock)
{
    public static readonly TimeSpan MaxSpan = TimeSpan.FromDays(90);

    /// <summary>A longer wait than this is not waited out (an IP ban lasts hours): the download fails with the exchange's reason.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromMinutes(5);

    /// <summary>At most this many rate-limit waits in one download: an exchange that keeps refusing ends it.</summary>
    public const int MaxWaits = 10;

    private static readonly TimeSpan Day = TimeSpan.FromDays(1);
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
        var candles = new List<Candle>();
        var waits = 0;
        for (var start = from; start < to;)
        {
            var end = start + Day < to ? start + Day : to;
            try
            {
                candles.AddRange(await source.GetMinuteCandlesAsync(symbol, start, end, ct));
            }
            catch (ExchangeUnavailableException e) when (e.RetryAt is { } retryAt && retryAt - clock.GetUtcNow() <= MaxWait && waits < MaxWaits)
            {
                waits++;
                var wait = retryAt - clock.GetUtcNow();
                progress?.Report(new DownloadProgress(start, to, candles.Count, wait));
                await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, clock, ct);
                continue;
            }

            start = end;
            progress?.Report(new DownloadProgress(end, to, candles.Count));
        }

        return candles;
    }
}
