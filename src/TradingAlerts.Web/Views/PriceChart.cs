using System.Globalization;
using TradingAlerts.Core.Prices;
using TradingAlerts.Core.Signals;

namespace TradingAlerts.Web.Views;

/// <summary>A firing (or a would-be one) to mark on a chart: when the price it fired on was read, and what it was.</summary>
/// <param name="Wick">Fired on a candle's high or low rather than a price the check read: drawn hollow.</param>
public sealed record ChartFiring(DateTimeOffset At, decimal Price, bool Wick, string Title);

/// <summary>One candle as drawn: its body (from the previous candle's close to its own), its high–low, and its text on hover.</summary>
public sealed record DrawnCandle(string X, string Left, string Width, string BodyTop, string BodyHeight, string High, string Low, bool Up, string Title);

/// <summary>A price a check saw, as a dot on the chart.</summary>
public sealed record SeenDot(string X, string Y, string Title);

/// <summary>A firing's marker on the chart.</summary>
public sealed record FiringMarker(string X, string Y, bool Wick, string Title);

/// <summary>A label on the chart's price axis.</summary>
public sealed record AxisLabel(string Y, string Text);

/// <summary>
/// A small SVG candlestick chart, drawn on the server (no script): each candle's high–low as a line and its body from
/// the previous candle's close to its own (an exchange's open is the previous close but for a gap; the first candle's
/// body is its close alone), green when it closed at or above that, red below; the alert's levels (its target, or its
/// band's bounds) as dashed lines, labelled on the price axis; the prices the checks saw as dots (one per pixel column,
/// its last, when there are more); and a marker at each firing (a wick's hollow, a close's filled, so they differ by
/// shape as well as colour). The time axis is the whole period, so a missing candle is a hole; the price axis spans
/// everything drawn, so every level is in view.
/// </summary>
public sealed record PriceChart(
    IReadOnlyList<DrawnCandle> Candles,
    IReadOnlyList<SeenDot> Seen,
    IReadOnlyList<string> LevelYs,
    IReadOnlyList<AxisLabel> PriceLabels,
    IReadOnlyList<FiringMarker> Firings,
    decimal Min,
    decimal Max,
    DateTimeOffset From,
    DateTimeOffset To)
{
    public const int Width = 880;
    public const int Height = 280;

    /// <summary>Where the plot ends and the price axis's labels begin.</summary>
    public const int PlotRight = Width - 72;

    /// <summary>Where the plot ends and the time axis's labels begin.</summary>
    public const int PlotBottom = Height - 22;

    private const int Pad = 10;
    private const int Columns = PlotRight - Pad;

    /// <summary>The start and end of the time axis, as labelled under it (UTC).</summary>
    public string FromLabel => AxisTime(From);

    public string ToLabel => AxisTime(To);

    public static string TimeLabelY => Number(Height - 7);

    /// <summary>The chart of the period, or null when it has neither candles nor seen prices.</summary>
    /// <param name="bucket">How long each candle lasts.</param>
    public static PriceChart? Of(
        (DateTimeOffset From, DateTimeOffset To) period,
        TimeSpan bucket,
        IReadOnlyList<Candle> candles,
        IReadOnlyList<HistoryPoint> seen,
        IReadOnlyList<decimal> levels,
        IReadOnlyList<ChartFiring> firings)
    {
        ArgumentNullException.ThrowIfNull(candles);
        ArgumentNullException.ThrowIfNull(seen);
        if (candles.Count == 0 && seen.Count == 0)
            return null;

        var (from, to) = period;
        var shownFirings = firings.Where(f => f.At >= from && f.At <= to).ToList();
        var prices = candles.SelectMany(c => new[] { c.High, c.Low })
            .Concat(seen.SelectMany(p => new[] { p.Price, p.High ?? p.Price, p.Low ?? p.Price }))
            .Concat(levels)
            .Concat(shownFirings.Select(f => f.Price))
            .ToList();
        var min = prices.Min();
        var max = prices.Max();
        if (min == max)
        {
            min -= 1m;
            max += 1m;
        }

        var span = Math.Max(1, (to - from).TotalSeconds);
        double Across(DateTimeOffset time) => Pad + (Math.Clamp((time - from).TotalSeconds, 0, span) / span * Columns);
        double Down(decimal price) => Pad + ((double)((max - price) / (max - min)) * (PlotBottom - Pad));
        string Y(decimal price) => Number(Down(price));

        var slot = bucket.TotalSeconds / span * Columns;
        var bodyWidth = Math.Max(1, slot * 0.7);
        var drawn = candles.Select((c, i) =>
        {
            var open = i == 0 ? c.Close : candles[i - 1].Close;
            var (top, bottom) = (Down(Math.Max(open, c.Close)), Down(Math.Min(open, c.Close)));
            var middle = Across(c.OpenTime + (bucket / 2));
            return new DrawnCandle(
                Number(middle),
                Number(middle - (bodyWidth / 2)),
                Number(bodyWidth),
                Number(top),
                Number(Math.Max(1, bottom - top)),
                Y(c.High),
                Y(c.Low),
                c.Close >= open,
                $"{AxisTime(c.OpenTime)} UTC: high {Format.Money(c.High)}, low {Format.Money(c.Low)}, close {Format.Money(c.Close)}");
        }).ToList();

        var dots = seen.GroupBy(p => (int)Math.Round(Across(p.Time)))
            .Select(g => g.Last())
            .Select(p => new SeenDot(Number(Across(p.Time)), Y(p.Price), $"{Format.Time(p.Time)}: {Format.Money(p.Price)} (a check)"))
            .ToList();

        var labels = new List<(double Y, decimal Price)>();
        foreach (var price in levels.Concat([max, min]))
        {
            // A label is 10 px tall: one that would overlap another (a level at the top, two close levels) is left out.
            if (labels.All(l => Math.Abs(l.Y - Down(price)) >= 12))
                labels.Add((Down(price), price));
        }

        return new PriceChart(
            drawn,
            dots,
            levels.Select(Y).ToList(),
            labels.Select(l => new AxisLabel(Number(l.Y + 4), Format.Money(l.Price))).ToList(),
            shownFirings.Select(f => new FiringMarker(Number(Across(f.At)), Y(f.Price), f.Wick, f.Title)).ToList(),
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

    private static string AxisTime(DateTimeOffset time) => time.UtcDateTime.ToString("d MMM HH:mm", CultureInfo.InvariantCulture);

    private static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
