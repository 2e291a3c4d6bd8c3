using TradingAlerts.Core.Transfer;

namespace TradingAlerts.Core.Sheets;

/// <summary>
/// The team's Google Sheet brought into the store: one read of the sheet, every row validated, valid rows upserted.
/// The CLI's <c>sync-sheets</c>, the web UI's "Sync from Sheets" and the Sheets-sync Lambda all call this one service.
/// Throws <see cref="Configuration.ConfigurationException"/> (saying how to configure it) when no sheet is configured.
/// </summary>
public interface ISheetSync
{
    Task<SheetSyncReport> SyncAsync(SheetSyncOptions options, CancellationToken ct);
}

/// <param name="DryRun">Read and validate, report what would change, write nothing (neither the store nor the sheet).</param>
/// <param name="Progress">Told as the sync moves on (rows read, rows processed); null when nobody watches.</param>
public sealed record SheetSyncOptions(bool DryRun = false, IProgress<SheetSyncProgress>? Progress = null);

/// <param name="Done">Rows processed so far.</param>
/// <param name="Total">Rows the sheet holds (blank rows excluded); 0 until the sheet is read.</param>
public sealed record SheetSyncProgress(string Stage, int Done, int Total);

public enum SheetChangeKind
{
    Added,
    Updated,
    Deactivated,
}

/// <summary>One alert the sync added, updated or deactivated (or would, in a dry run).</summary>
/// <param name="Row">The sheet row number; null for a deactivation (its row is gone).</param>
public sealed record SheetChange(SheetChangeKind Kind, int? Row, string SignalId, string Description);

/// <param name="Invalid">Rows not synced, each with its sheet row number, column and reason.</param>
/// <param name="Warnings">Rows synced with a remark (for example a symbol that could not be checked against the listing).</param>
public sealed record SheetSyncReport(
    bool DryRun,
    int Unchanged,
    IReadOnlyList<SheetChange> Changes,
    IReadOnlyList<RowError> Invalid,
    IReadOnlyList<RowError> Warnings)
{
    /// <summary>What concerns the sync as a whole: the status column not written, deactivations held back.</summary>
    public IReadOnlyList<string> Remarks { get; init; } = [];

    public int Added => Changes.Count(c => c.Kind == SheetChangeKind.Added);

    public int Updated => Changes.Count(c => c.Kind == SheetChangeKind.Updated);

    public int Deactivated => Changes.Count(c => c.Kind == SheetChangeKind.Deactivated);
}
