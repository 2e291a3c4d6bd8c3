using System.Text.Json;
using TradingAlerts.Core.Notifications;
using TradingAlerts.Notifications.Telegram;

namespace TradingAlerts.Notifications.Tests;

public sealed class TelegramNotifierTests : ChannelServerTests
{
    private const string BotToken = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";
    private const string SendMessagePath = $"/bot{BotToken}/sendMessage";
    private const string ChatId = "-1001234567890";

    /// <summary>The Bot API's answers (shared/reference/api-facts.md, Telegram), verbatim in shape.</summary>
    private const string Sent = """{"ok":true,"result":{"message_id":42,"from":{"id":123456789,"is_bot":true,"first_name":"Alerts"},"chat":{"id":-1001234567890,"type":"supergroup"},"date":1782907200,"text":"BTCUSDT above 100,000"}}""";
    private const string TooMany = """{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 5","parameters":{"retry_after":5}}""";
    private const string ChatNotFound = """{"ok":false,"error_code":400,"description":"Bad Request: chat not found"}""";

    private readonly TelegramNotifier notifier;

    public TelegramNotifierTests()
    {
        notifier = new TelegramNotifier(Http, BotToken, Clock);
    }

    private static Notification ToChat => Alert with { Recipient = ChatId };

    [Fact]
    public async Task SendAsync_Notification_PostsChatIdAndTextAsJsonToTheBotsPath()
    {
        Serve(SendMessagePath, 200, Sent);

        await notifier.SendAsync(ToChat, CancellationToken.None);

        var request = SingleRequest;
        request.Method.Should().Be("POST");
        request.Path.Should().Be(SendMessagePath);
        request.Headers!["Content-Type"].Single().Should().Be("application/json; charset=utf-8");
        request.Headers["User-Agent"].Single().Should().Be("TradingAlerts/1.0");
        using var body = JsonDocument.Parse(request.Body!);
        body.RootElement.EnumerateObject().Select(p => p.Name).Should().Equal("chat_id", "text");
        body.RootElement.GetProperty("chat_id").GetInt64().Should().Be(-1001234567890);
        body.RootElement.GetProperty("text").GetString().Should().Be($"{Alert.Title}\n{Alert.Message}");
    }

    [Fact]
    public async Task SendAsync_ChannelUsername_SendsChatIdAsString()
    {
        Serve(SendMessagePath, 200, Sent);

        await notifier.SendAsync(Alert with { Recipient = " @btc_alerts " }, CancellationToken.None);

        using var body = JsonDocument.Parse(SingleRequest.Body!);
        body.RootElement.GetProperty("chat_id").GetString().Should().Be("@btc_alerts");
    }

    [Fact]
    public async Task SendAsync_Accepted_ReturnsSentWithMessageId()
    {
        Serve(SendMessagePath, 200, Sent);

        var outcome = await notifier.SendAsync(ToChat, CancellationToken.None);

        outcome.Should().Be(DeliveryOutcome.Sent("accepted by Telegram, message 42"));
    }

    [Fact]
    public async Task SendAsync_TooManyRequests_ReturnsTransientWithRetryAfterFromTheBody()
    {
        Serve(SendMessagePath, 429, TooMany, ("Retry-After", "30"));

        var outcome = await notifier.SendAsync(ToChat, CancellationToken.None);

        outcome.Should().Be(DeliveryOutcome.Transient("rate limited by Telegram (HTTP 429)", TimeSpan.FromSeconds(5)));
        Server.LogEntries.Should().ContainSingle("a 429 must not be retried at once");
    }

    [Fact]
    public async Task SendAsync_ChatNotFound_ReturnsPermanentWithTelegramsWordsAfterOneRequest()
    {
        Serve(SendMessagePath, 400, ChatNotFound);

        var outcome = await notifier.SendAsync(ToChat, CancellationToken.None);

        outcome.Should().Be(DeliveryOutcome.Permanent("Telegram refused the message (HTTP 400): Bad Request: chat not found"));
        Server.LogEntries.Should().ContainSingle("a 4xx must never be retried");
    }

    [Fact]
    public async Task SendAsync_Always502_ReturnsTransientAfterThreeAttempts()
    {
        Serve(SendMessagePath, 502, "Bad Gateway");

        var outcome = await notifier.SendAsync(ToChat, CancellationToken.None);

        outcome.Should().Be(DeliveryOutcome.Transient("HTTP 502 after 3 attempts"));
        Server.LogEntries.Should().HaveCount(3);
    }

    [Fact]
    public async Task SendAsync_AnswerSlowerThanAttemptTimeout_SentOnceAndUnconfirmed()
    {
        ServeSlowly(SendMessagePath);
        using var impatient = ImpatientHttp();

        var outcome = await new TelegramNotifier(impatient, BotToken, Clock).SendAsync(ToChat, CancellationToken.None);

        outcome.Should().Be(DeliveryOutcome.Unconfirmed("no answer within 0.1 s; the message may have arrived"));
        ImpatientRequests.Count.Should().Be(1, "a message that may have arrived is not sent again at once");
    }

    [Fact]
    public async Task SendAsync_NothingListening_ReturnsTransientWithoutTheToken()
    {
        using var nowhere = NowhereHttp();

        var outcome = await new TelegramNotifier(nowhere, BotToken, Clock).SendAsync(ToChat, CancellationToken.None);

        outcome.Kind.Should().Be(DeliveryOutcomeKind.Transient);
        outcome.Response.Should().StartWith("cannot connect to 127.0.0.1:").And.NotContain(BotToken);
    }

    [Theory]
    [InlineData(200, Sent)]
    [InlineData(401, """{"ok":false,"error_code":401,"description":"Unauthorized: bot123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"}""")]
    [InlineData(429, TooMany)]
    [InlineData(500, "/bot123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw/sendMessage failed")]
    public async Task SendAsync_AnyAnswer_OutcomeNeverContainsTheBotToken(int status, string body)
    {
        Serve(SendMessagePath, status, body);

        var outcome = await notifier.SendAsync(ToChat, CancellationToken.None);

        outcome.Response.Should().NotContain(BotToken).And.NotContain("AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw");
    }

    [Theory]
    [InlineData(null)]
    [InlineData(" ")]
    public async Task SendAsync_NoChatId_ReturnsPermanentWithoutRequest(string? recipient)
    {
        var outcome = await notifier.SendAsync(Alert with { Recipient = recipient }, CancellationToken.None);

        outcome.Should().Be(DeliveryOutcome.Permanent("no recipient: the Telegram chat id is not set"));
        Server.LogEntries.Should().BeEmpty();
    }

    [Fact]
    public async Task SendAsync_OverlongMessage_SendsTextShortenedToTelegramsLimit()
    {
        Serve(SendMessagePath, 200, Sent);

        await notifier.SendAsync(ToChat with { Message = new string('m', 5000) }, CancellationToken.None);

        using var body = JsonDocument.Parse(SingleRequest.Body!);
        body.RootElement.GetProperty("text").GetString().Should().HaveLength(4096).And.StartWith(Alert.Title).And.EndWith("m…");
        notifier.Fits(ToChat with { Message = new string('m', 4096 - ToChat.Title.Length) }).Should().BeFalse("title, newline and message make the text");
        notifier.Fits(ToChat with { Message = new string('m', 4095 - ToChat.Title.Length) }).Should().BeTrue();
    }
}
