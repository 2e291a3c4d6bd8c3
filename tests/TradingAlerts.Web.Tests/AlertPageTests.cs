using TradingAlerts.Core.Pipeline;
using TradingAlerts.Core.Signals;
using TradingAlerts.Http;
using TradingAlerts.Notifications.Pushover;
using TradingAlerts.Testing;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace TradingAlerts.Web.Tests;

/// <summary>The alert page's history: each delivery's channel, and whether an urgent one was acknowledged (asked of a Pushover stub).</summary>
public sealed class AlertPageTests : IDisposable
{
    private const string AppToken = "a1b2c3d4e5f6g7h8i9j0k1l2m3n4o5";

    private readonly WebHarness harness = new();
    private readonly WireMockServer pushover = WireMockServer.Start();
    private readonly HttpClient pushoverHttp;

    public AlertPageTests()
    {
        pushoverHttp = ResilientHttp.Create(new Uri(pushover.Url!), new HttpRetryOptions { BaseDelay = TimeSpan.FromMilliseconds(5), MaxRetries = 1 });
        harness.Receipts = new PushoverReceipts(pushoverHttp, AppToken);
    }

    public void Dispose()
    {
        pushoverHttp.Dispose();
        pushover.Dispose();
        harness.Dispose();
    }

    [Fact]
    public async Task UrgentDeliveries_ShowTheirChannelAndWhetherTheyWereAcknowledged()
    {
        var alert = await harness.AddAsync("BTCUSDT", "above", "90000");
        var snapshot = SignalSnapshot.From(alert);
        var firing = SignalFactory.FiringFor(snapshot, harness.Clock.GetUtcNow()) with { Urgent = true };
        (await harness.Store.ClaimTriggerAsync(snapshot, firing, new SignalState(SignalStatus.Triggered), CancellationToken.None)).Should().BeTrue();
        await harness.Firings.RecordDeliveryAsync(firing.TriggerId, firing.NextAttemptAt!.Value, new DeliveryAttempt(DeliveryStatus.Sent, 1, "accepted by Pushover", null, harness.Clock.GetUtcNow()) { Receipt = "rAcked" }, CancellationToken.None);
        pushover.Given(Request.Create().WithPath("/1/receipts/rAcked.json").WithParam("token", AppToken).UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json")
                .WithBody("""{"status":1,"acknowledged":1,"acknowledged_at":1795521600,"acknowledged_by":"uQiRzpo4DXghDmr9QzzfQu27cmVRsG","last_delivered_at":1795521590,"expired":0,"expires_at":1795525000,"called_back":0,"request":"r1"}"""));

        using var factory = new ApiFactory(harness, WebUiOptions.Loopback);
        var page = await factory.CreateClient().GetStringAsync($"/alerts/{alert.Id}");

        page.Should().Contain("pushover (urgent)").And.Contain("rAcked: acknowledged 2026-11-24 12:00:00 UTC");
        pushover.LogEntries.Should().ContainSingle("one lookup per receipt shown");
    }

    [Fact]
    public async Task ReceiptPushoverDoesNotKnow_SaysSoAndThePageStillShows()
    {
        var alert = await harness.AddAsync("BTCUSDT", "above", "90000");
        var snapshot = SignalSnapshot.From(alert);
        var firing = SignalFactory.FiringFor(snapshot, harness.Clock.GetUtcNow()) with { Urgent = true };
        await harness.Store.ClaimTriggerAsync(snapshot, firing, new SignalState(SignalStatus.Triggered), CancellationToken.None);
        await harness.Firings.RecordDeliveryAsync(firing.TriggerId, firing.NextAttemptAt!.Value, new DeliveryAttempt(DeliveryStatus.Sent, 1, "accepted", null, harness.Clock.GetUtcNow()) { Receipt = "rGone" }, CancellationToken.None);
        pushover.Given(Request.Create().WithPath("/1/receipts/rGone.json").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(400).WithHeader("Content-Type", "application/json").WithBody("""{"receipt":"not found","errors":["receipt not found; may be invalid or expired"],"status":0,"request":"r2"}"""));

        using var factory = new ApiFactory(harness, WebUiOptions.Loopback);
        var page = await factory.CreateClient().GetStringAsync($"/alerts/{alert.Id}");

        page.Should().Contain("rGone: acknowledgement unknown: Pushover refused the lookup of receipt rGone (HTTP 400): receipt not found; may be invalid or expired");
    }
}
