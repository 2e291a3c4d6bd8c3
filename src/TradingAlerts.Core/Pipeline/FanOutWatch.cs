using Microsoft.Extensions.Logging;
using TradingAlerts.Core.Prices;
using TradingAlerts.Core.Signals;

namespace TradingAlerts.Core.Pipeline;

/// <summary>
/// The fan-out pipeline's operator health alert. No process sees a whole fan-out cycle (the Reader may not write the
/// table; each Worker sees its own batches and keeps its own exchange health), so on the Reader's schedule this watch
/// puts together the record of the cycle one period back from the outcomes its batches left
/// (<see cref="FanOutConsumer"/>), and hands it to the same <see cref="OperatorWatch"/> as the CLI and the Monolith, which
/// judges it, tells the operator and keeps it in the cycle log. The cycle completed when the batches done within that
/// period hold every alert it queued; one that left no outcome at all (the Reader did not run or could not queue, or no
/// Worker finished a batch of it) broke off. Deliveries retried by the Workers belong to invocations, not to cycles, so a
/// fan-out record counts none.
/// </summary>
/// <param name="interval">The schedule's period, which the Reader and this watch share.</param>
public sealed class FanOutWatch(IBatchOutcomeLog outcomes, ICycleLog log, OperatorWatch watch, TimeSpan interval, TimeProvider clock, ILogger<FanOutWatch> logger)
{
    /// <summary>Check failures a cycle's record lists; the others are counted only (<see cref="CycleReport.UnlistedCheckFailures"/>).</summary>
    public const int ListedFailures = 100;

    /// <summary>
    /// Judges the cycle the Reader started at <paramref name="startedAt"/> (a period before this invocation's schedule
    /// time), named <paramref name="cycleId"/> if it left no outcome; returns its record as kept.
    /// </summary>
    public async Task<CycleRecord> JudgeAsync(string cycleId, DateTimeOffset startedAt, CancellationToken ct)
    {
        // A cycle is named by its schedule's time, which may sit a few seconds off the expected one: the cycle that
        // started within half a period of it is the one.
        var from = startedAt - interval / 2;
        var until = startedAt + interval / 2;
        var found = (await outcomes.ListOutcomesAsync(from, ct))
            .Where(o => o.CycleStart >= from && o.CycleStart < until)
            .GroupBy(o => o.CycleId)
            .MaxBy(c => c.First().CycleStart);
        var now = clock.GetUtcNow();
        var record = found is null
            ? await NotRunAsync(cycleId, startedAt, now, ct)
            : Compose(found.ToList(), now);

        var judged = await watch.RecordAsync(record, ct);
        logger.LogInformation(
            "Cycle {CycleId} judged: {Completion}; {Checked} checked, {Fired} fired, {NotChecked} not checked, {FailedBatches} failed batches; {OpenIncidents} operator incident(s) open",
            judged.Report.CycleId, judged.Report.Completed ? "completed" : judged.Report.Error ?? "not completed", judged.Report.Checked, judged.Report.Fired, judged.Report.NotChecked, judged.Report.FailedBatches, judged.OpenIncidents.Count);
        return judged;
    }

    /// <summary>
    /// A cycle no batch of which was recorded. It says nothing new of the exchanges: their health stays as the last
    /// record had it, so that a streak the operator was told of is neither broken nor ended by it.
    /// </summary>
    private async Task<CycleRecord> NotRunAsync(string cycleId, DateTimeOffset startedAt, DateTimeOffset now, CancellationToken ct)
    {
        var report = new CycleReport(cycleId, startedAt, 0, 0, 0, 0, 0, 0, [], TimeSpan.Zero)
        {
            Error = "no batch of it was recorded: the Reader did not run or could not queue its batches, or no Worker finished one within the period",
        };
        var last = (await log.RecentAsync(1, ct)).FirstOrDefault();
        return new CycleRecord(report, now, new Dictionary<ExchangeId, long>(), last?.Health ?? []);
    }

    private static CycleRecord Compose(IReadOnlyList<BatchOutcome> batches, DateTimeOffset now)
    {
        var first = batches[0];
        var done = batches.Where(b => b.Done).ToList();
        var listed = done.SelectMany(b => b.CheckFailures).Take(ListedFailures).ToList();
        var unrecorded = first.CycleAlerts - batches.Sum(b => b.Alerts);
        var report = new CycleReport(
            first.CycleId,
            first.CycleStart,
            done.Sum(b => b.Checked),
            done.Sum(b => b.Expired),
            done.Sum(b => b.Fired),
            done.Sum(b => b.Notified),
            done.Sum(b => b.NotificationFailures),
            0,
            listed,
            batches.Max(b => b.FinishedAt) - first.CycleStart,
            batches.Count(b => !b.Done))
        {
            UnlistedCheckFailures = done.Sum(b => b.NotChecked) - listed.Count,
            FallbackUses = done.Where(b => b.FallbackUses > 0).GroupBy(b => b.Exchange).ToDictionary(g => g.Key, g => g.Sum(b => b.FallbackUses)),
            Error = unrecorded > 0 ? $"the batches of {unrecorded} of its {first.CycleAlerts} alerts were not finished within the period" : null,
        };

        var requests = batches.SelectMany(b => b.Requests).GroupBy(r => r.Key).ToDictionary(g => g.Key, g => g.Sum(r => r.Value));
        var health = batches.SelectMany(b => b.Health).GroupBy(h => h.Exchange).OrderBy(g => g.Key).Select(g => OverTheCycle(g.ToList(), first.CycleStart)).ToList();
        return new CycleRecord(report, now, requests, health);
    }

    /// <summary>
    /// One exchange's health over the cycle from what its Workers saw. Each instance keeps its own, and one that did not
    /// ask the exchange this cycle holds older news: a failure during the cycle counts, as in one process, where any
    /// failed request of the cycle does; else the latest news.
    /// </summary>
    private static ExchangeStatus OverTheCycle(IReadOnlyList<ExchangeStatus> seen, DateTimeOffset cycleStart) =>
        seen.Where(s => s.LastFailure >= cycleStart).MaxBy(s => s.LastFailure)
        ?? seen.MaxBy(s => new[] { s.LastSuccess, s.LastFailure }.Max())!;
}
