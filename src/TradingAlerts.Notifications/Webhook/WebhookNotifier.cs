using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using TradingAlerts.Core.Notifications;
using TradingAlerts.Core.Signals;
using TradingAlerts.Http;

namespace TradingAlerts.Notifications.Webhook;

/// <summary>
/// Posts a notification as JSON (<see cref="WebhookPayload"/>) to the recipient's webhook URL, signed so that the
/// receiver can tell it came from us and was not replayed long after.
/// </summary>
/// <remarks>
/// Headers: <c>X-TradingAlerts-Timestamp</c>, the unix seconds when the request was built, and
/// <c>X-TradingAlerts-Signature: sha256=&lt;hex&gt;</c>, the lowercase hex HMAC-SHA256, keyed with the UTF-8 bytes of the
/// secret, of the ASCII timestamp, one '.', then the exact body bytes. A 2xx is success; 429 waits as Retry-After
/// says; another 4xx is permanent; 5xx, timeouts and connection failures are retried. Give it a client from
/// <see cref="ResilientHttp.Create"/>. Neither the secret nor the URL (which may hold a token) appears in an outcome.
/// </remarks>
public sealed class WebhookNotifier : INotifier
{
    public const string SignatureHeader = "X-TradingAlerts-Signature";
    public const string TimestampHeader = "X-TradingAlerts-Timestamp";
    private const int MaxAnswerLength = 200;

    private readonly HttpClient http;
    private readonly byte[] key;
    private readonly Secret secret;
    private readonly TimeProvider clock;

    public WebhookNotifier(HttpClient http, string secret, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentException.ThrowIfNullOrWhiteSpace(secret);
        ArgumentNullException.ThrowIfNull(clock);
        this.http = http;
        key = Encoding.UTF8.GetBytes(secret);
        this.secret = new(secret, "[webhook secret]");
        this.clock = clock;
    }

    public async Task<DeliveryOutcome> SendAsync(Notification notification, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(notification);
        ct.ThrowIfCancellationRequested();

        if (!HttpDelivery.TryRecipientUrl(notification.Recipient, "the webhook URL", out var url, out var refusal))
            return refusal;

        var body = JsonSerializer.SerializeToUtf8Bytes(Payload(notification), WebhookJsonContext.Default.WebhookPayload);
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
        request.Headers.Add(TimestampHeader, timestamp);
        request.Headers.Add(SignatureHeader, Signature(timestamp, body));

        Secret[] secrets = [secret, .. HttpDelivery.UrlSecrets(url, "[webhook URL]")];
        return await HttpDelivery.SendAsync(http, request, new WebhookAnswers(url.Authority), clock, secrets, ct);
    }

    private string Signature(string timestamp, byte[] body)
    {
        var signed = new byte[timestamp.Length + 1 + body.Length];
        Encoding.ASCII.GetBytes(timestamp, signed);
        signed[timestamp.Length] = (byte)'.';
        body.CopyTo(signed, timestamp.Length + 1);
        return $"sha256={Convert.ToHexStringLower(HMACSHA256.HashData(key, signed))}";
    }

    private static WebhookPayload Payload(Notification notification) => notification.Facts is { } firing
        ? new("alert.fired", firing.AlertId, firing.Name, firing.Symbol, firing.Exchange.ToWire(), firing.Condition.ToWire(),
            firing.Target?.ToString(CultureInfo.InvariantCulture), Digits(firing.Price), notification.Time.UtcDateTime, notification.Title, notification.Message)
        : new("notice", null, null, null, null, null, null, null, notification.Time.UtcDateTime, notification.Title, notification.Message);

    private static string Digits(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    private sealed class WebhookAnswers(string host) : ServiceAnswers
    {
        public override string Service => $"the webhook at {host}";

        public override DeliveryOutcome Accepted(HttpResponseMessage response, byte[] body) =>
            DeliveryOutcome.Sent($"accepted by {Service} (HTTP {(int)response.StatusCode}){Details(body)}");

        /// <summary>The start of the receiver's answer, on one line.</summary>
        public override string Details(byte[] body)
        {
            var text = string.Join(' ', Encoding.UTF8.GetString(body).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
            return text.Length == 0 ? string.Empty : $": {HttpDelivery.Truncate(text, MaxAnswerLength)}";
        }
    }
}
