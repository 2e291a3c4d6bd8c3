using System.Globalization;
using System.Net;
using System.Text.Json;
using TradingAlerts.Core.Notifications;
using TradingAlerts.Http;

namespace TradingAlerts.Notifications.Pushover;

/// <summary>Sends a notification through Pushover's Message API (<c>POST /1/messages.json</c>, form-urlencoded).</summary>
/// <remarks>
/// Give it a client from <see cref="ResilientHttp.Create"/> with base address https://api.pushover.net,
/// <see cref="HttpRetryOptions.BaseDelay"/> of at least 5 s (Pushover asks for no retry sooner than 5 s after a 5xx
/// or no reply) and <see cref="HttpRetryOptions.MaxConnectionsPerServer"/> = 2 (Pushover's limit). That client
/// retries 5xx answers, timeouts and connection failures; a 4xx is sent once and never again, because Pushover
/// blocks an IP that keeps sending bad requests. The app token is a secret: no outcome ever contains it.
/// </remarks>
public sealed class PushoverNotifier : INotifier
{
    private const string MessagesPath = "1/messages.json";
    private const int MaxTitleLength = 250;
    private const int MaxMessageLength = 1024;
    private const string Redacted = "[app token]";

    private readonly HttpClient http;
    private readonly string appToken;
    private readonly TimeProvider clock;

    public PushoverNotifier(HttpClient http, string appToken, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentException.ThrowIfNullOrWhiteSpace(appToken);
        ArgumentNullException.ThrowIfNull(clock);
        this.http = http;
        this.appToken = appToken;
        this.clock = clock;
    }

    public async Task<DeliveryOutcome> SendAsync(Notification notification, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(notification);
        ct.ThrowIfCancellationRequested();

        if (string.IsNullOrWhiteSpace(notification.Recipient))
            return DeliveryOutcome.Permanent("no recipient: set PUSHOVER_USER_KEY or give the alert a user key");

        using var request = new HttpRequestMessage(HttpMethod.Post, MessagesPath) { Content = Form(notification) };
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, ct);
        }
        catch (Exception e) when (HttpFailures.Describe(e, request, ct) is { } reason)
        {
            return DeliveryOutcome.Transient(Redact(reason));
        }

        using (response)
        {
            var outcome = await InterpretAsync(response, ct);
            return outcome with { Response = Redact(outcome.Response) };
        }
    }

    private FormUrlEncodedContent Form(Notification notification) => new(
    [
        new("token", appToken),
        new("user", notification.Recipient!.Trim()),
        new("title", Truncate(notification.Title, MaxTitleLength)),
        new("message", Truncate(notification.Message, MaxMessageLength)),
        new("timestamp", notification.Time.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)),
    ]);

    private async Task<DeliveryOutcome> InterpretAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var status = (int)response.StatusCode;
        if (status >= 500)
            return DeliveryOutcome.Transient(HttpFailures.StatusAfterAttempts(response), RetryAfter.From(response.Headers, clock));

        if (response.StatusCode == HttpStatusCode.TooManyRequests)
            return DeliveryOutcome.Transient("Pushover message quota exhausted (HTTP 429)", QuotaWait(response));

        var body = await ReadAsync(response, ct);
        if (status is >= 400 and < 500)
            return DeliveryOutcome.Permanent($"Pushover refused the message (HTTP {status}){Details(body)}");

        if (response.StatusCode != HttpStatusCode.OK)
            return DeliveryOutcome.Transient($"unexpected answer from Pushover: HTTP {status}");

        return body switch
        {
            null => DeliveryOutcome.Transient("unreadable response from Pushover (HTTP 200 without the expected JSON)"),
            { Status: 1 } => DeliveryOutcome.Sent($"accepted by Pushover, request {body.Request ?? "(no id)"}"),
            _ => DeliveryOutcome.Permanent(
                $"Pushover refused the message (HTTP 200, status {body.Status?.ToString(CultureInfo.InvariantCulture) ?? "missing"}){Details(body)}"),
        };
    }

    /// <summary>Retry-After when given, else the quota's reset time (X-Limit-App-Reset, unix seconds), else unknown.</summary>
    private TimeSpan? QuotaWait(HttpResponseMessage response)
    {
        if (RetryAfter.From(response.Headers, clock) is { } wait)
            return wait;

        if (response.Headers.TryGetValues("X-Limit-App-Reset", out var values)
            && long.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var resetSeconds))
        {
            var untilReset = DateTimeOffset.FromUnixTimeSeconds(resetSeconds) - clock.GetUtcNow();
            return untilReset > TimeSpan.Zero ? untilReset : TimeSpan.Zero;
        }

        return null;
    }

    private static async Task<PushoverResponse?> ReadAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            var bytes = await response.Content.ReadAsByteArrayAsync(ct);
            return JsonSerializer.Deserialize(bytes, PushoverJsonContext.Default.PushoverResponse);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Details(PushoverResponse? body)
    {
        if (body is null)
            return string.Empty;

        var errors = body.Errors is { Count: > 0 } list ? $": {string.Join("; ", list)}" : string.Empty;
        var id = body.Request is { Length: > 0 } request ? $" (request {request})" : string.Empty;
        return errors + id;
    }

    /// <summary>Pushover refuses an over-long field (a permanent failure); a shortened alert is better than none.</summary>
    private static string Truncate(string text, int max) =>
        text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");

    private string Redact(string text) => text.Replace(appToken, Redacted, StringComparison.Ordinal);
}
