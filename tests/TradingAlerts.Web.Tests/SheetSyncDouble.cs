using TradingAlerts.Core.Sheets;
using TradingAlerts.Core.Transfer;

namespace TradingAlerts.Web.Tests;

/// <summary>
/// A hand-written double of a peer service (the Google Sheets sync is another issue's adapter, tested there against
/// its own HTTP peer): it answers a fixed report so the UI's rendering of one can be tested, and counts its calls.
/// </summary>
public sealed class SheetSyncDouble : ISheetSync
{
    public static readonly SheetSyncReport Report = new(
        DryRun: false,
        Unchanged: 4,
        Changes:
        [
            new SheetChange(SheetChangeKind.Added, 3, "sheet-row-3", "BTC breakout: binance BTCUSDT above 100,000"),
            new SheetChange(SheetChangeKind.Updated, 5, "sheet-row-5", "ETH dip: target 2,500 → 2,400"),
            new SheetChange(SheetChangeKind.Deactivated, null, "sheet-row-9", "its row is gone"),
        ],
        Invalid: [new RowError(7, "target_price", "must be a positive number such as 65000.5 or 65,000.50 (got 'abc')")],
        Warnings: []);

    public List<SheetSyncOptions> Calls { get; } = [];

    public Task<SheetSyncReport> SyncAsync(SheetSyncOptions options, CancellationToken ct)
    {
        Calls.Add(options);
        return Task.FromResult(Report with { DryRun = options.DryRun });
    }
}
