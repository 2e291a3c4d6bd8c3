using System.Globalization;
using TradingAlerts.Core.Notifications;
using TradingAlerts.Core.Signals;

namespace TradingAlerts.Web.Views;

/// <summary>
/// What an alert will do, in one sentence: "Push me once when BTC/USDT on Binance crosses up 100,000 — now 98,412.5,
/// 1.6 % away". The one wording, for the create form as rendered and for <c>GET /api/describe</c>, which its script asks.
/// </summary>
public static class AlertSentence
{
    public static string Of(AlertLine line)
    {
        var s = line.Signal;
        var rule = s.Rule;
        var how = rule.Channels == Channels.Pushover ? "Push me" : $"Notify me ({string.Join(", ", ChannelNames.Each(rule.Channels).Select(ChannelNames.ToWire))})";
        var urgently = rule.Urgent ? " urgently" : string.Empty;
        var often = rule.Frequency == Frequency.Once
            ? "once"
            : $"each time (again once it came back {NotificationText.Money(rule.HysteresisPercent)} % and {DurationText.Format(rule.Cooldown)} passed)";
        return $"{how}{urgently} {often} when {s.Base}/{s.Quote} on {Named(s.Exchange)} {ConditionText.Describe(s)}{Now(line)}";
    }

    private static string Now(AlertLine line)
    {
        if (line.Price?.Price is not { } price)
            return string.Empty;
        var from = line.Price.Exchange is { } exchange && exchange != line.Signal.Exchange ? $" on {Named(exchange)}" : string.Empty;
        var away = line.Distance is { } distance ? $", {Math.Abs(distance).ToString("0.0", CultureInfo.InvariantCulture)} % away" : string.Empty;
        return $" — now {NotificationText.Money(price)}{from}{away}";
    }

    private static string Named(ExchangeId exchange)
    {
        var wire = exchange.ToWire();
        return char.ToUpperInvariant(wire[0]) + wire[1..];
    }
}
