using System.Globalization;
using System.Text.RegularExpressions;

namespace TradingAlerts.Core.Signals;

/// <summary>
/// Parses prices as people and spreadsheets write them, exactly, with the invariant culture:
/// <c>65000.5</c>, <c>65,000.50</c>, <c>$65,000.50</c>. A comma is only accepted as a thousands
/// separator between groups of three digits, so a European <c>65,5</c> is rejected rather than
/// read as 655.
/// </summary>
public static partial class PriceText
{
    public static bool TryParse(string? text, out decimal price)
    {
        price = 0m;
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed) || !PricePattern().IsMatch(trimmed))
            return false;

        var digits = trimmed.TrimStart('$').Replace(",", string.Empty, StringComparison.Ordinal);
        return decimal.TryParse(digits, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out price);
    }

    /// <summary>Invariant, without trailing zeros: 65000.50 is written 65000.5.</summary>
    public static string Format(decimal price) => price.ToString("0.############################", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^\$?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")]
    private static partial Regex PricePattern();
}
