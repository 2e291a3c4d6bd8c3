using System.Globalization;
using TradingAlerts.Core.Analytics;

namespace TradingAlerts.Web.Views;

/// <summary>One filled rectangle of a chart, with what it stands for (shown on hover and read out by the page's text).</summary>
public sealed record ChartBar(string X, string Y, string Width, string Height, string Css, string Title);

/// <summary>
/// The dashboard's firings per day: a column per UTC day, stacked by symbol (a colour each, as the legend says), on a
/// scale from zero to the busiest day. Drawn on the server as SVG attributes, so the content security policy needs no
/// inline style or script.
/// </summary>
public sealed record DayChart(IReadOnlyList<ChartBar> Bars, IReadOnlyList<(string X, string Label)> Days, IReadOnlyList<(string Symbol, string Css)> Legend, int Busiest)
{
    public const int Width = 720;
    public const int Height = 180;

    /// <summary>Where the busiest day's column ends: the scale's top line.</summary>
    public const int Top = 14;
    private const int Bottom = 20;

    /// <summary>The colours a symbol may get (CSS classes <c>s0</c>…): a seventh symbol shares the first one's.</summary>
    private const int Colours = 6;

    public static DayChart Of(PeriodStats stats)
    {
        ArgumentNullException.ThrowIfNull(stats);
        var legend = stats.Symbols.Select((s, i) => (s.Symbol, Css: $"s{i % Colours}")).ToList();
        var css = legend.ToDictionary(l => l.Symbol, l => l.Css, StringComparer.Ordinal);
        var busiest = Math.Max(1, stats.Days.Count == 0 ? 0 : stats.Days.Max(d => d.Firings));
        var slot = (double)Width / Math.Max(1, stats.Days.Count);
        var scale = (Height - Bottom - Top) / (double)busiest;

        var bars = new List<ChartBar>();
        var labels = new List<(string, string)>();
        for (var i = 0; i < stats.Days.Count; i++)
        {
            var day = stats.Days[i];
            var x = (i * slot) + (slot * 0.15);
            var top = (double)(Height - Bottom);
            foreach (var (symbol, count) in day.Symbols.OrderBy(s => legend.FindIndex(l => l.Symbol == s.Key)))
            {
                var height = count * scale;
                top -= height;
                bars.Add(new ChartBar(Number(x), Number(top), Number(slot * 0.7), Number(height), css[symbol], $"{Label(day.Day)}: {symbol} fired {count} time(s)"));
            }

            labels.Add((Number(x + (slot * 0.35)), Label(day.Day)));
        }

        return new DayChart(bars, labels, legend, busiest);
    }

    private static string Label(DateOnly day) => day.ToString("MM-dd", CultureInfo.InvariantCulture);

    internal static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}

/// <summary>A horizontal bar split into shares of a whole (a channel's deliveries sent, pending and failed; an exchange's cycles up, degraded and down), and its text alternative.</summary>
public sealed record ShareBar(string Label, IReadOnlyList<ChartBar> Parts)
{
    public const int Width = 300;
    public const int Height = 16;

    public static ShareBar Of(string label, params (long Count, string Css, string Title)[] parts)
    {
        var total = parts.Sum(p => p.Count);
        var bars = new List<ChartBar>();
        var x = 0.0;
        foreach (var (count, css, title) in parts.Where(p => p.Count > 0))
        {
            var width = (double)count / total * Width;
            bars.Add(new ChartBar(DayChart.Number(x), "0", DayChart.Number(width), Height.ToString(CultureInfo.InvariantCulture), css, title));
            x += width;
        }

        return new ShareBar(label, bars);
    }
}
