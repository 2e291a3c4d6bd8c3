using System.Web;
using TradingAlerts.Core.Notifications;
using TradingAlerts.Http;
using TradingAlerts.Notifications.Pushover;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace TradingAlerts.Notifications.Tests;

public sealed class PushoverNotifierTests : ChannelServerTests
{
    private const string MessagesPath = "/1/messages.json";
    private const string AppToken = "a1b2c3d4e5f6g7h8i9j0k1l2m3n4o5";
    private const string UserKey = "u9s8e7r6k5e4y3u2s1e0r9k8e7y6u5";

    private readonly PushoverNotifier notifier;

    public PushoverNotifierTests()
    {
        notifier = new PushoverNotifier(Http, AppToken, Clock);
    }

    private static Notification ToUser => Alert with { Recipient = UserKey };

    [Fact]
    public async Task SendAsync_Notification_PostsExactFormFields()
    {
        Serve(200, PushoverBodies.Success);

        await notifier.SendAsync(ToUser, CancellationToken.None);

        var request = Server.LogEntries.Should().ContainSingle().Subject.RequestMessage;
        request.Method.Should().Be("POST");
        request.Path.Should().Be(MessagesPath);
        request.Headers!["Content-Type"].Single().Should().StartWith("application/x-www-form-urlencoded");
        request.Headers["User-Agent"].Single().Should().Be("TradingAlerts/1.0");

        var form = HttpUtility.ParseQueryString(request.Body!);
        form.AllKeys.Should().BeEquivalentTo("token", "user", "title", "message", "timestamp");
        form["token"].Should().Be(AppToken);
        form["user"].Should().Be(UserKey);
        form["title"].Should().Be(ToUser.Title);
        form["message"].Should().Be(ToUser.Message);
        form["timestamp"].Should().Be("1782907200");
    }

    [Fact]
    public async Task SendAsync_Accepted_ReturnsSentWithRequestId()
    {
        Serve(200, PushoverBodies.Success);

        var outcome = await notifier.SendAsync(ToUser, CancellationToken.None);

        outcome.Should().Be(DeliveryOutcome.Sent("accepted by Pushover, request 647d2300-702c-4b38-8b2f-d56326ae460b"));
    }

    [Fact]
    public async Task SendAsync_Http400InvalidUser_ReturnsPermanentAfterOneRequest()
    {
        Serve(400, PushoverBodies.InvalidUser);

        var outcome = await notifier.SendAsync(ToUser, CancellationToken.None);

        outcome.Kind.Should().Be(DeliveryOutcomeKind.Permanent);
        outcome.Response.Should().Contain("HTTP 400").And.Contain("user identifier is invalid");
        Server.LogEntries.Should().ContainSingle("a 4xx must never be retried");
    }

    [Fact]
    public async Task SendAsync_Http200WithStatusZero_ReturnsPermanent()
    {
        Serve(200, """{"errors":["message cannot be blank"],"status":0,"request":"r-1"}""");

        var outcome = await notifier.SendAsync(ToUser, CancellationToken.None);

        outcome.Kind.Should().Be(DeliveryOutcomeKind.Permanent);
        outcome.Response.Should().Contain("message cannot be blank");
        Server.LogEntries.Should().ContainSingle();
    }

    [Fact]
    public async Task SendAsync_500ThenAccepted_ReturnsSentAfterTwoRequests()
    {
        Server.Given(Request.Create().WithPath(MessagesPath).UsingPost())
            .InScenario("flaky").WillSetStateTo("recovered")
            .RespondWith(Response.Create().WithStatusCode(500));
        Server.Given(Request.Create().WithPath(MessagesPath).UsingPost())
            .InScenario("flaky").WhenStateIs("recovered")
            .RespondWith(Response.Create().WithStatusCode(200).WithBody(PushoverBodies.Success));

        var outcome = await notifier.SendAsync(ToUser, CancellationToken.None);

        outcome.Kind.Should().Be(DeliveryOutcomeKind.Sent);
        Server.LogEntries.Should().HaveCount(2);
        HttpUtility.ParseQueryString(Server.LogEntries.Last().RequestMessage.Body!)["message"]
            .Should().Be(ToUser.Message, "the retry must resend the whole form");
    }

    [Fact]
    public async Task SendAsync_Always500_ReturnsTransientAfterThreeAttempts()
    {
        Serve(500, "Internal Server Error");

        var outcome = await notifier.SendAsync(ToUser, CancellationToken.None);

        outcome.Should().Be(DeliveryOutcome.Transient("HTTP 500 after 3 attempts"));
        Server.LogEntries.Should().HaveCount(3);
    }

