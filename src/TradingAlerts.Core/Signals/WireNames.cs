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
        Condition.CrossesUp => "crosses_up",
        Condition.CrossesDown => "crosses_down",
        Condition.Crosses => "crosses",
        Condition.PctMove => "pct_move",
        Condition.ChannelExit => "channel_exit",
        _ => throw new ArgumentOutOfRangeException(nameof(condition), condition, null),
    };

    public static string ToWire(this SignalStatus status) => status switch
    {
        SignalStatus.Pending => "pending",
        SignalStatus.Triggered => "triggered",
        SignalStatus.Expired => "expired",
        SignalStatus.Waiting => "waiting",
        SignalStatus.Paused => "paused",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static string ToWire(this SignalSource source) => source switch
    {
        SignalSource.Cli => "cli",
        SignalSource.Ui => "ui",
        SignalSource.Sheets => "sheets",
        _ => throw new ArgumentOutOfRangeException(nameof(source), source, null),
    };

    public static string ToWire(this Frequency frequency) => frequency switch
    {
        Frequency.Once => "once",
        Frequency.Rearm => "rearm",
        _ => throw new ArgumentOutOfRangeException(nameof(frequency), frequency, null),
    };

    public static string ToWire(this MoveDirection direction) => direction switch
    {
        MoveDirection.Either => "either",
        MoveDirection.Up => "up",
        MoveDirection.Down => "down",
        _ => throw new ArgumentOutOfRangeException(nameof(direction), direction, null),
    };

    public static string ToWire(this PriceSide side) => side switch
    {
        PriceSide.Below => "below",
        PriceSide.Above => "above",
        _ => throw new ArgumentOutOfRangeException(nameof(side), side, null),
    };

    public static bool TryParseFrequency(string? text, out Frequency frequency) => TryParse(text, Enum.GetValues<Frequency>(), ToWire, out frequency);

    public static bool TryParseDirection(string? text, out MoveDirection direction) => TryParse(text, Enum.GetValues<MoveDirection>(), ToWire, out direction);

    public static bool TryParseSide(string? text, out PriceSide side) => TryParse(text, Enum.GetValues<PriceSide>(), ToWire, out side);

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
