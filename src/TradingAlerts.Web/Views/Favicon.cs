namespace TradingAlerts.Web.Views;

/// <summary>
/// The icon, served from this origin (the content security policy's <c>img-src 'self'</c>) at /favicon.svg, and at
/// /favicon.ico for the browsers and tools that ask there whatever the page links: an answer, not a 404 per page.
/// </summary>
internal static class Favicon
{
    public const string ContentType = "image/svg+xml";

    public const string Svg = """
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><title>TradingAlerts</title><rect width="32" height="32" rx="6" fill="#1d2330"/><polyline points="4,23 11,16 16,20 27,8" fill="none" stroke="#4ade80" stroke-width="3" stroke-linecap="round" stroke-linejoin="round"/><line x1="4" y1="10" x2="28" y2="10" stroke="#f87171" stroke-width="2" stroke-dasharray="3 2"/></svg>
        """;
}
