using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using TradingAlerts.Core.Pipeline;
using TradingAlerts.Core.Prices;
using TradingAlerts.Core.Signals;
using TradingAlerts.Core.Tests.Fakes;

namespace TradingAlerts.Core.Tests;

/// <summary>
/// The fan-out cycle watch over a store's batch outcomes and cycle log: a cycle scheduled at 10:00, judged at 10:05
/// with a five-minute schedule, its outcomes as the Workers would have kept them.
/// </summary>
public sealed class FanOutWatchTests
{
    private const string Operator = "uOperatorOperatorOperatorOpera";
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);
    private static readonly DateTimeOffset Cycle = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider clock = new(Cycle + Interval);
    private readonly InMemorySignalStore store = new();
    private readonly RecordingNotifier notifier = new();

    [Fact]
    public async Task JudgeAsync_EveryAlertInABatchDone_CompletedWithTheBatchesSums()
    {
        await store.RecordOutcomeAsync(Outcome("binance:a", alerts: 3, cycleAlerts: 5) with { Checked = 3, Fired = 1, Notified = 1 }, None);
        await store.RecordOutcomeAsync(Outcome("bybit:d", alerts: 2, cycleAlerts: 5) with { Exchange = ExchangeId.Bybit, Checked = 2, NotChecked = 1, FallbackUses = 1, CheckFailures = [new CheckFailure("d", ExchangeId.Bybit, "SOLUSDT", "HTTP 500", NotCheckedBecause.NoPrice)] }, None);

        var record = await Watch().JudgeAsync("2026-03-01T10:00:00Z", Cycle, None);

        record.Report.Completed.Should().BeTrue();
        (record.Report.Checked, record.Report.Fired, record.Report.Notified, record.Report.NotChecked).Should().Be((5, 1, 1, 1));
        record.Report.StartedAt.Should().Be(Cycle);
        record.Report.Duration.Should().Be(TimeSpan.FromSeconds(20), "from the schedule's time to its last batch's end");
        record.FinishedAt.Should().Be(Cycle + Interval, "a cycle is recorded when it is judged");
        record.Requests.Should().Equal(new Dictionary<ExchangeId, long> { [ExchangeId.Binance] = 2 });
        record.Report.FallbackUses.Should().Equal(new Dictionary<ExchangeId, int> { [ExchangeId.Bybit] = 1 }, "the batch of bybit's alerts priced one from a fallback");
        (await store.RecentAsync(1, None)).Should().ContainSingle().Which.Report.CycleId.Should().Be("2026-03-01T10:00:00Z");
    }

    [Fact]
    public async Task JudgeAsync_OneBatchNeverFinishedAndOneFailed_NotCompleted_SaysHowManyAlertsWereLeft()
    {
        await store.RecordOutcomeAsync(Outcome("binance:a", alerts: 3, cycleAlerts: 8) with { Checked = 3 }, None);
        await store.RecordOutcomeAsync(Outcome("binance:d", alerts: 2, cycleAlerts: 8, done: false), None);

        var report = (await Watch().JudgeAsync("2026-03-01T10:00:00Z", Cycle, None)).Report;

        report.Completed.Should().BeFalse();
        report.FailedBatches.Should().Be(1);
        report.Error.Should().Be("the batches of 3 of its 8 alerts were not finished within the period");
        report.Checked.Should().Be(3, "only the batches done count, as in one process");
    }

    [Fact]
    public async Task JudgeAsync_EachInstancesHealth_AFailureDuringTheCycleCounts_AnIdleInstancesOldNewsDoesNot()
    {
        var answered = Status(ExchangeState.Ok, success: Cycle.AddSeconds(3), failure: Cycle.AddHours(-1));
        var failed = Status(ExchangeState.Degraded, success: Cycle.AddHours(-1), failure: Cycle.AddSeconds(4));
        var downAnHourAgo = Status(ExchangeState.Down, success: Cycle.AddHours(-2), failure: Cycle.AddHours(-1));
        await store.RecordOutcomeAsync(Outcome("binance:a", health: answered), None);
        await store.RecordOutcomeAsync(Outcome("binance:b", health: failed), None);
        await store.RecordOutcomeAsync(Outcome("binance:a", cycleStart: Cycle + Interval, health: downAnHourAgo), None);
        await store.RecordOutcomeAsync(Outcome("binance:b", cycleStart: Cycle + Interval, health: answered with { LastSuccess = Cycle + Interval + TimeSpan.FromSeconds(3) }), None);

        var first = await Watch().JudgeAsync("2026-03-01T10:00:00Z", Cycle, None);
        clock.Advance(Interval);
        var second = await Watch().JudgeAsync("2026-03-01T10:05:00Z", Cycle + Interval, None);

        first.Health.Should().ContainSingle().Which.Should().Be(failed, "one Worker's request to Binance failed during the cycle");
        second.Health.Should().ContainSingle().Which.State.Should().Be(ExchangeState.Ok, "the instance that saw Binance down an hour ago did not ask it this cycle");
    }

    [Fact]
    public async Task JudgeAsync_ScheduleTimeSecondsOffTheExpectedOne_FindsTheCycleByItsStart()
    {
        await store.RecordOutcomeAsync(Outcome("binance:a", cycleAlerts: 1, cycleStart: Cycle.AddSeconds(3), cycleId: "2026-03-01T10:00:03Z"), None);
        await store.RecordOutcomeAsync(Outcome("binance:a", cycleAlerts: 1, cycleStart: Cycle + Interval, cycleId: "2026-03-01T10:05:00Z"), None);

        var record = await Watch().JudgeAsync("2026-03-01T10:00:00Z", Cycle, None);

        (record.Report.CycleId, record.Report.Completed).Should().Be(("2026-03-01T10:00:03Z", true), "the cycle the Reader began this period is judged, not the next one");
    }

    [Fact]
    public async Task JudgeAsync_ThousandsOfAlertsNotChecked_ListsAHundredAndCountsThemAll()
    {
        var failures = Enumerable.Range(0, BatchOutcome.ListedFailures).Select(i => new CheckFailure($"s{i}", ExchangeId.Binance, "BTCUSDT", "HTTP 503", NotCheckedBecause.NoPrice)).ToList();
        for (var batch = 0; batch < 20; batch++)
            await store.RecordOutcomeAsync(Outcome($"binance:{batch}", alerts: 500, cycleAlerts: 10_000) with { Checked = 500, NotChecked = 500, CheckFailures = failures }, None);

        var report = (await Watch().JudgeAsync("2026-03-01T10:00:00Z", Cycle, None)).Report;

        report.CheckFailures.Should().HaveCount(FanOutWatch.ListedFailures);
        report.NotChecked.Should().Be(10_000);
    }

    [Fact]
    public async Task JudgeAsync_NoBatchRecorded_BrokeOff_TheExchangesHealthAsTheLastRecordHadIt()
    {
        var down = Status(ExchangeState.Down, success: Cycle.AddHours(-1), failure: Cycle.AddSeconds(4));
        await store.RecordOutcomeAsync(Outcome("binance:a", health: down), None);
        await Watch().JudgeAsync("2026-03-01T10:00:00Z", Cycle, None);
        clock.Advance(Interval);

        var record = await Watch().JudgeAsync("2026-03-01T10:05:00Z", Cycle + Interval, None);

        record.Report.CycleId.Should().Be("2026-03-01T10:05:00Z");
        record.Report.Completed.Should().BeFalse();
        record.Report.Error.Should().StartWith("no batch of it was recorded");
        record.Health.Should().Equal(down);
        notifier.Sent.Should().BeEmpty("one period without a cycle is not yet an incident");
    }

    private FanOutWatch Watch() => new(
        store,
        store,
        new OperatorWatch(store, notifier, new OperatorWatchOptions { Interval = Interval, Recipient = Operator }, NullLogger<OperatorWatch>.Instance),
        Interval,
        clock,
        NullLogger<FanOutWatch>.Instance);

    /// <summary>A batch of the cycle that started at <paramref name="cycleStart"/> (10:00 unless given), finished 20 s after.</summary>
    private static BatchOutcome Outcome(string batch, int alerts = 1, int cycleAlerts = 2, bool done = true, DateTimeOffset? cycleStart = null, string? cycleId = null, ExchangeStatus? health = null)
    {
        var start = cycleStart ?? Cycle;
        return new BatchOutcome(
            cycleId ?? $"{start:yyyy-MM-dd'T'HH:mm:ss'Z'}",
            start,
            batch,
            alerts,
            cycleAlerts,
            done,
            start.AddSeconds(20),
            new Dictionary<ExchangeId, long> { [ExchangeId.Binance] = 1 },
            health is null ? [] : [health]);
    }

    private static ExchangeStatus Status(ExchangeState state, DateTimeOffset success, DateTimeOffset failure) =>
        new(ExchangeId.Binance, state, success, failure, state == ExchangeState.Ok ? null : "HTTP 503 after 3 attempts", state == ExchangeState.Down ? 3 : 1, null);
}
