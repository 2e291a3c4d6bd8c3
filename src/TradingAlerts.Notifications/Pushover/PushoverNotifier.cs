using System.Globalization;
using TradingAlerts.Core.Notifications;
using TradingAlerts.Http;

namespace TradingAlerts.Notifications.Pushover;

/// <summary>Sends a notification through Pushover's Message API (<c>POST /1/messages.json</c>, form-urlencoded).</summary>
/// <remarks>
/// Give it a client from <see cref="ResilientHttp.Create"/> with base address https://api.pushover.net,
/// <see cref="HttpRetryOptions.BaseDelay"/> of at least 5 s (Pushover asks for no retry sooner than 5 s after a 5xx
/// or no reply) and <see cref="HttpRetryOptions.MaxConnectionsPerServer"/> = 2 (Pushover's limit). That client
/// retries 5xx answers, timeouts and connection failures; a 4xx is sent once and never again, because Pushover
/// blocks an IP that keeps sending bad requests. An urgent notification is sent with emergency priority 2, and its
/// outcome carries Pushover's receipt (see <see cref="PushoverReceipts"/>). The app token is a secret: no outcome
/// ever contains it.
/// </remarks>
public sealed class PushoverNotifier : INotifier
{
    private const string MessagesPath = "1/messages.json";
    private const int MaxTitleLength = 250;
    private const int MaxMessageLength = 1024;
    private const string EmergencyPriority = "2";

    private readonly HttpClient http;
    private readonly string appToken;
    private readonly TimeProvider clock;
    private readonly PushoverEmergency emergency;
    private readonly Secret[] secrets;

    public PushoverNotifier(HttpClient http, string appToken, TimeProvider clock, PushoverEmergency? emergency = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentException.ThrowIfNullOrWhiteSpace(appToken);
        ArgumentNullException.ThrowIfNull(clock);
        emergency?.Validate();
        this.http = http;
        this.appToken = appToken;
        this.clock = clock;
        this.emergency = emergency ?? new PushoverEmergency();
        secrets = [new(appToken, "[app token]")];
    }

    public async Task<DeliveryOutcome> SendAsync(Notification notification, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(notification);
        ct.ThrowIfCancellationRequested();

        if (string.IsNullOrWhiteSpace(notification.Recipient))
            return DeliveryOutcome.Permanent("no recipient: set PUSHOVER_USER_KEY or give the alert a user key");

        using var request = new HttpRequestMessage(HttpMethod.Post, MessagesPath) { Content = Form(notification) };
        return await HttpDelivery.SendAsync(http, request, PushoverAnswers.Instance, clock, secrets, ct);
    }

    public bool Fits(Notification notification) =>
        notification.Title.Length <= MaxTitleLength && notification.Message.Length <= MaxMessageLength;

    private FormUrlEncodedContent Form(Notification notification)
    {
        var fields = new List<KeyValuePair<string, string>>
        {
            new("token", appToken),
            new("user", notification.Recipient!.Trim()),
            new("title", HttpDelivery.Truncate(notification.Title, MaxTitleLength)),
            new("message", HttpDelivery.Truncate(notification.Message, MaxMessageLength)),
            new("timestamp", notification.Time.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)),
        };

        if (notification.Urgent)
        {
            fields.Add(new("priority", EmergencyPriority));
            fields.Add(new("retry", Seconds(emergency.Retry)));
            fields.Add(new("expire", Seconds(emergency.Expire)));
        }

        return new FormUrlEncodedContent(fields);
    }

    private static string Seconds(TimeSpan duration) => ((long)duration.TotalSeconds).ToString(CultureInfo.InvariantCulture);

    private sealed class PushoverAnswers : ServiceAnswers
    {
        public static readonly PushoverAnswers Instance = new();

        public override string Service => "Pushover";

        public override string RateLimited => "Pushover message quota exhausted";

        public override DeliveryOutcome Accepted(HttpResponseMessage response, byte[] body) =>
            HttpDelivery.Read(body, PushoverJsonContext.Default.PushoverResponse) switch
            {
                null => DeliveryOutcome.Transient($"unreadable response from Pushover (HTTP {(int)response.StatusCode} without the expected JSON)"),
                { Status: 1, Receipt: { Length: > 0 } receipt } answer =>
                    DeliveryOutcome.Sent($"accepted by Pushover, request {answer.Request ?? "(no id)"}, receipt {receipt}") with { Receipt = receipt },
                { Status: 1 } answer => DeliveryOutcome.Sent($"accepted by Pushover, request {answer.Request ?? "(no id)"}"),
                var answer => DeliveryOutcome.Permanent(
                    $"Pushover refused the message (HTTP {(int)response.StatusCode}, status {answer.Status?.ToString(CultureInfo.InvariantCulture) ?? "missing"}){Describe(answer)}"),
            };

        public override string Details(byte[] body) => Describe(HttpDelivery.Read(body, PushoverJsonContext.Default.PushoverResponse));

        /// <summary>Retry-After when given, else the quota's reset time (X-Limit-App-Reset, unix seconds), else unknown.</summary>
        public override TimeSpan? RateLimitWait(HttpResponseMessage response, byte[] body, TimeProvider clock)
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

        private static string Describe(PushoverResponse? answer)
        {
            if (answer is null)
                return string.Empty;

            var errors = answer.Errors is { Count: > 0 } list ? $": {string.Join("; ", list)}" : string.Empty;
            var id = answer.Request is { Length: > 0 } request ? $" (request {request})" : string.Empty;
            return errors + id;
        }
    }
}
