using System.Globalization;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;
using TradingAlerts.Core.Notifications;

namespace TradingAlerts.Web.Views;

/// <summary>How the pages write times, money and percentages.</summary>
public static class Format
{
    public static string Time(DateTimeOffset? time) =>
        time?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture) ?? "-";

    /// <summary>
    /// A time as <c>&lt;time&gt;</c>: UTC in the text and on hover; the page's script rewrites the text to the browser's
    /// time zone and keeps the title, so UTC stays one hover away (and the text stays UTC with scripts off).
    /// </summary>
    public static IHtmlContent TimeElement(DateTimeOffset? time)
    {
        if (time is not { } t)
            return new HtmlString("-");
        var text = HtmlEncoder.Default.Encode(Time(t));
        var machine = t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        return new HtmlString($"<time datetime=\"{machine}\" title=\"{text}\">{text}</time>");
    }

    public static string Money(decimal? price) => price is { } p ? NotificationText.Money(p) : "-";

    public static string Percent(decimal? value) =>
        value is { } v ? v.ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture) + " %" : "-";

    /// <summary>"1 firing", "3 firings": a count with its noun (<paramref name="many"/> defaults to the noun and an s).</summary>
    public static string Count(int count, string one, string? many = null) =>
        $"{count.ToString("N0", CultureInfo.InvariantCulture)} {(count == 1 ? one : many ?? one + "s")}";

    public static string Milliseconds(TimeSpan span) => span.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms";
}
