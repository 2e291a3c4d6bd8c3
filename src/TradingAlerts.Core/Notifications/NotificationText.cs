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

/// <summary>The facts of one firing, as message templates and structured channels (the webhook) show them.</summary>
/// <param name="AlertId">The signal's id.</param>
/// <param name="Exchange">The exchange whose price fired the alert: the alert's own, unless it could not answer.</param>
/// <param name="Price">The price that met the condition (for a wick touch, the high or low that touched the target).</param>
/// <param name="Time">When the alert fired.</param>
/// <param name="Target">The target price; null for channel and percent-move alerts.</param>
/// <param name="High">The band's upper bound (channel alert) or the high that touched the target (wick); null when neither applies.</param>
/// <param name="Low">The band's lower bound (channel alert) or the low that touched the target (wick); null when neither applies.</param>
public sealed record FiringFacts(
    string AlertId,
    string Name,
    string Symbol,
    ExchangeId Exchange,
    Condition Condition,
    decimal? Target,
    decimal Price,
    DateTimeOffset Time,
    string? Notes,
    decimal? High = null,
    decimal? Low = null)
{
    public static FiringFacts Of(SignalSnapshot signal, Crossing crossing, DateTimeOffset time, decimal? high = null, decimal? low = null)
    {
        ArgumentNullException.ThrowIfNull(signal);
        ArgumentNullException.ThrowIfNull(crossing);
        return new(signal.Id, signal.Name, signal.Symbol, crossing.Exchange, signal.Condition, signal.TargetPrice, crossing.Price, time, signal.Notes, high ?? signal.Rule.High, low ?? signal.Rule.Low);
    }
}

/// <summary>The words of a firing's notification.</summary>
public static class NotificationText
{
    public static string Title(SignalSnapshot signal, Crossing crossing) =>
        $"{signal.Symbol} {ConditionText.Describe(signal)}: {(crossing.LastPrice is null ? "now" : "touched")} {Money(crossing.Price)}";

    /// <summary>
    /// The default message, or the alert's own <paramref name="template"/> rendered with the firing's values
    /// (<paramref name="high"/> and <paramref name="low"/> fill <c>{high}</c> and <c>{low}</c>). A template that no longer
    /// validates (it should have been refused at creation) never costs the alert: the default message is sent, saying why.
    /// </summary>
    public static string Body(SignalSnapshot signal, Crossing crossing, DateTimeOffset time, string? template = null, decimal? high = null, decimal? low = null)
    {
        if (string.IsNullOrWhiteSpace(template))
            return DefaultBody(signal, crossing, time);

        return MessageTemplate.TryParse(template, out var parsed, out var problems)
            ? parsed.Render(FiringFacts.Of(signal, crossing, time, high, low))
            : $"{DefaultBody(signal, crossing, time)}\nTemplate not used: {string.Join("; ", problems)}";
    }

    private static string DefaultBody(SignalSnapshot signal, Crossing crossing, DateTimeOffset time)
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

        lines.Add($"Time: {UtcTime(time)}");
        if (!string.IsNullOrEmpty(signal.Notes))
            lines.Add($"Notes: {signal.Notes}");
        return string.Join('\n', lines);
    }

    /// <summary>"2026-07-01 12:00:00 UTC".</summary>
    public static string UtcTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>Group separators for readability; every digit the exchange gave is kept.</summary>
    public static string Money(decimal value) => value.ToString("#,0.############################", CultureInfo.InvariantCulture);
}
