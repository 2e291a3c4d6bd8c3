using Microsoft.Extensions.Logging;
using TradingAlerts.Core.Sheets;

namespace TradingAlerts.Functions;

/// <summary>
/// On the Sheets-sync schedule: the team's Google Sheet into the DynamoDB table (Core's <see cref="SheetSyncService"/>),
/// each invalid row logged with its row number, column and reason. A sheet that cannot be read, or no sheet
/// configured, fails the invocation (the function's error alarm fires); invalid rows do not.
/// Handler: <c>TradingAlerts.Functions::TradingAlerts.Functions.SheetsSyncFunction::HandleAsync</c>.
/// </summary>
public sealed class SheetsSyncFunction
{
    private readonly FunctionComposition composition;
    private readonly ILogger<SheetsSyncFunction> logger;

    public SheetsSyncFunction()
        : this(FunctionComposition.FromEnvironment(CloudStore.Create))
    {
    }

    public SheetsSyncFunction(FunctionComposition composition)
    {
        ArgumentNullException.ThrowIfNull(composition);
        this.composition = composition;
        logger = composition.Logs.CreateLogger<SheetsSyncFunction>();
    }

    public async Task<Stream> HandleAsync(Stream input)
    {
        var (cycleId, _) = await LambdaJson.ReadScheduleAsync(input);
        var ct = CancellationToken.None;
        var sync = await composition.CreateSheetSyncAsync(ct);
        var report = await sync.SyncAsync(new SheetSyncOptions(), ct);
        foreach (var error in report.Invalid)
            logger.LogWarning("Sheets sync {CycleId}: row {Row} not synced: {Column}: {Reason}", cycleId, error.Row, error.Field, error.Message);
        foreach (var remark in report.Remarks)
            logger.LogWarning("Sheets sync {CycleId}: {Remark}", cycleId, remark);

        logger.LogInformation(
            "Sheets sync {CycleId}: {Added} added, {Updated} updated, {Deactivated} deactivated, {Unchanged} unchanged",
            cycleId,
            report.Added,
            report.Updated,
            report.Deactivated,
            report.Unchanged);
        return LambdaJson.Write(
            new SheetsSyncSummary(
                report.Invalid.Count == 0 ? "synced" : "synced with invalid rows",
                report.Added,
                report.Updated,
                report.Deactivated,
                report.Unchanged,
                report.Invalid.Select(e => e.ToString()).ToList(),
                report.Remarks),
            SummaryJsonContext.Default.SheetsSyncSummary);
    }
}
