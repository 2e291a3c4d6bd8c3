using System.Globalization;
using TradingAlerts.Core.Backtesting;
using TradingAlerts.Core.Prices;
using TradingAlerts.Core.Signals;

namespace TradingAlerts.Web.Views;

/// <summary>A would-be firing on a chart: where, and what it was (shown on hover; the page's table is its text alternative).</summary>
public sealed record ChartMarker(string X, string Y, bool Wick, string Title);

/// <summary>
/// A small SVG chart of one-minute candles: the closes as a line, each minute's high–low as a faint bar, the alert's
/// levels (its target, or its band's bounds) as dashed lines, and a backtest's firings as markers (a wick's hollow, a
/// close's filled, so they differ by shape as well as colour). The price axis spans the candles and the levels, so
/// every level is always in view. More candles than the chart has pixels across (a week is 10 080) are drawn a pixel's
/// worth at a time: its last close, its highest high and lowest low, so a spike still shows.
/// </summary>
public sealed record PriceChart(
    string Closes,
    IReadOnlyList<(string X, string High, string Low)> Ranges,
    IReadOnlyList<string> LevelYs,
    IReadOnlyList<ChartMarker> Markers,
    decimal Min,
    decimal Max,
    DateTimeOffset From,
    DateTimeOffset To)
{
    public const int Width = 600;
    public const int Height = 200;
    private const int Pad = 10;
    private const int Columns = Width - (2 * Pad);

    /// <summary>The chart of the candles (oldest first), or null when there are none.</summary>
    public static PriceChart? Of(IReadOnlyList<Candle> candles, IReadOnlyList<decimal> levels, IReadOnlyList<BacktestFiring>? firings = null)
    {
        ArgumentNullException.ThrowIfNull(candles);
        if (candles.Count == 0)
            return null;

        var min = candles.Select(c => c.Low).Concat(levels).Min();
        var max = candles.Select(c => c.High).Concat(levels).Max();
        if (min == max)
        {
            min -= 1m;
            max += 1m;
        }

        var from = candles[0].OpenTime;
        var to = candles[^1].OpenTime;
        var minutes = Math.Max(1, (to - from).TotalMinutes);
        double Across(DateTimeOffset time) => Pad + (Math.Clamp((time - from).TotalMinutes, 0, minutes) / minutes * Columns);
        string Y(decimal price) => Number(Pad + (double)((max - price) / (max - min)) * (Height - (2 * Pad)));

        var points = candles.Count <= Columns
            ? candles.Select(c => (X: Number(Across(c.OpenTime)), c.High, c.Low, c.Close)).ToList()
            : candles.GroupBy(c => (int)Math.Round(Across(c.OpenTime)))
                .Select(g => (X: Number(g.Key), High: g.Max(c => c.High), Low: g.Min(c => c.Low), g.Last().Close))
                .ToList();

        // A firing is checked at the end of its minute: its marker sits on that minute's candle.
        var markers = (firings ?? []).Select(f => new ChartMarker(
            Number(Across(f.Time - TimeSpan.FromMinutes(1))),
            Y(f.Price),
            f.Wick,
            $"{Format.Time(f.Time)}: {Format.Money(f.Price)} ({(f.Wick ? "wick" : "close")})")).ToList();

        return new PriceChart(
            string.Join(' ', points.Select(p => $"{p.X},{Y(p.Close)}")),
            points.Select(p => (p.X, Y(p.High), Y(p.Low))).ToList(),
            levels.Select(Y).ToList(),
            markers,
            min,
            max,
            from,
            to);
    }

    /// <summary>The prices an alert watches: its target, or its band's bounds (none for a percent move).</summary>
    public static IReadOnlyList<decimal> LevelsOf(Signal signal)
    {
        ArgumentNullException.ThrowIfNull(signal);
        return new[] { signal.TargetPrice, signal.Rule.Low, signal.Rule.High }.OfType<decimal>().ToList();
    }

    private static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
