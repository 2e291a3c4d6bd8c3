using Microsoft.Extensions.Logging;

namespace TradingAlerts.Functions;

/// <summary>
/// Every N minutes (EventBridge): queues the armed alerts in batches on SQS for the Workers, named by the schedule's
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
        var report = await composition.CreateReader(composition.CreateSqsQueue()).RunAsync(cycleId, time - composition.Settings.ScheduleInterval, ct);
        var retried = await (await composition.GetDeliveriesAsync(ct)).RetryDueAsync(ct);
        logger.LogInformation("Cycle {CycleId} queued {Batches} batches; {RetriedDeliveries} due deliveries retried", cycleId, report.Batches, retried.Count);
        return LambdaJson.Write(
            new CycleSummary { CycleId = cycleId, Armed = report.Armed, Expired = report.Expired, Batches = report.Batches, RetriedDeliveries = retried.Count },
            SummaryJsonContext.Default.CycleSummary);
    }
}
