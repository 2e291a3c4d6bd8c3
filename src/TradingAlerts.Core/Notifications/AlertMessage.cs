using System.Globalization;
using TradingAlerts.Core.Pipeline;
using TradingAlerts.Core.Signals;

namespace TradingAlerts.Core.Notifications;

/// <summary>The words of a firing's notification.</summary>
public static class AlertMessage
{
    public static string Title(SignalSnapshot signal, decimal price) =>
        $"{signal.Symbol} {signal.Condition.ToWire()} {Money(signal.TargetPrice)}: now {Money(price)}";

    public static string Body(SignalSnapshot signal, decimal price, ExchangeId priceExchange, DateTimeOffset time)
    {
        var text = $"{signal.Name}\n" +
            $"{signal.Symbol} on {priceExchange.ToWire()} is {Money(price)}, {signal.Condition.ToWire()} the target {Money(signal.TargetPrice)}.\n" +
            $"Time: {time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC";
        return string.IsNullOrEmpty(signal.Notes) ? text : $"{text}\nNotes: {signal.Notes}";
    }

    /// <summary>Group separators for readability; every digit the exchange gave is kept.</summary>
    public static string Money(decimal value) => value.ToString("#,0.############################", CultureInfo.InvariantCulture);
}
