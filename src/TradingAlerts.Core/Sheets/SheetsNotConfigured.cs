using TradingAlerts.Core.Configuration;

namespace TradingAlerts.Core.Sheets;

/// <summary>The sync when no sheet is configured: it changes nothing and says how to configure one.</summary>
public sealed class SheetsNotConfigured : ISheetSync
{
    public const string HowToConfigure =
        "the Google Sheets sync is not configured: set GOOGLE_SHEET_ID (and optionally GOOGLE_SHEET_RANGE) with a service account key in "
        + "GOOGLE_SERVICE_ACCOUNT_JSON (a path or the JSON itself; share the sheet with its client_email), "
        + "or GOOGLE_SHEET_CSV_URL, a public CSV export of the sheet (no credentials)";

    public Task<SheetSyncReport> SyncAsync(SheetSyncOptions options, CancellationToken ct) =>
        throw new ConfigurationException(HowToConfigure);
}
