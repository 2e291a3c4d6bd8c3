using Microsoft.Extensions.Logging;
using TradingAlerts.Core.Pipeline;

namespace TradingAlerts.Functions;

/// <summary>
/// Reader and Worker in one invocation, joined by Core's in-process queue as in local mode: for small deployments
/// that want no SQS. The same claims and delivery records keep the same promise (one notification per crossing).
/// Each invocation is a cycle: recorded in the cycle log (for <c>tradingalerts status</c>) after the operator alert had
/// its look, also when it breaks off.
/// Handler: <c>TradingAlerts.Functions::TradingAlerts.Functions.MonolithFunction::HandleAsync</c>.
/// </summary>
public sealed class MonolithFunction
{
    private readonly FunctionComposition composition;
    private readonly ILogger<MonolithFunction> logger;

    public MonolithFunction()
        : this(FunctionComposition.FromEnvironment(CloudStore.Create))
    {
    }

    public MonolithFunction(FunctionComposition composition)
    {
        ArgumentNullException.ThrowIfNull(composition);
        this.composition = composition;
        logger = composition.Logs.CreateLogger<MonolithFunction>();
    }

    public async Task<Stream> HandleAsync(Stream input)
    {
        composition.StartInvocation();
        var (cycleId, time) = await LambdaJson.ReadScheduleAsync(input);
        var ct = CancellationToken.None;
        var queue = new InProcessSignalQueue();
        var cycle = (await composition.GetSendersAsync(ct)).CreateCycle(queue, queue);
        var recorder = await composition.GetRecorderAsync(ct);
        var report = (await recorder.RunAsync(cycle, cycleId, time - composition.Settings.ScheduleInterval, ct)).Report;
        var summary = new CycleSummary
        {
            CycleId = cycleId,
            Armed = report.Checked + report.Expired,
            Expired = report.Expired,
            Checked = report.Checked,
            Fired = report.Fired,
            Notified = report.Notified,
            NotificationFailures = report.NotificationFailures,
            RetriedDeliveries = report.RetriedDeliveries,
        };
        logger.LogInformation(
            PipelineMetrics.Cycle.Event,
            "Cycle {CycleId} ({Pipeline}): {Checked} checked, {Fired} fired, {Notified} notified, {NotificationFailures} notification failures, {RetriedDeliveries} retried, {FailedBatches} failed batches in {DurationMs} ms",
            cycleId, PipelineMetrics.Monolithic, report.Checked, report.Fired, report.Notified, report.NotificationFailures, report.RetriedDeliveries, report.FailedBatches, (long)report.Duration.TotalMilliseconds);

        // Failing the invocation lets the error alarm see it and EventBridge retry it: the same cycle finds its own claims.
        if (report.FailedBatches > 0)
            throw new InvalidOperationException($"{report.FailedBatches} batch(es) of cycle {cycleId} failed; see the log lines above");

        return LambdaJson.Write(summary, SummaryJsonContext.Default.CycleSummary);
    }
}
