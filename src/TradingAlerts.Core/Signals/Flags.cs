namespace TradingAlerts.Core.Signals;

/// <summary>Yes/no values as spreadsheets and people write them.</summary>
public static class Flags
{
    private static readonly string[] Yes = ["true", "yes", "y", "1", "on", "x", "✓", "✔"];
    private static readonly string[] No = ["false", "no", "n", "0", "off"];

    public static bool TryParse(string text, out bool value)
    {
        var word = text.Trim();
        value = Yes.Contains(word, StringComparer.OrdinalIgnoreCase);
        return value || No.Contains(word, StringComparer.OrdinalIgnoreCase);
    }
}
