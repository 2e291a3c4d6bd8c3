using System.Globalization;
using System.Net.Http.Json;
using TradingAlerts.Core.Notifications;
using TradingAlerts.Http;

namespace TradingAlerts.Notifications.Discord;

/// <summary>
/// Posts a notification to a Discord channel through its webhook: <c>POST {webhook URL}</c> with JSON
/// <c>{"content":"title\nmessage","allowed_mentions":{"parse":[]}}</c>; Discord answers 204 No Content.
/// The recipient is the webhook URL (https://discord.com/api/webhooks/{id}/{token}).
/// </summary>
/// <remarks>
/// Give it a client from <see cref="ResilientHttp.Create"/> (base address https://discord.com; the recipient's absolute
/// URL is used as it is). A 429 carries <c>retry_after</c> in seconds (a fraction) in its body and a Retry-After
/// header; the outcome's RetryAfter honours the body, else the header. The webhook URL holds a token: no outcome ever
/// contains it, nor its path.
/// </remarks>
public sealed class DiscordNotifier : INotifier
{
    /// <summary>Discord refuses longer content.</summary>
    private const int MaxContentLength = 2000;

    private static readonly DiscordAllowedMentions NoMentions = new([]);

    private readonly HttpClient http;
    private readonly TimeProvider clock;

    public DiscordNotifier(HttpClient http, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(clock);
        this.http = http;
        this.clock = clock;
    }

    public bool Fits(Notification notification) => Content(notification).Length <= MaxContentLength;

    private static string Content(Notification notification) => $"{notification.Title}\n{notification.Message}";

    public async Task<DeliveryOutcome> SendAsync(Notification notification, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(notification);
        ct.ThrowIfCancellationRequested();

        if (!HttpDelivery.TryRecipientUrl(notification.Recipient, "the Discord webhook URL", out var webhook, out var refusal))
            return refusal;

        var content = HttpDelivery.Truncate(Content(notification), MaxContentLength);
        using var request = new HttpRequestMessage(HttpMethod.Post, webhook)
        {
            Content = JsonContent.Create(new DiscordMessage(content, NoMentions), DiscordJsonContext.Default.DiscordMessage),
        };
        return await HttpDelivery.SendAsync(http, request, DiscordAnswers.Instance, clock, HttpDelivery.UrlSecrets(webhook, "[webhook URL]"), ct);
    }

    private sealed class DiscordAnswers : ServiceAnswers
    {
        public static readonly DiscordAnswers Instance = new();

        public override string Service => "Discord";

        public override DeliveryOutcome Accepted(HttpResponseMessage response, byte[] body) =>
            DeliveryOutcome.Sent($"accepted by Discord (HTTP {(int)response.StatusCode})");

        public override string Details(byte[] body) => Read(body) switch
        {
            { Message: { Length: > 0 } message, Code: { } code } => $": {message} (code {code.ToString(CultureInfo.InvariantCulture)})",
            { Message: { Length: > 0 } message } => $": {message}",
            _ => string.Empty,
        };

        public override TimeSpan? RateLimitWait(HttpResponseMessage response, byte[] body, TimeProvider clock) =>
            Read(body) is { RetryAfter: >= 0 and var seconds }
                ? TimeSpan.FromTicks((long)(seconds * TimeSpan.TicksPerSecond))
                : base.RateLimitWait(response, body, clock);

        private static DiscordError? Read(byte[] body) => HttpDelivery.Read(body, DiscordJsonContext.Default.DiscordError);
    }
}
