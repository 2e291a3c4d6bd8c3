using Microsoft.Extensions.Logging;
using TradingAlerts.Core.Pipeline;

namespace TradingAlerts.Functions;

/// <summary>
/// Reader and Worker in one invocation, joined by Core's in-process queue as in local mode: for small deployments
/// that want no SQS. The same claims and delivery records keep the same promise (one notification per crossing).
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
        var (cycleId, time) = await LambdaJson.ReadScheduleAsync(input);
        var ct = CancellationToken.None;
        var queue = new ChannelSignalQueue();
        var read = await composition.CreateReader(queue).RunAsync(cycleId, time - composition.Settings.ScheduleInterval, ct);
        var worker = await composition.GetWorkerAsync(ct);
        var batches = new List<BatchReport>();
        while (queue.TryDequeue(out var batch))
            batches.Add(await worker.ProcessAsync(batch, ct));

        var retried = await (await composition.GetDeliveriesAsync(ct)).RetryDueAsync(ct);
        var summary = new CycleSummary
        {
            CycleId = cycleId,
            Armed = read.Armed,
            Expired = batches.Sum(b => b.Expired),
            Batches = read.Batches,
            Checked = batches.Sum(b => b.Checked),
            Fired = batches.Sum(b => b.Fired),
            Notified = batches.Sum(b => b.Notified) + retried.Count(s => s == Core.Signals.DeliveryStatus.Sent),
            NotificationFailures = batches.Sum(b => b.NotificationFailures) + retried.Count(s => s != Core.Signals.DeliveryStatus.Sent),
            RetriedDeliveries = retried.Count,
        };
        logger.LogInformation("Cycle {CycleId}: {Checked} checked, {Fired} fired, {Notified} notified", cycleId, summary.Checked, summary.Fired, summary.Notified);
        return LambdaJson.Write(summary, SummaryJsonContext.Default.CycleSummary);
    }
}
