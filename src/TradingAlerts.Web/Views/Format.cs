using System.Globalization;
using TradingAlerts.Core.Notifications;

namespace TradingAlerts.Web.Views;

/// <summary>How the pages write times, money and percentages.</summary>
public static class Format
{
    public static string Time(DateTimeOffset? time) =>
        time?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture) ?? "-";

    public static string Money(decimal? price) => price is { } p ? NotificationText.Money(p) : "-";

    public static string Percent(decimal? value) =>
        value is { } v ? v.ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture) + " %" : "-";

    public static string Milliseconds(TimeSpan span) => span.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms";
}
