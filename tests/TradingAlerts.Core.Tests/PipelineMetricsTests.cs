using TradingAlerts.Core.Notifications;
using TradingAlerts.Core.Pipeline;
using TradingAlerts.Core.Signals;
using TradingAlerts.Core.Tests.Fakes;

namespace TradingAlerts.Core.Tests;

/// <summary>
/// The metric lines the code that knows the values writes, as <see cref="PipelineMetrics"/> defines them: each
/// delivery's outcome per channel and its latency, each batch's alerts not checked by reason and its fallback uses, and
/// the requests each exchange received while a batch was checked.
/// </summary>
public class PipelineMetricsTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Delivery_FailsForNowThenSent_ARetriedLineThenASentLineWithTheTimeFromTheFiringToTheAcceptance()
    {
        var pipeline = new LocalPipeline();
        pipeline.Notifier.Outcomes.Enqueue(DeliveryOutcome.Transient("HTTP 503 after 3 attempts"));
        await pipeline.AddAsync("BTCUSDT", Condition.Above, 100_000m);
        pipeline.Binance.Prices["BTCUSDT"] = 100_500m;

        await pipeline.NextCycleAsync();
        var firedAt = pipeline.Clock.GetUtcNow();

        // The retry is due 30 s later; the next cycle a minute on sends it, and Pushover takes 1.5 s to accept.
        pipeline.Notifier.WhileSending = () => pipeline.Clock.Advance(TimeSpan.FromMilliseconds(1_500));
        await pipeline.NextCycleAsync();

        var lines = DeliveryLines(pipeline);
        lines.Should().HaveCount(2);
        Outcome(lines[0]).Should().Be(("pushover", 0, 1, 0, 0));
        lines[0].Fields.Should().NotContainKey("LatencyMs", "nothing was accepted yet");
        Outcome(lines[1]).Should().Be(("pushover", 1, 0, 0, 0));
        var sentAt = pipeline.Clock.GetUtcNow();
        lines[1].Fields["LatencyMs"].Should().Be((long)(sentAt - firedAt).TotalMilliseconds).And.Be(61_500L, "a minute to the next cycle, then 1.5 s for Pushover to accept");
        lines[1].Message.Should().Contain("on pushover sent 61500 ms after it fired");
    }

    [Fact]
    public async Task Delivery_OneChannelAcceptsAndTheOtherIsNotConfigured_ASentLineAndAFailedPermanentlyLine_EachNamingItsChannel()
    {
        var pipeline = new LocalPipeline();
        await pipeline.AddAsync(new SignalDraft { Symbol = "BTCUSDT", Condition = "above", TargetPrice = "100000", Channels = "pushover,telegram" });
        pipeline.Binance.Prices["BTCUSDT"] = 100_500m;

        await pipeline.NextCycleAsync();

        var lines = DeliveryLines(pipeline).ToDictionary(l => (string)l.Fields["Channel"]!);
        Outcome(lines["pushover"]).Should().Be(("pushover", 1, 0, 0, 0));
        lines["pushover"].Fields["LatencyMs"].Should().Be(0L, "the fake clock did not move between the crossing and the acceptance");
        Outcome(lines["telegram"]).Should().Be(("telegram", 0, 0, 1, 0));
        lines["telegram"].Fields.Should().NotContainKey("LatencyMs");
        lines["telegram"].Message.Should().Contain("telegram is not configured here");
    }

    [Fact]
    public async Task Delivery_HeldForQuietHours_AHeldLine_ThenTheDigestsSentLinesWithoutALatency()
    {
        var pipeline = new LocalPipeline();
        await pipeline.Store.PutRecipientAsync(new Recipient { Id = "default-user", QuietHours = QuietHours.Parse("22:00-07:00", "Europe/Berlin") }, None);

        // 22:30 in Berlin (UTC+1); the quiet hours end at 06:00 UTC.
        pipeline.Clock.AdjustTime(new DateTimeOffset(2026, 11, 25, 21, 29, 0, TimeSpan.Zero));
        await pipeline.AddAsync(new SignalDraft { Symbol = "BTCUSDT", Condition = "above", TargetPrice = "100000" });
        await pipeline.AddAsync(new SignalDraft { Symbol = "ETHUSDT", Condition = "below", TargetPrice = "4000" });
        pipeline.Binance.Prices["BTCUSDT"] = 100_500m;
        pipeline.Binance.Prices["ETHUSDT"] = 3_900m;
        await pipeline.NextCycleAsync();

        var night = DeliveryLines(pipeline);
        night.Select(Outcome).Should().Equal(("pushover", 0, 0, 0, 1), ("pushover", 0, 0, 0, 1));
        night.Should().OnlyContain(l => !l.Fields.ContainsKey("LatencyMs"));

        pipeline.Clock.AdjustTime(new DateTimeOffset(2026, 11, 26, 6, 0, 0, TimeSpan.Zero));
        await pipeline.NextCycleAsync();

        var morning = DeliveryLines(pipeline).Skip(2).ToList();
        pipeline.Notifier.Sent.Should().ContainSingle("one digest");
        morning.Select(Outcome).Should().Equal([("pushover", 1, 0, 0, 0), ("pushover", 1, 0, 0, 0)], "one line per firing the digest carried");
        morning.Should().OnlyContain(l => !l.Fields.ContainsKey("LatencyMs"), "they waited for the quiet hours to end on purpose");
    }

    [Fact]
    public async Task Delivery_RefusedForGood_AFailedPermanentlyLine()
    {
        var pipeline = new LocalPipeline();
        pipeline.Notifier.Outcomes.Enqueue(DeliveryOutcome.Permanent("HTTP 400: user key is invalid"));
        await pipeline.AddAsync("BTCUSDT", Condition.Above, 100_000m);
        pipeline.Binance.Prices["BTCUSDT"] = 100_500m;

        await pipeline.NextCycleAsync();

        var line = DeliveryLines(pipeline).Should().ContainSingle().Subject;
        Outcome(line).Should().Be(("pushover", 0, 0, 1, 0));
        line.Message.Should().Contain("user key is invalid");
    }

    [Fact]
    public async Task Batch_AlertsNotCheckedByReasonAndFallbackUses_AndARequestsLinePerExchangeAsked()
    {
        var pipeline = new LocalPipeline();
        await pipeline.AddAsync("BTCUSDT", Condition.Above, 100_000m);
        await pipeline.AddAsync("DOGEUSDT", Condition.Above, 1m);
        await pipeline.AddAsync("SOLUSDT", Condition.Above, 500m);

        // BTC is near its target and its candles cannot be read; Binance does not list DOGE, Bybit does; nobody lists SOL.
        pipeline.Binance.Prices["BTCUSDT"] = 99_000m;
        pipeline.BinanceCandles.FailWith = "HTTP 503 after 3 attempts";
        pipeline.Bybit.Prices["DOGEUSDT"] = 0.2m;

        var report = await pipeline.NextCycleAsync();

        var batch = pipeline.Logged.Should().ContainSingle(l => l.Event.Id == PipelineMetrics.Batch.Event.Id).Subject;
        batch.Fields["Exchange"].Should().Be("binance");
        var counts = new[] { "Checked", "NotChecked", "NotCheckedNoPrice", "NotCheckedNoHistory", "NotCheckedNoTime", "FallbackUses" }.Select(n => batch.Fields[n]);
        // DOGE's alert (above 1, at 0.2) is not read from the trigger book: checked are BTC's (near) and SOL's (no price).
        counts.Should().Equal(2, 2, 1, 1, 0, 1);
        report.CheckFailures.Select(f => (f.Symbol, f.Because)).Should().BeEquivalentTo([("BTCUSDT", NotCheckedBecause.NoHistory), ("SOLUSDT", NotCheckedBecause.NoPrice)]);

        var requests = pipeline.Logged.Where(l => l.Event.Id == PipelineMetrics.ExchangeRequests.Event.Id)
            .Select(l => ((string)l.Fields["Exchange"]!, l.Fields["Requests"], l.Fields["RequestFailures"]));
        requests.Should().Equal(("binance", 2L, 1L), ("bybit", 1L, 0L), ("coinbase", 1L, 0L));
    }

    [Fact]
    public async Task Batch_TimeRunsOutWhileTheExchangeAnswers_TheAlertsAreNotCheckedForLackOfTime()
    {
        // A 80 s function stops taking new work 5 s in; Binance takes 10 s to answer.
        var pipeline = new LocalPipeline();
        await pipeline.AddAsync("BTCUSDT", Condition.Above, 100_000m);
        await pipeline.AddAsync("ETHUSDT", Condition.Below, 4_000m);
        pipeline.Binance.Prices["BTCUSDT"] = 50_000m;
        pipeline.Binance.WhileAsked = () => pipeline.Clock.Advance(TimeSpan.FromSeconds(10));
        pipeline.Clock.Advance(TimeSpan.FromMinutes(1));
        pipeline.Deadline.Start(TimeSpan.FromSeconds(80));

        await pipeline.Cycle.RunOnceAsync(None);

        var batch = pipeline.Logged.Should().ContainSingle(l => l.Event.Id == PipelineMetrics.Batch.Event.Id).Subject;
        // Both markets are left unread once the prices came too late, each told for all its alerts.
        (batch.Fields["NotChecked"], batch.Fields["NotCheckedNoTime"], batch.Fields["NotCheckedNoPrice"]).Should().Be((2, 2, 0));
    }

    [Fact]
    public void Sets_NoTwoNameTheSameMetricUnderTheSameDimensions()
    {
        // CloudWatch knows a metric by its namespace, name and dimensions: two sets sharing one would mix their values.
        var metrics = PipelineMetrics.All.SelectMany(set => set.Metrics.Select(m => (Dimensions: string.Join(',', set.Dimensions), m.Name)));

        metrics.Should().OnlyHaveUniqueItems();
        PipelineMetrics.All.Select(s => s.Event.Id).Should().OnlyHaveUniqueItems();
    }

    private static List<LogEntry> DeliveryLines(LocalPipeline pipeline) =>
        pipeline.Logged.Where(l => l.Event.Id == PipelineMetrics.Delivery.Event.Id).ToList();

    /// <summary>The line's channel and its Sent, Retried, FailedPermanently and Held counts.</summary>
    private static (string?, int, int, int, int) Outcome(LogEntry line) =>
        ((string?)line.Fields["Channel"], (int)line.Fields["Sent"]!, (int)line.Fields["Retried"]!, (int)line.Fields["FailedPermanently"]!, (int)line.Fields["Held"]!);
}
