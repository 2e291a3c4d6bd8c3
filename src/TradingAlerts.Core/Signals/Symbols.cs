using System.Text.RegularExpressions;

namespace TradingAlerts.Core.Signals;

/// <summary>Symbols are normalised once, at the edge: <c>btc/usdt</c>, <c>BTC-USDT</c> and <c>BTCUSDT</c> are all <c>BTCUSDT</c>.</summary>
public static partial class Symbols
{
    public static string Normalize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return string.Empty;

        return Separators().Replace(text.Trim(), string.Empty).ToUpperInvariant();
    }

    public static bool IsWellFormed(string normalized) => WellFormed().IsMatch(normalized);

    [GeneratedRegex(@"[/\-_\s]")]
    private static partial Regex Separators();

    [GeneratedRegex("^[A-Z0-9]{2,30}$")]
    private static partial Regex WellFormed();
}
