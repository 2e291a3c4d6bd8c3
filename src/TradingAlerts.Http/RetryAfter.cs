using System.Net.Http.Headers;

namespace TradingAlerts.Http;

public static class RetryAfter
{
    /// <summary>
    /// The wait a <c>Retry-After</c> header asks for, as delta-seconds or as an HTTP date measured from
    /// <paramref name="clock"/>'s now (a date in the past means no wait); null when the header is absent.
    /// </summary>
    public static TimeSpan? From(HttpResponseHeaders headers, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(clock);

        return headers.RetryAfter switch
        {
            { Delta: { } delta } => delta < TimeSpan.Zero ? TimeSpan.Zero : delta,
            { Date: { } date } => Max(date - clock.GetUtcNow(), TimeSpan.Zero),
            _ => null,
        };
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
