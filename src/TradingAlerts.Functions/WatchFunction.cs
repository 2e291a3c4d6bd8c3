using Microsoft.Extensions.Logging;
using TradingAlerts.Core.Pipeline;

namespace TradingAlerts.Functions;

/// <summary>
/// The fan-out pipeline's operator health alert, on the Reader's schedule (the same EventBridge rule: the same event
/// time): judges the cycle the Reader started one period before from the outcomes its batches left (Core's
/// <see cref="FanOutWatch"/>), and tells the operator once when trouble starts and once when it is over through the same
/// <see cref="OperatorWatch"/> as the CLI and the Monolith; the cycle's record goes to the cycle log (for
/// <c>tradingalerts status</c>). It reads batch outcomes and the cycle log, writes cycle records and reads the secret.
/// Handler: <c>TradingAlerts.Functions::TradingAlerts.Functions.WatchFunction::HandleAsync</c>.
/// </summary>
public sealed class WatchFunction
{
    private readonly FunctionComposition composition;
    private readonly ILogger<WatchFunction> logger;

    public WatchFunction()
        : this(FunctionComposition.FromEnvironment(CloudStore.Create))
    {
    }

    public WatchFunction(FunctionComposition composition)
    {
        ArgumentNullException.ThrowIfNull(composition);
        this.composition = composition;
        logger = composition.Logs.CreateLogger<WatchFunction>();
    }

    public async Task<Stream> HandleAsync(Stream input)
    {
        var (_, time) = await LambdaJson.ReadScheduleAsync(input);
        var ct = CancellationToken.None;
        var interval = composition.Settings.ScheduleInterval;
        var previous = time - interval;
        var watch = (await composition.GetSendersAsync(ct)).CreateFanOutWatch(interval);
        var record = await watch.JudgeAsync(LambdaJson.CycleIdAt(previous), previous, ct);
        logger.LogInformation("Watched cycle {CycleId} at the schedule's {Time:O}", record.Report.CycleId, time);
        return LambdaJson.Write(
            new WatchSummary
            {
                CycleId = record.Report.CycleId,
                Completed = record.Report.Completed,
                Error = record.Report.Error,
                Checked = record.Report.Checked,
                Fired = record.Report.Fired,
                NotChecked = record.Report.NotChecked,
                FailedBatches = record.Report.FailedBatches,
                OpenIncidents = record.OpenIncidents.Count,
            },
            SummaryJsonContext.Default.WatchSummary);
    }
}