    [Fact]
    public async Task SendAsync_QuotaExhaustedWithRetryAfter_ReturnsTransientWithThatWait()
    {
        Server.Given(Request.Create().WithPath(MessagesPath).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(429).WithHeader("Retry-After", "3600")
                .WithHeader("X-Limit-App-Reset", "1782950400"));

        var outcome = await notifier.SendAsync(ToUser, CancellationToken.None);

        outcome.Should().Be(DeliveryOutcome.Transient("Pushover message quota exhausted (HTTP 429)", TimeSpan.FromHours(1)));
        Server.LogEntries.Should().ContainSingle("a 429 must not be retried at once");
    }

    [Fact]
    public async Task SendAsync_QuotaExhaustedWithResetOnly_ReturnsTransientUntilReset()
    {
        var reset = FiredAt.AddHours(12).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        Server.Given(Request.Create().WithPath(MessagesPath).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(429)
                .WithHeader("X-Limit-App-Limit", "10000").WithHeader("X-Limit-App-Remaining", "0").WithHeader("X-Limit-App-Reset", reset));

        var outcome = await notifier.SendAsync(ToUser, CancellationToken.None);

        outcome.Kind.Should().Be(DeliveryOutcomeKind.Transient);
        outcome.RetryAfter.Should().Be(TimeSpan.FromHours(12));
    }

