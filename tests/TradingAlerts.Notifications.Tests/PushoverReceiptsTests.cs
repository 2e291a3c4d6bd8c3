using TradingAlerts.Core.Notifications;
using TradingAlerts.Http;
using TradingAlerts.Notifications.Pushover;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace TradingAlerts.Notifications.Tests;

public sealed class PushoverReceiptsTests : IDisposable
{
    private const string AppToken = "a1b2c3d4e5f6g7h8i9j0k1l2m3n4o5";
    private const string Receipt = "rLqVuqTRh62UzxtmqiaLzQmVcPgiCy";
    private const string ReceiptPath = $"/1/receipts/{Receipt}.json";

    private readonly WireMockServer server = WireMockServer.Start();
    private readonly HttpClient http;
    private readonly PushoverReceipts receipts;

    public PushoverReceiptsTests()
    {
        http = ResilientHttp.Create(new Uri(server.Url!), ChannelHttp.FastRetries);
        receipts = new PushoverReceipts(http, AppToken);
    }

    public void Dispose()
    {
        http.Dispose();
        server.Stop();
        server.Dispose();
    }

    [Fact]
    public async Task GetAsync_Acknowledged_ReadsWhenAndExpiry()
    {
        Serve(200, PushoverBodies.ReceiptAcknowledged);

        var status = await receipts.GetAsync(Receipt, CancellationToken.None);

        status.Should().Be(new ReceiptStatus(
            Acknowledged: true,
            AcknowledgedAt: DateTimeOffset.FromUnixTimeSeconds(1593975206),
            Expired: true,
            ExpiresAt: DateTimeOffset.FromUnixTimeSeconds(1593975485)));
        var request = server.LogEntries.Should().ContainSingle().Subject.RequestMessage;
        request.Method.Should().Be("GET");
        request.Path.Should().Be(ReceiptPath);
        request.Query!["token"].Single().Should().Be(AppToken);
    }

    [Fact]
    public async Task GetAsync_NotYetAcknowledged_NoAcknowledgedTime()
    {
        Serve(200, PushoverBodies.ReceiptPending);

        var status = await receipts.GetAsync(Receipt, CancellationToken.None);

        status.Should().Be(new ReceiptStatus(false, null, false, DateTimeOffset.FromUnixTimeSeconds(1782910800)));
    }

    [Fact]
    public async Task GetAsync_UnknownReceipt_ThrowsPermanentWithPushoversWords()
    {
        Serve(404, PushoverBodies.ReceiptNotFound);

        var lookup = () => receipts.GetAsync(Receipt, CancellationToken.None);

        var failure = (await lookup.Should().ThrowAsync<ReceiptLookupException>()).Which;
        failure.IsTransient.Should().BeFalse();
        failure.Message.Should().Be($"Pushover refused the lookup of receipt {Receipt} (HTTP 404): receipt not found; may be invalid or expired");
    }

    [Fact]
    public async Task GetAsync_Always500_ThrowsTransientAfterRetries()
    {
        Serve(500, AppToken);

        var lookup = () => receipts.GetAsync(Receipt, CancellationToken.None);

        var failure = (await lookup.Should().ThrowAsync<ReceiptLookupException>()).Which;
        failure.IsTransient.Should().BeTrue();
        failure.Message.Should().Be($"Pushover could not look up receipt {Receipt}: HTTP 500 after 3 attempts");
    }

    [Fact]
    public async Task GetAsync_NothingListening_ThrowsTransientWithoutTheToken()
    {
        using var nowhere = ResilientHttp.Create(new Uri($"http://127.0.0.1:{ChannelHttp.UnusedLoopbackPort()}"), ChannelHttp.FastRetries);

        var lookup = () => new PushoverReceipts(nowhere, AppToken).GetAsync(Receipt, CancellationToken.None);

        var failure = (await lookup.Should().ThrowAsync<ReceiptLookupException>()).Which;
        failure.IsTransient.Should().BeTrue();
        failure.Message.Should().Contain("cannot connect to 127.0.0.1").And.NotContain(AppToken);
    }

    [Fact]
    public async Task GetAsync_AnswerEchoingTheToken_MessageNeverContainsIt()
    {
        Serve(400, $$"""{"token":"invalid","errors":["application token {{AppToken}} is invalid"],"status":0}""");

        var lookup = () => receipts.GetAsync(Receipt, CancellationToken.None);

        (await lookup.Should().ThrowAsync<ReceiptLookupException>()).Which.Message
            .Should().NotContain(AppToken).And.Contain("[app token]");
    }

    private void Serve(int status, string body) =>
        server.Given(Request.Create().WithPath(ReceiptPath).UsingGet())
            .RespondWith(Response.Create().WithStatusCode(status).WithBody(body));
}
