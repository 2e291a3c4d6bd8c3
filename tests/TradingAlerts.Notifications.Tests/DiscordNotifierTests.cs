using TradingAlerts.Core.Notifications;
using TradingAlerts.Notifications.Discord;

namespace TradingAlerts.Notifications.Tests;

public sealed class DiscordNotifierTests : ChannelServerTests
{
    private const string WebhookToken = "Xq9-rT2vZk8LmN3pQs7uWy1aBc4dEf6gHi0jKl5oPr_StUv";
    private const string WebhookPath = $"/api/webhooks/1187654321098765432/{WebhookToken}";

    /// <summary>Discord's bodies (shared/reference/api-facts.md, Discord webhook).</summary>
    private const string RateLimited = """{"message":"You are being rate limited.","retry_after":64.57,"global":false}""";
    private const string UnknownWebhook = """{"message":"Unknown Webhook","code":10015}""";

    private readonly DiscordNotifier notifier;

    public DiscordNotifierTests()
    {
        notifier = new DiscordNotifier(Http, Clock);
    }

    private string WebhookUrl => Server.Url + WebhookPath;

    private Notification ToWebhook => Alert with { Recipient = WebhookUrl };

    [Fact]
    public async Task SendAsync_Notification_PostsContentWithoutMentionsToTheWebhookUrl()
    {
        Serve(WebhookPath, 204);

        await notifier.SendAsync(ToWebhook, CancellationToken.None);

        var request = SingleRequest;
        request.Method.Should().Be("POST");
        request.Path.Should().Be(WebhookPath);
        request.Headers!["Content-Type"].Single().Should().Be("application/json; charset=utf-8");
        request.Body.Should().Be(
            """{"content":"BTCUSDT above 100,000: now 100,250.5\nBreakout\nBTCUSDT on binance is 100,250.5, above the target 100,000.\nTime: 2026-07-01 12:00:00 UTC","allowed_mentions":{"parse":[]}}""");
    }

    [Fact]
    public async Task SendAsync_NoContent_ReturnsSent()
    {
        Serve(WebhookPath, 204);

        var outcome = await notifier.SendAsync(ToWebhook, CancellationToken.None);

        outcome.Should().Be(DeliveryOutcome.Sent("accepted by Discord (HTTP 204)"));
    }

    [Fact]
    public async Task SendAsync_RateLimited_ReturnsTransientWithTheBodysFractionalRetryAfter()
    {
        Serve(WebhookPath, 429, RateLimited, ("Retry-After", "65"));

        var outcome = await notifier.SendAsync(ToWebhook, CancellationToken.None);

        outcome.Should().Be(DeliveryOutcome.Transient("rate limited by Discord (HTTP 429)", TimeSpan.FromMilliseconds(64_570)));
        Server.LogEntries.Should().ContainSingle("a 429 must not be retried at once");
    }

    [Fact]
    public async Task SendAsync_RateLimitedWithHeaderOnly_ReturnsTransientWithRetryAfterHeader()
    {
        Serve(WebhookPath, 429, "", ("Retry-After", "7"));

        var outcome = await notifier.SendAsync(ToWebhook, CancellationToken.None);

        outcome.RetryAfter.Should().Be(TimeSpan.FromSeconds(7));
    }

    [Fact]
    public async Task SendAsync_UnknownWebhook_ReturnsPermanentWithDiscordsWordsAfterOneRequest()
    {
        Serve(WebhookPath, 404, UnknownWebhook);

        var outcome = await notifier.SendAsync(ToWebhook, CancellationToken.None);

        outcome.Should().Be(DeliveryOutcome.Permanent("Discord refused the message (HTTP 404): Unknown Webhook (code 10015)"));
        Server.LogEntries.Should().ContainSingle("a 4xx must never be retried");
    }

    [Fact]
    public async Task SendAsync_Always503_ReturnsTransientAfterThreeAttempts()
    {
        Serve(WebhookPath, 503);

        var outcome = await notifier.SendAsync(ToWebhook, CancellationToken.None);

        outcome.Should().Be(DeliveryOutcome.Transient("HTTP 503 after 3 attempts"));
        Server.LogEntries.Should().HaveCount(3);
    }

    [Fact]
    public async Task SendAsync_AnswerSlowerThanAttemptTimeout_SentOnceAndUnconfirmed()
    {
        ServeSlowly(WebhookPath);
        using var impatient = ImpatientHttp();

        var outcome = await new DiscordNotifier(impatient, Clock).SendAsync(ToWebhook, CancellationToken.None);

        outcome.Should().Be(DeliveryOutcome.Unconfirmed("no answer within 0.1 s; the message may have arrived"));
        ImpatientRequests.Count.Should().Be(1, "a message that may have arrived is not sent again at once");
    }

    [Theory]
    [InlineData(204, "")]
    [InlineData(401, """{"message":"Invalid Webhook Token for /api/webhooks/1187654321098765432/Xq9-rT2vZk8LmN3pQs7uWy1aBc4dEf6gHi0jKl5oPr_StUv","code":50027}""")]
    [InlineData(429, RateLimited)]
    [InlineData(500, "")]
    public async Task SendAsync_AnyAnswer_OutcomeNeverContainsTheWebhookToken(int status, string body)
    {
        Serve(WebhookPath, status, body);

        var outcome = await notifier.SendAsync(ToWebhook, CancellationToken.None);

        outcome.Response.Should().NotContain(WebhookToken).And.NotBeNullOrWhiteSpace();
    }

    [Fact]
    public async Task SendAsync_NothingListening_ReturnsTransientWithoutTheToken()
    {
        var url = $"http://127.0.0.1:{ChannelHttp.UnusedLoopbackPort()}{WebhookPath}";

        var outcome = await notifier.SendAsync(Alert with { Recipient = url }, CancellationToken.None);

        outcome.Kind.Should().Be(DeliveryOutcomeKind.Transient);
        outcome.Response.Should().StartWith("cannot connect to 127.0.0.1:").And.NotContain(WebhookToken);
    }

    [Theory]
    [InlineData(null, "no recipient: the Discord webhook URL is not set")]
    [InlineData("discord.com/api/webhooks/1/abc", "the Discord webhook URL is not an absolute http(s) URL")]
    [InlineData("ftp://discord.com/api/webhooks/1/abc", "the Discord webhook URL is not an absolute http(s) URL")]
    public async Task SendAsync_NoUsableWebhookUrl_ReturnsPermanentWithoutRequestOrEcho(string? recipient, string response)
    {
        var outcome = await notifier.SendAsync(Alert with { Recipient = recipient }, CancellationToken.None);

        outcome.Should().Be(DeliveryOutcome.Permanent(response));
        Server.LogEntries.Should().BeEmpty();
    }

    [Fact]
    public async Task SendAsync_OverlongMessage_SendsContentShortenedToDiscordsLimit()
    {
        Serve(WebhookPath, 204);

        await notifier.SendAsync(ToWebhook with { Message = "@everyone " + new string('m', 3000) }, CancellationToken.None);

        var body = System.Text.Json.JsonDocument.Parse(SingleRequest.Body!).RootElement;
        body.GetProperty("content").GetString().Should().HaveLength(2000).And.EndWith("m…");
        notifier.Fits(ToWebhook with { Message = new string('m', 2000 - ToWebhook.Title.Length) }).Should().BeFalse();
        notifier.Fits(ToWebhook with { Message = new string('m', 1999 - ToWebhook.Title.Length) }).Should().BeTrue();
        body.GetProperty("allowed_mentions").GetProperty("parse").GetArrayLength().Should().Be(0, "@everyone must ping nobody");
    }
}
