namespace TradingAlerts.Exchanges;

/// <summary>
/// The minutes one candle request covers: the candles that open from <see cref="First"/> to <see cref="Last"/>,
/// both included, both on a whole minute.
/// </summary>
internal readonly record struct MinuteWindow(DateTimeOffset First, DateTimeOffset Last)
{
    /// <summary>
    /// The last millisecond of the <see cref="Last"/> candle: as an inclusive or an exclusive end it takes in the last
    /// candle and nothing after it, whichever way the exchange reads its end parameter.
    /// </summary>
    public DateTimeOffset End => Last + MinuteCandles.Minute - TimeSpan.FromMilliseconds(1);
}

/// <summary>Splitting a range of one-minute candles into requests, and keeping only the candles asked for.</summary>
internal static class MinuteCandles
{
    public static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The candles of [<paramref name="from"/>, <paramref name="to"/>), oldest first: one request per
    /// <paramref name="perRequest"/> minutes, one after the other, each through <paramref name="fetch"/>. No request
    /// when no minute opens in the range. Candles outside the range, and repeats, are dropped.
    /// </summary>
    public static async Task<IReadOnlyList<Candle>> CollectAsync(
        string symbol, DateTimeOffset from, DateTimeOffset to, int perRequest,
        Func<MinuteWindow, CancellationToken, Task<IEnumerable<Candle>>> fetch, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(symbol);
        ArgumentOutOfRangeException.ThrowIfLessThan(to, from);
        ct.ThrowIfCancellationRequested();

        var candles = new List<Candle>();
        foreach (var window in Windows(from, to, perRequest))
            candles.AddRange(await fetch(window, ct));

        return candles
            .Where(c => c.OpenTime >= from && c.OpenTime < to)
            .DistinctBy(c => c.OpenTime)
            .OrderBy(c => c.OpenTime)
            .ToList();
    }

    /// <summary>The request windows that cover every minute opening in [<paramref name="from"/>, <paramref name="to"/>).</summary>
    public static IReadOnlyList<MinuteWindow> Windows(DateTimeOffset from, DateTimeOffset to, int perRequest)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(perRequest, 1);
        var first = Ceiling(from);
        var last = Floor(to - TimeSpan.FromTicks(1));

        var windows = new List<MinuteWindow>();
        for (var start = first; start <= last; start += Minute * perRequest)
        {
            var end = start + (Minute * (perRequest - 1));
            windows.Add(new MinuteWindow(start, end < last ? end : last));
        }

        return windows;
    }

    private static DateTimeOffset Floor(DateTimeOffset time) =>
        new(time.UtcTicks - (time.UtcTicks % Minute.Ticks), TimeSpan.Zero);

    private static DateTimeOffset Ceiling(DateTimeOffset time)
    {
        var floor = Floor(time);
        return floor == time ? floor : floor + Minute;
    }
}
