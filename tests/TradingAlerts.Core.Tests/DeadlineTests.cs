using TradingAlerts.Core.Notifications;
using TradingAlerts.Core.Pipeline;
using TradingAlerts.Core.Signals;
using TradingAlerts.Core.Tests.Fakes;

namespace TradingAlerts.Core.Tests;

/// <summary>
/// A host cut off at its timeout (a Lambda function) stops taking new work before it: no send starts that the cut
/// could interrupt (it may have arrived and would be sent again), and what is left is picked up at once.
/// </summary>
public class DeadlineTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task SlowSendUsesUpTheTime_TheNextChannelIsNotSentButDueAtOnce_ThenSentOnce()
    {
        // A 120 s function: new work stops 45 s in. An alert fires to Pushover and a webhook; Pushover takes 50 s.
        var pipeline = new LocalPipeline();
        var webhook = new RecordingNotifier();
        pipeline.Channels[Channels.Webhook] = webhook;
        await pipeline.Store.PutRecipientAsync(new Recipient { Id = "default-user", WebhookUrl = "https://hooks.example/alerts" }, None);
        await pipeline.AddAsync(new SignalDraft { Symbol = "BTCUSDT", Condition = "above", TargetPrice = "100", Channels = "pushover,webhook" });
        pipeline.Binance.Prices["BTCUSDT"] = 101m;
        pipeline.Notifier.WhileSending = () => pipeline.Clock.Advance(TimeSpan.FromSeconds(50));
        pipeline.Clock.Advance(TimeSpan.FromMinutes(1));
        pipeline.Deadline.Start(TimeSpan.FromSeconds(120));

        var first = await pipeline.Cycle.RunOnceAsync(None);

        first.Fired.Should().Be(1);
        (pipeline.Notifier.Sent.Count, webhook.Sent.Count).Should().Be((1, 0), "no send starts once the time is up");
        var left = await pipeline.Store.ListDueDeliveriesAsync(pipeline.Clock.GetUtcNow(), None).ToListAsync(None);
        left.Should().ContainSingle("the webhook's delivery is due again at once, not after its lease").Which.Should().Match<Delivery>(f => f.Channel == Channels.Webhook && f.Attempts == 0);

        // The next invocation sends it, once.
        pipeline.Notifier.WhileSending = null;
        pipeline.Deadline.Start(TimeSpan.FromSeconds(120));
        await pipeline.Deliveries.RetryDueAsync(None);

        (pipeline.Notifier.Sent.Count, webhook.Sent.Count).Should().Be((1, 1));
    }

    [Fact]
    public async Task NoTimeLeftForABatch_NoAlertIsChecked_ItsSpanBecomesAGap()
    {
        var pipeline = new LocalPipeline();
        await pipeline.AddAsync(new SignalDraft { Symbol = "BTCUSDT", Condition = "above", TargetPrice = "100" });
        pipeline.Binance.Prices["BTCUSDT"] = 101m;
        pipeline.Deadline.Start(TimeSpan.FromSeconds(80));
        pipeline.Clock.Advance(TimeSpan.FromSeconds(10));
        var since = pipeline.Clock.GetUtcNow().AddMinutes(-1);
        var batch = new SignalBatch("c1", ExchangeId.Binance, [SignalSnapshot.From((await pipeline.Store.ListAsync(None).FirstAsync(None)))], since) { CycleStart = pipeline.Clock.GetUtcNow() };

        var report = await pipeline.Worker.ProcessAsync(batch, None);

        report.Fired.Should().Be(0);
        report.CheckFailures.Should().ContainSingle().Which.Reason.Should().Be(WorkDeadline.Reason);
        pipeline.Binance.Requests.Should().Be(0);
        (await pipeline.Store.ListCoverageAsync(None)).Single().GapSince.Should().Be(since, "the next cycle looks back over it");
    }
}
