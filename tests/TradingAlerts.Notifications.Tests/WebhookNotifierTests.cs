using System.Security.Cryptography;
using System.Text;
using TradingAlerts.Core.Notifications;
using TradingAlerts.Core.Signals;
using TradingAlerts.Notifications.Webhook;

namespace TradingAlerts.Notifications.Tests;

public sealed class WebhookNotifierTests : ChannelServerTests
{
    private const string Secret = "whsec_8f3Kq2LmZ9xR4tV7bN1cD6eH0jP5sW";
    private const string HookPath = "/hooks/trading/t0k3n-in-the-path";

    private static readonly FiringFacts Facts = new(
        "sig-7", "Breakout", "BTCUSDT", ExchangeId.Binance, Condition.Above, 100_000m, 100_250.50m, FiredAt, "take profit");

    private readonly WebhookNotifier notifier;

    public WebhookNotifierTests()
    {
        notifier = new WebhookNotifier(Http, Secret, Clock);
        Clock.Advance(TimeSpan.FromSeconds(3));
    }

    private Notification FiringToHook => Alert with { Recipient = Server.Url + HookPath, Facts = Facts };

    [Fact]
    public async Task SendAsync_Firing_PostsTheDocumentedPayload()
    {
        Serve(HookPath, 200, "ok");

        await notifier.SendAsync(FiringToHook, CancellationToken.None);

        var request = SingleRequest;
        request.Method.Should().Be("POST");
        request.Path.Should().Be(HookPath);
        request.Headers!["Content-Type"].Single().Should().Be("application/json; charset=utf-8");
        request.Body.Should().Be(
            """{"event":"alert.fired","alert_id":"sig-7","alert_name":"Breakout","symbol":"BTCUSDT","exchange":"binance","condition":"above","target":"100000","price":"100250.50","time":"2026-07-01T12:00:00Z","title":"BTCUSDT above 100,000: now 100,250.5","message":"Breakout\nBTCUSDT on binance is 100,250.5, above the target 100,000.\nTime: 2026-07-01 12:00:00 UTC"}""");
    }

    [Fact]
    public async Task SendAsync_MessageWithoutFiring_PostsANoticeWithoutAlertFields()
    {
        Serve(HookPath, 204);

        await notifier.SendAsync(Alert with { Recipient = Server.Url + HookPath, Title = "Exchange down", Message = "bybit has not answered for 3 cycles" }, CancellationToken.None);

        SingleRequest.Body.Should().Be(
            """{"event":"notice","time":"2026-07-01T12:00:00Z","title":"Exchange down","message":"bybit has not answered for 3 cycles"}""");
    }

