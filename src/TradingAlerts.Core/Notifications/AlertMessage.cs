using System.Globalization;
using TradingAlerts.Core.Pipeline;
using TradingAlerts.Core.Signals;

namespace TradingAlerts.Core.Notifications;

/// <summary>Why an alert fired: the price that met its condition, and where it came from.</summary>
/// <param name="Price">The price that met the condition: the last price, or the high/low that touched the target.</param>
/// <param name="Exchange">The exchange whose price it is.</param>
/// <param name="PrimaryFailure">Set when the alert's own exchange could not answer and another exchange's price was used.</param>
/// <param name="LastPrice">Set when the target was touched between two polls: the last price, back on the other side.</param>
/// <param name="ReferencePrice">For a percent move: the price the window ago that the move is measured from.</param>
public sealed record Crossing(decimal Price, ExchangeId Exchange, string? PrimaryFailure = null, decimal? LastPrice = null, decimal? ReferencePrice = null);

/// <summary>The words of a firing's notification.</summary>
public static class AlertMessage
{
    public static string Title(SignalSnapshot signal, Crossing crossing) =>
        $"{signal.Symbol} {ConditionText.Describe(signal)}: {(crossing.LastPrice is null ? "now" : "touched")} {Money(crossing.Price)}";

    public static string Body(SignalSnapshot signal, Crossing crossing, DateTimeOffset time)
    {
        var lines = new List<string> { signal.Name };
        if (crossing.LastPrice is { } last)
        {
            var extreme = crossing.Price >= last ? "high" : "low";
            lines.Add($"{signal.Symbol} on {crossing.Exchange.ToWire()} touched {Money(crossing.Price)} (the {extreme} since the previous check), {ConditionText.Against(signal)}; the last price is {Money(last)}.");
        }
        else
        {
            var from = crossing.ReferencePrice is { } reference ? $" (from {Money(reference)})" : string.Empty;
            lines.Add($"{signal.Symbol} on {crossing.Exchange.ToWire()} is {Money(crossing.Price)}{from}, {ConditionText.Against(signal)}.");
        }

        if (crossing.PrimaryFailure is not null)
            lines.Add($"Price from {crossing.Exchange.ToWire()}: {signal.Exchange.ToWire()} could not answer ({crossing.PrimaryFailure}).");

        lines.Add($"Time: {time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC");
        if (!string.IsNullOrEmpty(signal.Notes))
            lines.Add($"Notes: {signal.Notes}");
        return string.Join('\n', lines);
    }

    /// <summary>Group separators for readability; every digit the exchange gave is kept.</summary>
    public static string Money(decimal value) => value.ToString("#,0.############################", CultureInfo.InvariantCulture);
}
