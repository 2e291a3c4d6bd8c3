using System.Net;
using TradingAlerts.Core.Sheets;
using TradingAlerts.Http;

namespace TradingAlerts.Sheets;

/// <summary>
/// Sends one request to Google through a <see cref="ResilientHttp"/> client (5xx, timeouts and dropped connections are
/// retried there) and backs off on 429 as well: after the <c>Retry-After</c> Google sends, or 1, 2, 4 … s without one.
/// Transport failures become <see cref="SheetUnavailableException"/>.
/// </summary>
internal sealed class SheetsHttp(HttpClient http, TimeProvider clock, TimeSpan rateLimitBaseDelay)
{
    private const int RateLimitRetries = 4;
    private static readonly TimeSpan LongestWait = TimeSpan.FromMinutes(1);

    public async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> request, string what, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var message = request();
            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(message, ct);
            }
            catch (Exception e) when (HttpFailures.Describe(e, message, ct) is { } failure)
            {
                throw new SheetUnavailableException($"{what}: {failure}", e);
            }

            if (response.StatusCode != HttpStatusCode.TooManyRequests || attempt == RateLimitRetries)
                return response;

            var wait = RetryAfter.From(response.Headers, clock) ?? rateLimitBaseDelay * Math.Pow(2, attempt);
            response.Dispose();
            await Task.Delay(wait < LongestWait ? wait : LongestWait, clock, ct);
        }
    }
}
