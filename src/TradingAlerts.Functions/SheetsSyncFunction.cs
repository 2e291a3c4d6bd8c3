using Microsoft.Extensions.Logging;

namespace TradingAlerts.Functions;

/// <summary>
/// The Sheets-sync schedule's target. The sync itself (read the sheet, validate, upsert) is a separate issue not yet
/// built: until then the function answers, and logs, how it will be configured, and changes nothing.
/// Handler: <c>TradingAlerts.Functions::TradingAlerts.Functions.SheetsSyncFunction::HandleAsync</c>.
/// </summary>
public sealed class SheetsSyncFunction
{
    private static readonly string[] Configure =
    [
        "GOOGLE_SHEET_ID and GOOGLE_SHEET_RANGE, with the service account key in the secret's google_service_account_json (the sheet shared with its client_email)",
        "or GOOGLE_SHEET_CSV_URL, a public CSV export of the sheet (no credentials)",
    ];

    private readonly ILogger<SheetsSyncFunction> logger;

    public SheetsSyncFunction()
        : this(new JsonLog(Console.Out, TimeProvider.System))
    {
    }

    public SheetsSyncFunction(ILoggerFactory logs)
    {
        ArgumentNullException.ThrowIfNull(logs);
        logger = logs.CreateLogger<SheetsSyncFunction>();
    }

    public async Task<Stream> HandleAsync(Stream input)
    {
        var (cycleId, _) = await LambdaJson.ReadScheduleAsync(input);
        logger.LogWarning("Sheets sync {CycleId} skipped: the sync is not built yet; nothing was read or changed", cycleId);
        return LambdaJson.Write(
            new SheetsSyncSummary("not configured", "the Google Sheets sync is not built yet; this schedule changes nothing", Configure),
            SummaryJsonContext.Default.SheetsSyncSummary);
    }
}
