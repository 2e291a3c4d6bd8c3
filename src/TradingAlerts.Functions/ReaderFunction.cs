using TradingAlerts.Core.Pipeline;
using Microsoft.Extensions.Logging;

namespace TradingAlerts.Functions;

/// <summary>
/// Every N minutes (EventBridge): queues the markets with armed alerts (and the alerts not in the trigger book yet) in batches on SQS for the Workers, named by the schedule's
/// time, looking for crossings since the previous scheduled time; then retries the deliveries that are due.
/// Handler: <c>TradingAlerts.Functions::TradingAlerts.Functions.ReaderFunction::HandleAsync</c>.
/// </summary>
public sealed class ReaderFunction
{
    private readonly FunctionComposition composition;
    private readonly ILogger<ReaderFunction> logger;

    public ReaderFunction()
        : this(FunctionComposition.FromEnvironment(CloudStore.Create))
    {
    }

    public ReaderFunction(FunctionComposition composition)
    {
        ArgumentNullException.ThrowIfNull(composition);
        this.composition = composition;
        logger = composition.Logs.CreateLogger<ReaderFunction>();
    }

    public async Task<Stream> HandleAsync(Stream input)
    {
        var (cycleId, time) = await LambdaJson.ReadScheduleAsync(input);
        var ct = CancellationToken.None;
        var queue = composition.CreateSqsQueue();
        var since = time - composition.Settings.ScheduleInterval;
        var report = await composition.CreateReader(queue).RunAsync(cycleId, time, since, ct);

        // The Reader may not write the table, so the Workers retry the due deliveries: with no armed alert this cycle,
        // one empty batch still wakes a Worker for them (and its outcome tells the cycle watch that the cycle ran).
        if (report.Batches == 0)
            await queue.EnqueueAsync([SignalBatch.Wake(cycleId, time, since)], ct);

        logger.LogInformation("Cycle {CycleId} queued {Markets} markets and {Armed} alerts not in the trigger book in {Batches} batches", cycleId, report.Markets, report.Sent, report.Batches);
        return LambdaJson.Write(
            new CycleSummary { CycleId = cycleId, Armed = report.Sent, Markets = report.Markets, Batches = Math.Max(1, report.Batches) },
            SummaryJsonContext.Default.CycleSummary);
    }
}
