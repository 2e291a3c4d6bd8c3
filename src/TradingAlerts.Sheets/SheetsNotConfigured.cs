using TradingAlerts.Core.Configuration;
using TradingAlerts.Core.Sheets;

namespace TradingAlerts.Sheets;

/// <summary>The sync when no sheet is configured: it changes nothing and says how to configure one.</summary>
public sealed class SheetsNotConfigured : ISheetSync
{
    public static readonly string HowToConfigure =
        $"the Google Sheets sync is not configured: set {GoogleSheetSettings.SheetIdVariable.Name} (and optionally {GoogleSheetSettings.RangeVariable.Name}) with a service account key in "
        + $"{GoogleSheetSettings.ServiceAccountJsonVariable.Name} (a path or the JSON itself; share the sheet with its client_email), "
        + $"or {GoogleSheetSettings.CsvUrlVariable.Name}, a public CSV export of the sheet (no credentials)";

    public Task<SheetSyncReport> SyncAsync(SheetSyncOptions options, CancellationToken ct) =>
        throw new ConfigurationException(HowToConfigure);
}
