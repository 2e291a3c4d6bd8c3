namespace TradingAlerts.Simulation.World;

/// <summary>
/// The true price of one pair, second by second: the price of second <c>s</c> holds from <c>s</c> to <c>s + 1</c>
/// (one trade at the start of each second). Every view an exchange gives (its ticker, its candles of any interval, its
/// recent trades) is computed from this path, as of the moment it is asked.
/// </summary>
public sealed class PricePath
{
    private readonly long[] ticks;

    public PricePath(DateTimeOffset start, decimal tickSize, long[] ticks)
    {
        ArgumentNullException.ThrowIfNull(ticks);
        Start = start;
        TickSize = tickSize;
        this.ticks = ticks;
    }

    public DateTimeOffset Start { get; }

    public decimal TickSize { get; }

    public int Seconds => ticks.Length;

    public DateTimeOffset End => Start.AddSeconds(ticks.Length);

    /// <summary>The price at <paramref name="time"/>: that of the second it falls in (the last second after the end).</summary>
    public decimal At(DateTimeOffset time) => Price(Index(time));

    /// <summary>The price of second <paramref name="index"/> since <see cref="Start"/>.</summary>
    public decimal Price(int index) => ticks[Math.Clamp(index, 0, ticks.Length - 1)] * TickSize;

    /// <summary>The second <paramref name="time"/> falls in, since <see cref="Start"/>.</summary>
    public int Index(DateTimeOffset time) => (int)Math.Floor((time - Start).TotalSeconds);

    public DateTimeOffset TimeOf(int index) => Start.AddSeconds(index);

    /// <summary>
    /// The candle of the seconds that start in [<paramref name="open"/>, <paramref name="open"/> + <paramref name="length"/>)
    /// and have begun by <paramref name="now"/>: partial while it is still open, null when none has begun.
    /// </summary>
    public (decimal Open, decimal High, decimal Low, decimal Close)? Candle(DateTimeOffset open, TimeSpan length, DateTimeOffset now)
    {
        var first = Index(open);
        var last = Math.Min(Index(open + length) - 1, Index(now));
        if (last < first || last < 0 || first >= ticks.Length)
            return null;

        first = Math.Max(first, 0);
        last = Math.Min(last, ticks.Length - 1);
        long high = long.MinValue, low = long.MaxValue;
        for (var i = first; i <= last; i++)
        {
            high = Math.Max(high, ticks[i]);
            low = Math.Min(low, ticks[i]);
        }

        return (ticks[first] * TickSize, high * TickSize, low * TickSize, ticks[last] * TickSize);
    }

    /// <summary>The seconds in [<paramref name="from"/>, <paramref name="to"/>] (both included) whose price satisfies <paramref name="test"/>.</summary>
    public IEnumerable<int> SecondsWhere(int from, int to, Func<decimal, bool> test)
    {
        for (var i = Math.Max(from, 0); i <= Math.Min(to, ticks.Length - 1); i++)
        {
            if (test(ticks[i] * TickSize))
                yield return i;
        }
    }

    /// <summary>The first second in [<paramref name="from"/>, <paramref name="to"/>] whose price satisfies <paramref name="test"/>, or -1.</summary>
    public int FirstWhere(int from, int to, Func<decimal, bool> test)
    {
        foreach (var i in SecondsWhere(from, to, test))
            return i;
        return -1;
    }
}
