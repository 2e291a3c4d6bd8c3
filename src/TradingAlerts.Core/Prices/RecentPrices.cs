using TradingAlerts.Core.Backtesting;
using TradingAlerts.Core.Signals;

namespace TradingAlerts.Core.Prices;

/// <summary>
/// A period a chart shows up to now, and the width of its candles: a week is 10 080 one-minute candles, far more than a
/// chart has pixels across, so the longer periods are drawn in coarser candles (<see cref="CandleBuckets"/>).
/// </summary>
/// <param name="Name">As a query asks for it (<c>?range=24h</c>).</param>
/// <param name="Label">As a page names it.</param>
/// <param name="CandleLabel">What its candles are called.</param>
public sealed record ChartRange(string Name, string Label, TimeSpan Span, TimeSpan Bucket, string CandleLabel)
{
    public static readonly ChartRange Hour = new("1h", "1 h", TimeSpan.FromHours(1), TimeSpan.FromMinutes(1), "one-minute");
    public static readonly ChartRange Day = new("24h", "24 h", TimeSpan.FromHours(24), TimeSpan.FromMinutes(15), "15-minute");
    public static readonly ChartRange Week = new("7d", "7 d", TimeSpan.FromDays(7), TimeSpan.FromHours(1), "hourly");

    public static IReadOnlyList<ChartRange> All { get; } = [Hour, Day, Week];

    public static ChartRange Default => Day;

    /// <summary>The range of that name (<c>1h</c>, <c>24h</c>, <c>7d</c>, any case), or null.</summary>
    public static ChartRange? Named(string? name) => All.FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase));
}

/// <summary>
/// What a chart of a symbol shows over a range: the exchange's candles in the range's buckets, and the prices the checks
/// saw (<see cref="IPriceHistory"/>), oldest first. The candles end <see cref="CandleDownload.Settled"/> before now; the
/// checks' prices go on to now.
/// </summary>
/// <param name="CandlesMissing">Why there are no candles, when the exchange could not give them.</param>
public sealed record RangePrices(
    ChartRange Range,
    DateTimeOffset From,
    DateTimeOffset To,
    IReadOnlyList<Candle> Candles,
    IReadOnlyList<HistoryPoint> Seen,
    string? CandlesMissing)
{
    public bool IsEmpty => Candles.Count == 0 && Seen.Count == 0;
}

/// <summary>
/// A symbol's recent prices for a chart (the alert page's): the candles through the backtests' candle cache
/// (<see cref="CandleDownload"/>), so a page shown again asks the exchange only for the minutes that have settled since,
/// and the prices the checks kept. A failing exchange costs the candles, not the chart: the checks' prices still show.
/// </summary>
public sealed class RecentPrices(CandleDownload candles, IPriceHistory history, TimeProvider clock)
{
    public async Task<RangePrices> ForAsync(ExchangeId exchange, string symbol, ChartRange range, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(range);
        var to = clock.GetUtcNow();

        // The first bucket starts on its boundary, so it is as whole as the others.
        var from = CandleBuckets.StartOf(to - range.Span, range.Bucket);

        // The minutes an exchange may still be completing are not asked: they would be asked again at every reload.
        var settled = CandleBuckets.StartOf(to - CandleDownload.Settled, TimeSpan.FromMinutes(1));
        IReadOnlyList<Candle> bucketed = [];
        string? missing = null;
        try
        {
            bucketed = CandleBuckets.Aggregate(await candles.GetAsync(exchange, symbol, from, settled, progress: null, ct), range.Bucket);
        }
        catch (ExchangeUnavailableException e)
        {
            missing = e.Message;
        }

        var seen = await history.ListPricesAsync(exchange, symbol, from, to, ct);
        return new RangePrices(range, from, to, bucketed, seen, missing);
    }
}
