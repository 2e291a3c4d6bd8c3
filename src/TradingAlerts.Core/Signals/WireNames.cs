namespace TradingAlerts.Core.Signals;

/// <summary>The lowercase words the CLI, CSV, JSON and the stores use for the model's enums.</summary>
public static class WireNames
{
    public static string ToWire(this ExchangeId exchange) => exchange switch
    {
        ExchangeId.Binance => "binance",
        ExchangeId.Bybit => "bybit",
        ExchangeId.Coinbase => "coinbase",
        _ => throw new ArgumentOutOfRangeException(nameof(exchange), exchange, null),
    };

    public static string ToWire(this Condition condition) => condition switch
    {
        Condition.Above => "above",
        Condition.Below => "below",
        _ => throw new ArgumentOutOfRangeException(nameof(condition), condition, null),
    };

    public static string ToWire(this SignalStatus status) => status switch
    {
        SignalStatus.Pending => "pending",
        SignalStatus.Triggered => "triggered",
        SignalStatus.Expired => "expired",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static string ToWire(this SignalSource source) => source switch
    {
        SignalSource.Cli => "cli",
        SignalSource.Ui => "ui",
        SignalSource.Sheets => "sheets",
        _ => throw new ArgumentOutOfRangeException(nameof(source), source, null),
    };

    public static bool TryParseExchange(string? text, out ExchangeId exchange) => TryParse(text, Enum.GetValues<ExchangeId>(), ToWire, out exchange);

    public static bool TryParseCondition(string? text, out Condition condition) => TryParse(text, Enum.GetValues<Condition>(), ToWire, out condition);

    public static bool TryParseStatus(string? text, out SignalStatus status) => TryParse(text, Enum.GetValues<SignalStatus>(), ToWire, out status);

    public static bool TryParseSource(string? text, out SignalSource source) => TryParse(text, Enum.GetValues<SignalSource>(), ToWire, out source);

    public static string Choices<T>(Func<T, string> toWire)
        where T : struct, Enum => string.Join(" | ", Enum.GetValues<T>().Select(toWire));

    private static bool TryParse<T>(string? text, T[] values, Func<T, string> toWire, out T value)
        where T : struct, Enum
    {
        var word = text?.Trim();
        foreach (var candidate in values)
        {
            if (string.Equals(toWire(candidate), word, StringComparison.OrdinalIgnoreCase))
            {
                value = candidate;
                return true;
            }
        }

        value = default;
        return false;
    }
}
