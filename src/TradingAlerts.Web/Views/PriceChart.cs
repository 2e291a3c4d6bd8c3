using System.Globalization;
using TradingAlerts.Core.Prices;

namespace TradingAlerts.Web.Views;

/// <summary>
/// A small SVG chart of recent one-minute candles: the closes as a line, each minute's high–low as a faint bar, and
/// the alert's levels (its target, or its band's bounds) as dashed lines. The price axis spans the candles and the
/// levels, so every level is always in view.
/// </summary>
public sealed record PriceChart(string Closes, IReadOnlyList<(string X, string High, string Low)> Ranges, IReadOnlyList<string> LevelYs, decimal Min, decimal Max, DateTimeOffset From, DateTimeOffset To)
{
    public const int Width = 600;
    public const int Height = 200;
    private const int Pad = 10;

    public static PriceChart? Of(IReadOnlyList<Candle> candles, IReadOnlyList<decimal> levels)
    {
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
        var minutes = Math.Max(1, (candles[^1].OpenTime - from).TotalMinutes);
        string X(DateTimeOffset time) => Number(Pad + ((time - from).TotalMinutes / minutes * (Width - (2 * Pad))));
        string Y(decimal price) => Number(Pad + (double)((max - price) / (max - min)) * (Height - (2 * Pad)));

        return new PriceChart(
            string.Join(' ', candles.Select(c => $"{X(c.OpenTime)},{Y(c.Close)}")),
            candles.Select(c => (X(c.OpenTime), Y(c.High), Y(c.Low))).ToList(),
            levels.Select(Y).ToList(),
            min,
            max,
            from,
            candles[^1].OpenTime);
    }

    private static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
