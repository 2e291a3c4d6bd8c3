using System.Text.RegularExpressions;

namespace TradingAlerts.Core.Signals;

/// <summary>A symbol as typed, normalised: <see cref="Normalized"/> runs base and quote together.</summary>
/// <param name="Base">Empty when the text alone does not tell (no separator, no known quote asset at its end).</param>
public sealed record SymbolText(string Normalized, string Base, string Quote)
{
    /// <summary>True when the person split the pair themselves (<c>BTC/USDT</c>), so a listing must agree with that split.</summary>
    public bool SplitByUser { get; init; }
}

/// <summary>
/// One symbol language, normalised once at the edge: <c>btc/usdt</c>, <c>BTC-USDT</c> and <c>BTCUSDT</c> are all the pair
/// BTC/USDT, written <c>BTCUSDT</c>. Each exchange's own spelling comes from its price source.
/// </summary>
public static partial class Symbols
{
    /// <summary>Quote assets recognised at the end of an unsplit symbol, longest first so FDUSD wins over USD.</summary>
    private static readonly string[] KnownQuotes =
        ["FDUSD", "USDT", "USDC", "BUSD", "TUSD", "USDE", "EUR", "GBP", "TRY", "BRL", "JPY", "USD", "DAI", "BTC", "ETH", "BNB"];

    public static string Normalize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return string.Empty;

        return Separators().Replace(text.Trim(), string.Empty).ToUpperInvariant();
    }

    public static bool IsWellFormed(string normalized) => WellFormed().IsMatch(normalized);

    public static SymbolText Parse(string? text)
    {
        var normalized = Normalize(text);
        var parts = Separators().Split(text?.Trim() ?? string.Empty);
        if (parts.Length == 2 && parts.All(p => p.Length > 0))
            return new SymbolText(normalized, parts[0].ToUpperInvariant(), parts[1].ToUpperInvariant()) { SplitByUser = true };

        var quote = KnownQuotes.FirstOrDefault(q => normalized.Length > q.Length && normalized.EndsWith(q, StringComparison.Ordinal));
        return quote is null
            ? new SymbolText(normalized, string.Empty, string.Empty)
            : new SymbolText(normalized, normalized[..^quote.Length], quote);
    }

    [GeneratedRegex(@"[/\-_\s]")]
    private static partial Regex Separators();

    [GeneratedRegex("^[A-Z0-9]{2,30}$")]
    private static partial Regex WellFormed();
}