    [Fact]
    public async Task SendAsync_Firing_SignsTimestampDotBodyWithHmacSha256OfTheSecret()
    {
        Serve(HookPath, 200, "ok");

        await notifier.SendAsync(FiringToHook, CancellationToken.None);

        var request = SingleRequest;
        var timestamp = request.Headers!["X-TradingAlerts-Timestamp"].Single();
        timestamp.Should().Be(Clock.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
        var signed = Encoding.UTF8.GetBytes(timestamp + ".").Concat(request.BodyAsBytes!).ToArray();
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(Secret));
        var expected = "sha256=" + string.Concat(hmac.ComputeHash(signed).Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));
        request.Headers["X-TradingAlerts-Signature"].Single().Should().Be(expected);
    }

    [Fact]
    public async Task SendAsync_OtherSecret_SignatureDiffers()
    {
        Serve(HookPath, 200);

        await notifier.SendAsync(FiringToHook, CancellationToken.None);
        await new WebhookNotifier(Http, Secret + "x", Clock).SendAsync(FiringToHook, CancellationToken.None);

        var signatures = Server.LogEntries.Select(e => e.RequestMessage.Headers!["X-TradingAlerts-Signature"].Single()).ToList();
        signatures.Should().HaveCount(2).And.OnlyHaveUniqueItems();
    }

    [Fact]
    public async Task SendAsync_Accepted_ReturnsSentWithTheReceiversAnswer()
    {
        Serve(HookPath, 202, "{\n  \"queued\": true\n}");

        var outcome = await notifier.SendAsync(FiringToHook, CancellationToken.None);

        outcome.Should().Be(DeliveryOutcome.Sent($"accepted by the webhook at {new Uri(Server.Url!).Authority} (HTTP 202): {{ \"queued\": true }}"));
    }

    [Fact]
    public async Task SendAsync_TooManyRequests_ReturnsTransientWithRetryAfter()
    {
        Serve(HookPath, 429, "slow down", ("Retry-After", "30"));

        var outcome = await notifier.SendAsync(FiringToHook, CancellationToken.None);

        outcome.Should().Be(DeliveryOutcome.Transient($"rate limited by the webhook at {new Uri(Server.Url!).Authority} (HTTP 429)", TimeSpan.FromSeconds(30)));
        Server.LogEntries.Should().ContainSingle();
    }

    [Fact]
    public async Task SendAsync_BadRequest_ReturnsPermanentWithTheAnswerAfterOneRequest()
    {
        Serve(HookPath, 400, "invalid signature");

        var outcome = await notifier.SendAsync(FiringToHook, CancellationToken.None);

        outcome.Should().Be(DeliveryOutcome.Permanent($"the webhook at {new Uri(Server.Url!).Authority} refused the message (HTTP 400): invalid signature"));
        Server.LogEntries.Should().ContainSingle("a 4xx must never be retried");
    }

    [Fact]
    public async Task SendAsync_Always500_ReturnsTransientAfterThreeAttemptsEachSigned()
    {
        Serve(HookPath, 500);

        var outcome = await notifier.SendAsync(FiringToHook, CancellationToken.None);

        outcome.Should().Be(DeliveryOutcome.Transient("HTTP 500 after 3 attempts"));
        Server.LogEntries.Should().HaveCount(3)
            .And.OnlyContain(e => e.RequestMessage.Headers!["X-TradingAlerts-Signature"].Single().StartsWith("sha256=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SendAsync_AnswerSlowerThanAttemptTimeout_SentOnceAndUnconfirmed()
    {
        ServeSlowly(HookPath);
        using var impatient = ImpatientHttp();

        var outcome = await new WebhookNotifier(impatient, Secret, Clock).SendAsync(FiringToHook, CancellationToken.None);

        outcome.Should().Be(DeliveryOutcome.Unconfirmed("no answer within 0.1 s; the message may have arrived"));
        ImpatientRequests.Count.Should().Be(1, "a message that may have arrived is not sent again at once");
    }

    [Fact]
    public async Task SendAsync_NothingListening_ReturnsTransient()
    {
        var url = $"http://127.0.0.1:{ChannelHttp.UnusedLoopbackPort()}{HookPath}";

        var outcome = await notifier.SendAsync(FiringToHook with { Recipient = url }, CancellationToken.None);

        outcome.Kind.Should().Be(DeliveryOutcomeKind.Transient);
        outcome.Response.Should().StartWith("cannot connect to 127.0.0.1:").And.NotContain(HookPath);
    }

    [Theory]
    [InlineData(200, "got secret whsec_8f3Kq2LmZ9xR4tV7bN1cD6eH0jP5sW")]
    [InlineData(403, "POST /hooks/trading/t0k3n-in-the-path forbidden")]
    [InlineData(500, "whsec_8f3Kq2LmZ9xR4tV7bN1cD6eH0jP5sW")]
    public async Task SendAsync_AnswerEchoingSecrets_OutcomeNeverContainsSecretOrPath(int status, string body)
    {
        Serve(HookPath, status, body);

        var outcome = await notifier.SendAsync(FiringToHook, CancellationToken.None);

        outcome.Response.Should().NotContain(Secret).And.NotContain("t0k3n");
    }

    [Theory]
    [InlineData(null, "no recipient: the webhook URL is not set")]
    [InlineData("/hooks/relative", "the webhook URL is not an absolute http(s) URL")]
    public async Task SendAsync_NoUsableUrl_ReturnsPermanentWithoutRequest(string? recipient, string response)
    {
        var outcome = await notifier.SendAsync(FiringToHook with { Recipient = recipient }, CancellationToken.None);

        outcome.Should().Be(DeliveryOutcome.Permanent(response));
        Server.LogEntries.Should().BeEmpty();
    }
}