    [Fact]
    public async Task SendAsync_QuotaExhaustedWithoutHints_ReturnsTransientWithoutWait()
    {
        Serve(429, """{"errors":["application is over its message limit"],"status":0,"request":"r-2"}""");

        var outcome = await notifier.SendAsync(ToUser, CancellationToken.None);

        outcome.Should().Be(DeliveryOutcome.Transient("Pushover message quota exhausted (HTTP 429)"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("  ")]
    public async Task SendAsync_NoRecipient_ReturnsPermanentWithoutRequest(string? recipient)
    {
        Serve(200, PushoverBodies.Success);

        var outcome = await notifier.SendAsync(ToUser with { Recipient = recipient }, CancellationToken.None);

        outcome.Should().Be(DeliveryOutcome.Permanent("no recipient: set PUSHOVER_USER_KEY or give the alert a user key"));
        Server.LogEntries.Should().BeEmpty();
    }

    [Fact]
    public async Task SendAsync_AnswerSlowerThanAttemptTimeout_SentOnceAndUnconfirmed()
    {
        Server.Given(Request.Create().WithPath(MessagesPath).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(200).WithBody(PushoverBodies.Success).WithDelay(TimeSpan.FromSeconds(1)));
        using var impatient = ImpatientHttp();

        var outcome = await new PushoverNotifier(impatient, AppToken, Clock).SendAsync(ToUser, CancellationToken.None);

        outcome.Should().Be(DeliveryOutcome.Unconfirmed("no answer within 0.1 s; the message may have arrived"));
        ImpatientRequests.Count.Should().Be(1, "a message that may have arrived is not sent again at once");
    }

    [Fact]
    public async Task SendAsync_NothingListening_ReturnsTransientCannotConnect()
    {
        var port = ChannelHttp.UnusedLoopbackPort();
        using var nowhere = ResilientHttp.Create(new Uri($"http://127.0.0.1:{port}"), ChannelHttp.FastRetries);

        var outcome = await new PushoverNotifier(nowhere, AppToken, Clock).SendAsync(ToUser, CancellationToken.None);

        outcome.Kind.Should().Be(DeliveryOutcomeKind.Transient);
        outcome.Response.Should().StartWith($"cannot connect to 127.0.0.1:{port}: ");
    }

    [Fact]
    public async Task SendAsync_OverlongTitleAndMessage_SendsThemShortenedToPushoversLimits()
    {
        Serve(200, PushoverBodies.Success);

        await notifier.SendAsync(ToUser with { Title = new string('t', 300), Message = new string('m', 2000) }, CancellationToken.None);

        var form = HttpUtility.ParseQueryString(Server.LogEntries.Single().RequestMessage.Body!);
        form["title"].Should().HaveLength(250).And.StartWith("ttt").And.EndWith("…");
        form["message"].Should().HaveLength(1024).And.StartWith("mmm").And.EndWith("…");
        notifier.Fits(ToUser with { Message = new string('m', 1025) }).Should().BeFalse("a digest that long goes in parts");
        notifier.Fits(ToUser with { Message = new string('m', 1024) }).Should().BeTrue();
    }

    [Theory]
    [InlineData(200, PushoverBodies.Success)]
    [InlineData(200, """{"errors":["application token a1b2c3d4e5f6g7h8i9j0k1l2m3n4o5 is invalid"],"status":0}""")]
    [InlineData(400, """{"token":"invalid","errors":["application token is invalid: a1b2c3d4e5f6g7h8i9j0k1l2m3n4o5"],"status":0,"request":"r-3"}""")]
    [InlineData(429, "")]
    [InlineData(500, "a1b2c3d4e5f6g7h8i9j0k1l2m3n4o5")]
    public async Task SendAsync_AnyAnswer_OutcomeNeverContainsAppToken(int status, string body)
    {
        Serve(status, body);

        var outcome = await notifier.SendAsync(ToUser, CancellationToken.None);

        outcome.Response.Should().NotContain(AppToken);
        outcome.Response.Should().NotBeNullOrWhiteSpace();
    }

    [Fact]
    public async Task SendAsync_ConnectionFailure_OutcomeNeverContainsAppToken()
    {
        using var nowhere = NowhereHttp();

        var outcome = await new PushoverNotifier(nowhere, AppToken, Clock).SendAsync(ToUser, CancellationToken.None);

        outcome.Response.Should().NotContain(AppToken);
    }

    [Fact]
    public async Task SendAsync_Urgent_PostsEmergencyPriorityWithDefaultRetryAndExpire()
    {
        Serve(200, PushoverBodies.EmergencyAccepted);

        await notifier.SendAsync(ToUser with { Urgent = true }, CancellationToken.None);

        var form = HttpUtility.ParseQueryString(Server.LogEntries.Single().RequestMessage.Body!);
        form.AllKeys.Should().BeEquivalentTo("token", "user", "title", "message", "timestamp", "priority", "retry", "expire");
        form["priority"].Should().Be("2");
        form["retry"].Should().Be("60");
        form["expire"].Should().Be("3600");
    }

    [Fact]
    public async Task SendAsync_UrgentWithOwnEmergencySettings_PostsThem()
    {
        Serve(200, PushoverBodies.EmergencyAccepted);
        var insistent = new PushoverNotifier(Http, AppToken, Clock, new PushoverEmergency { Retry = TimeSpan.FromSeconds(30), Expire = TimeSpan.FromHours(3) });

        await insistent.SendAsync(ToUser with { Urgent = true }, CancellationToken.None);

        var form = HttpUtility.ParseQueryString(Server.LogEntries.Single().RequestMessage.Body!);
        form["retry"].Should().Be("30");
        form["expire"].Should().Be("10800");
    }

    [Fact]
    public async Task SendAsync_UrgentAccepted_OutcomeCarriesTheReceipt()
    {
        Serve(200, PushoverBodies.EmergencyAccepted);

        var outcome = await notifier.SendAsync(ToUser with { Urgent = true }, CancellationToken.None);

        outcome.Kind.Should().Be(DeliveryOutcomeKind.Sent);
        outcome.Receipt.Should().Be("rLqVuqTRh62UzxtmqiaLzQmVcPgiCy");
        outcome.Response.Should().Be("accepted by Pushover, request 5f2a4b3c-1d2e-4f5a-8b9c-0d1e2f3a4b5c, receipt rLqVuqTRh62UzxtmqiaLzQmVcPgiCy");
    }

    [Fact]
    public async Task SendAsync_NotUrgent_NoReceipt()
    {
        Serve(200, PushoverBodies.Success);

        var outcome = await notifier.SendAsync(ToUser, CancellationToken.None);

        outcome.Receipt.Should().BeNull();
    }

    [Theory]
    [InlineData(29, 3600, "Retry")]
    [InlineData(60, 10801, "Expire")]
    [InlineData(60, 59, "Expire")]
    public void Constructor_EmergencyOutsidePushoversBounds_Throws(int retrySeconds, int expireSeconds, string name)
    {
        var settings = new PushoverEmergency { Retry = TimeSpan.FromSeconds(retrySeconds), Expire = TimeSpan.FromSeconds(expireSeconds) };

        var create = () => new PushoverNotifier(Http, AppToken, Clock, settings);

        create.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be(name);
    }

    private void Serve(int status, string body) =>
        Server.Given(Request.Create().WithPath(MessagesPath).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(status).WithBody(body));
}
