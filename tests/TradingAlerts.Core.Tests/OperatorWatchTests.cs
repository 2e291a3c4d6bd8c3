using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using TradingAlerts.Core.Notifications;
using TradingAlerts.Core.Pipeline;
using TradingAlerts.Core.Prices;
using TradingAlerts.Core.Signals;
using TradingAlerts.Core.Tests.Fakes;

namespace TradingAlerts.Core.Tests;

/// <summary>
/// Sequences of cycles, one interval apart, each recorded through the watch over one cycle log, with Binance's health
/// kept by the real circuit breaker (3 failures open it for 2 minutes).
/// </summary>
public class OperatorWatchTests
{
    private const string Operator = "uOperatorOperatorOperatorOpera";
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(60);
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.Zero));
    private readonly InMemoryCycleLog log = new();
    private readonly RecordingNotifier notifier = new();
    private readonly ExchangeHealth health;
    private int cycles;

    public OperatorWatchTests() => health = new ExchangeHealth(clock, new CircuitOptions());

    private enum Binance
    {
        Answers,
        Fails,
        NotAsked,
    }

    [Fact]
    public async Task RecordAsync_NoCycleCompletedForThreeIntervals_TellsTheOperatorOnceThenOnceRecovered()
    {
        var watch = NewWatch();
        await CycleAsync(watch);

        await CycleAsync(watch, completed: false);
        await CycleAsync(watch, completed: false);
        notifier.Sent.Should().BeEmpty("two intervals without a completed cycle are not yet an incident");

        var third = await CycleAsync(watch, completed: false);
        notifier.Sent.Should().ContainSingle();
        var raised = notifier.Sent[0];
        raised.Recipient.Should().Be(Operator);
        raised.Title.Should().Be("TradingAlerts: no cycle completed");
        raised.Message.Should().Contain("since 2026-03-01 10:00 UTC (3m)").And.Contain("1 batch(es) failed").And.Contain("tradingalerts status");
        third.OpenIncidents.Should().ContainSingle().Which.Should().Be(new OperatorIncident(IncidentKind.NoCompletedCycle, null, Start.AddSeconds(5)));

        for (var i = 0; i < 5; i++)
            await CycleAsync(watch, completed: false);
        notifier.Sent.Should().ContainSingle("the incident was told of already");

        var good = await CycleAsync(watch);
        notifier.Sent.Should().HaveCount(2);
        notifier.Sent[1].Title.Should().Be("TradingAlerts: cycles complete again");
        notifier.Sent[1].Message.Should().Contain("none had completed since 2026-03-01 10:00 UTC");
        notifier.Sent[1].Recipient.Should().Be(Operator);
        good.OpenIncidents.Should().BeEmpty();

        await CycleAsync(watch);
        notifier.Sent.Should().HaveCount(2);
    }

    [Fact]
    public async Task RecordAsync_NoCompletedCycleEver_CountsFromTheFirstRecordedCycle()
    {
        var watch = NewWatch();

        for (var i = 0; i < 4; i++)
            await CycleAsync(watch, completed: false);

        notifier.Sent.Should().ContainSingle().Which.Message.Should().Contain("since 2026-03-01 10:00 UTC");
    }

    [Fact]
    public async Task RecordAsync_ExchangeFailingThreeCyclesInARow_OneMessageThenOneRecovered()
    {
        var watch = NewWatch();
        await CycleAsync(watch, binance: Binance.Fails);
        await CycleAsync(watch, binance: Binance.Fails);
        notifier.Sent.Should().BeEmpty();

        await CycleAsync(watch, binance: Binance.Fails);
        notifier.Sent.Should().ContainSingle();
        notifier.Sent[0].Title.Should().Be("TradingAlerts: binance is down");
        notifier.Sent[0].Message.Should().Contain("since 2026-03-01 10:00 UTC").And.Contain("last error: HTTP 503 Service Unavailable").And.Contain("tradingalerts status");

        // The open circuit skips it for two minutes (still down), then the trial fails again: still one message.
        for (var i = 0; i < 4; i++)
            await CycleAsync(watch, binance: Binance.Fails);
        notifier.Sent.Should().ContainSingle();

        clock.Advance(TimeSpan.FromMinutes(2));
        var back = await CycleAsync(watch, binance: Binance.Answers);
        notifier.Sent.Should().HaveCount(2);
        notifier.Sent[1].Title.Should().Be("TradingAlerts: binance recovered");
        notifier.Sent[1].Message.Should().Contain("it had been failing since 2026-03-01 10:00 UTC");
        back.OpenIncidents.Should().BeEmpty();

        await CycleAsync(watch, binance: Binance.Answers);
        notifier.Sent.Should().HaveCount(2);
    }

    [Fact]
    public async Task RecordAsync_NewInstanceEveryCycle_TheIncidentStateSurvivesInTheLog()
    {
        for (var i = 0; i < 6; i++)
            await CycleAsync(NewWatch(), completed: false, binance: Binance.Fails);

        notifier.Sent.Select(n => n.Title).Should().BeEquivalentTo("TradingAlerts: no cycle completed", "TradingAlerts: binance is down");

        clock.Advance(TimeSpan.FromMinutes(2));
        await CycleAsync(NewWatch(), binance: Binance.Answers);
        await CycleAsync(NewWatch(), binance: Binance.Answers);

        notifier.Sent.Skip(2).Select(n => n.Title).Should().BeEquivalentTo("TradingAlerts: cycles complete again", "TradingAlerts: binance recovered");
    }

    [Fact]
    public async Task RecordAsync_FailedOnceThenNotAskedForCycles_IsNoIncident()
    {
        var watch = NewWatch();
        await CycleAsync(watch, binance: Binance.Fails);

        for (var i = 0; i < 5; i++)
            await CycleAsync(watch, binance: Binance.NotAsked);

        notifier.Sent.Should().BeEmpty("a degraded exchange nobody asked is not failing");
    }

    [Fact]
    public async Task RecordAsync_MessageFailsForNow_TriedAgainNextCycleAndSentOnce()
    {
        var watch = NewWatch();
        await CycleAsync(watch);
        await CycleAsync(watch, completed: false);
        await CycleAsync(watch, completed: false);
        notifier.Outcomes.Enqueue(DeliveryOutcome.Transient("HTTP 503"));

        var untold = await CycleAsync(watch, completed: false);
        untold.OpenIncidents.Should().BeEmpty("the operator was not told yet");

        await CycleAsync(watch, completed: false);
        await CycleAsync(watch, completed: false);

        notifier.Sent.Should().HaveCount(2).And.OnlyContain(n => n.Title == "TradingAlerts: no cycle completed");
    }

    [Fact]
    public async Task RecordAsync_MessageRefused_CountsAsToldAndIsNotSentEveryCycle()
    {
        var watch = NewWatch();
        notifier.Outcomes.Enqueue(DeliveryOutcome.Permanent("HTTP 400 user identifier is invalid"));

        for (var i = 0; i < 6; i++)
            await CycleAsync(watch, binance: Binance.Fails);

        notifier.Sent.Should().ContainSingle();
    }

    [Fact]
    public async Task RecordAsync_CycleBrokenOff_KeepsTheExchangeIncidentAndCountsAsNotCompleted()
    {
        var watch = NewWatch();
        for (var i = 0; i < 3; i++)
            await CycleAsync(watch, binance: Binance.Fails);
        notifier.Sent.Should().ContainSingle();

        for (var i = 0; i < 3; i++)
            await CycleAsync(watch, brokenOff: "the queue is unreachable");

        notifier.Sent.Select(n => n.Title).Should().Equal("TradingAlerts: binance is down", "TradingAlerts: no cycle completed");
        notifier.Sent[1].Message.Should().Contain("InvalidOperationException: the queue is unreachable");
        (await log.RecentAsync(1, None))[0].OpenIncidents.Select(i => i.Kind).Should().BeEquivalentTo([IncidentKind.ExchangeDown, IncidentKind.NoCompletedCycle]);
    }

    [Fact]
    public async Task RecordAsync_SameCycleRecordedAgain_ReplacesItAndIsNotItsOwnHistory()
    {
        var watch = NewWatch();
        await CycleAsync(watch, binance: Binance.Fails);
        await CycleAsync(watch, binance: Binance.Fails);

        // A retried invocation of the second cycle (the same cycle id) is not a third failing cycle.
        health.RecordFailure(ExchangeId.Binance, "HTTP 503 Service Unavailable");
        var latest = (await log.RecentAsync(1, None))[0];
        await watch.RecordAsync(latest with { Health = health.Snapshot([ExchangeId.Binance]) }, None);

        notifier.Sent.Should().BeEmpty();
        (await log.RecentAsync(10, None)).Should().HaveCount(2);
    }

    [Fact]
    public void CycleRecord_JsonWithoutOpenIncidents_ReadsAsNone_AndIncidentsRoundTrip()
    {
        var old = """
            {"report":{"cycle_id":"c1","started_at":"2026-03-01T10:00:00+00:00","checked":1,"expired":0,"fired":0,"notified":0,"notification_failures":0,"retried_deliveries":0,"check_failures":[],"duration":"00:00:01","failed_batches":0},
             "finished_at":"2026-03-01T10:00:01+00:00","requests":{"binance":1},"health":[]}
            """;

        var read = CycleRecord.FromJson(old);
        read.OpenIncidents.Should().BeEmpty();
        read.Report.Completed.Should().BeTrue();

        var incidents = new[] { new OperatorIncident(IncidentKind.ExchangeDown, ExchangeId.Bybit, Start), new OperatorIncident(IncidentKind.NoCompletedCycle, null, Start.AddMinutes(1)) };
        var json = (read with { OpenIncidents = incidents, Report = read.Report with { Error = "IOException: disk full" } }).ToJson();
        json.Should().Contain("\"open_incidents\":[{\"kind\":\"exchange_down\",\"exchange\":\"bybit\"").And.Contain("\"kind\":\"no_completed_cycle\"").And.Contain("\"error\":\"IOException: disk full\"");
        var back = CycleRecord.FromJson(json);
        back.OpenIncidents.Should().Equal(incidents);
        back.Report.Completed.Should().BeFalse();
    }

    private static DateTimeOffset Start => new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);

    private OperatorWatch NewWatch() =>
        new(log, notifier, new OperatorWatchOptions { Interval = Interval, Recipient = Operator, Hints = LocalPipeline.Hints }, NullLogger<OperatorWatch>.Instance);

    /// <summary>One cycle of 5 seconds, recorded through <paramref name="watch"/>; the next one starts an interval after this one.</summary>
    private async Task<CycleRecord> CycleAsync(OperatorWatch watch, bool completed = true, Binance binance = Binance.Answers, string? brokenOff = null)
    {
        var startedAt = clock.GetUtcNow();
        var id = $"cycle-{++cycles}";
        if (brokenOff is null && binance != Binance.NotAsked && health.TryPass(ExchangeId.Binance, out _))
        {
            if (binance == Binance.Answers)
                health.RecordSuccess(ExchangeId.Binance);
            else
                health.RecordFailure(ExchangeId.Binance, "HTTP 503 Service Unavailable");
        }

        clock.Advance(TimeSpan.FromSeconds(5));
        var report = brokenOff is null
            ? new CycleReport(id, startedAt, 1, 0, 0, 0, 0, 0, [], TimeSpan.FromSeconds(5), completed ? 0 : 1)
            : CycleReport.BrokenOff(id, startedAt, TimeSpan.FromSeconds(5), new InvalidOperationException(brokenOff));
        var record = await watch.RecordAsync(new CycleRecord(report, clock.GetUtcNow(), new Dictionary<ExchangeId, long>(), health.Snapshot([ExchangeId.Binance])), None);
        clock.Advance(Interval - TimeSpan.FromSeconds(5));
        return record;
    }
}
