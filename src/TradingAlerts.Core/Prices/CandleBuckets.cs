namespace TradingAlerts.Core.Prices;

/// <summary>
/// Coarser candles from one-minute ones, for a chart of a longer period (a week is 10 080 minutes, far more than a
/// chart has pixels across): each bucket opens at a multiple of its width since the Unix epoch, so the same candles
/// always fall in the same buckets whatever the period's start; its high is the highest, its low the lowest, its
/// close the last. A bucket without a candle is left out, as a minute without one is.
/// </summary>
public static class CandleBuckets
{
    /// <summary>The candles (oldest first) in buckets of <paramref name="width"/> (a whole number of minutes), oldest first.</summary>
    public static IReadOnlyList<Candle> Aggregate(IReadOnlyList<Candle> candles, TimeSpan width)
    {
        ArgumentNullException.ThrowIfNull(candles);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, TimeSpan.FromMinutes(1));
        if (width.Ticks % TimeSpan.TicksPerMinute != 0)
            throw new ArgumentOutOfRangeException(nameof(width), width, "a whole number of minutes");

        return candles
            .GroupBy(c => StartOf(c.OpenTime, width))
            .Select(g => new Candle(g.Key, g.Max(c => c.High), g.Min(c => c.Low), g.Last().Close))
            .ToList();
    }

    /// <summary>When the bucket of <paramref name="width"/> holding <paramref name="time"/> opens.</summary>
    public static DateTimeOffset StartOf(DateTimeOffset time, TimeSpan width) =>
        new(time.UtcTicks - ((time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) % width.Ticks), TimeSpan.Zero);
}
