using System.Buffers;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using TradingAlerts.Core.Notifications;
using TradingAlerts.Http;

namespace TradingAlerts.Notifications.Telegram;

/// <summary>
/// Sends a notification as a Telegram bot message: <c>POST {base}/bot{token}/sendMessage</c> with JSON
/// <c>{"chat_id":…,"text":"title\nmessage"}</c>, plain text (no parse mode, so nothing in an alert needs escaping).
/// The recipient is the chat id: a number (a user, group or channel id) or <c>@channelusername</c>.
/// </summary>
/// <remarks>
/// Give it a client from <see cref="ResilientHttp.Create"/> with base address https://api.telegram.org. A 429 carries
/// <c>parameters.retry_after</c> (seconds), which the outcome's RetryAfter honours. The bot token is a secret that
/// travels in the URL path: no outcome ever contains it.
/// </remarks>
public sealed class TelegramNotifier : INotifier
{
    private const int MaxTextLength = 4096;

    private readonly HttpClient http;
    private readonly TimeProvider clock;
    private readonly Uri sendMessage;
    private readonly Secret[] secrets;

    public TelegramNotifier(HttpClient http, string botToken, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentException.ThrowIfNullOrWhiteSpace(botToken);
        ArgumentNullException.ThrowIfNull(clock);
        this.http = http;
        this.clock = clock;

        // "./" keeps the token's colon from reading as a URI scheme, and keeps any path of the base address.
        sendMessage = new Uri($"./bot{botToken.Trim()}/sendMessage", UriKind.Relative);
        secrets = [new(botToken.Trim(), "[bot token]")];
    }

    public async Task<DeliveryOutcome> SendAsync(Notification notification, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(notification);
        ct.ThrowIfCancellationRequested();

        if (string.IsNullOrWhiteSpace(notification.Recipient))
            return DeliveryOutcome.Permanent("no recipient: the Telegram chat id is not set");

        using var request = new HttpRequestMessage(HttpMethod.Post, sendMessage)
        {
            Content = Body(notification.Recipient.Trim(), HttpDelivery.Truncate(Text(notification), MaxTextLength)),
        };
        return await HttpDelivery.SendAsync(http, request, TelegramAnswers.Instance, clock, secrets, ct);
    }

    public bool Fits(Notification notification) => Text(notification).Length <= MaxTextLength;

    private static string Text(Notification notification) => $"{notification.Title}\n{notification.Message}";

    /// <summary>A numeric chat id goes as a JSON number, <c>@channelusername</c> as a string, as the Bot API types them.</summary>
    private static ByteArrayContent Body(string chatId, string text)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (long.TryParse(chatId, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var id))
                json.WriteNumber("chat_id", id);
            else
                json.WriteString("chat_id", chatId);
            json.WriteString("text", text);
            json.WriteEndObject();
        }

        var content = new ByteArrayContent(buffer.WrittenSpan.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return content;
    }

    private sealed class TelegramAnswers : ServiceAnswers
    {
        public static readonly TelegramAnswers Instance = new();

        public override string Service => "Telegram";

        public override DeliveryOutcome Accepted(HttpResponseMessage response, byte[] body) =>
            Read(body) is { Result.MessageId: { } id }
                ? DeliveryOutcome.Sent($"accepted by Telegram, message {id.ToString(CultureInfo.InvariantCulture)}")
                : DeliveryOutcome.Sent($"accepted by Telegram (HTTP {(int)response.StatusCode})");

        public override string Details(byte[] body) =>
            Read(body) is { Description: { Length: > 0 } description } ? $": {description}" : string.Empty;

        public override TimeSpan? RateLimitWait(HttpResponseMessage response, byte[] body, TimeProvider clock) =>
            Read(body) is { Parameters.RetryAfter: { } seconds } ? TimeSpan.FromSeconds(seconds) : base.RateLimitWait(response, body, clock);

        private static TelegramResponse? Read(byte[] body) => HttpDelivery.Read(body, TelegramJsonContext.Default.TelegramResponse);
    }
}
