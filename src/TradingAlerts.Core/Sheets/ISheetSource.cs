namespace TradingAlerts.Core.Sheets;

/// <summary>
/// The team's sheet, wherever it is read from (the Sheets API with a service account, or a public CSV export).
/// Failures to reach or understand the sheet throw <see cref="SheetUnavailableException"/>.
/// </summary>
public interface ISheetSource
{
    /// <summary>Whether <see cref="WriteStatusAsync"/> writes (a status column is configured and the sheet can be written).</summary>
    bool WritesStatus { get; }

    /// <summary>The whole configured range in one read: its first row names the columns.</summary>
    Task<SheetTable> ReadAsync(CancellationToken ct);

    /// <summary>
    /// Writes each row's sync status (<c>OK</c> or the error) into the status column, in one request; rows of
    /// <paramref name="table"/> missing from <paramref name="statusByRow"/> are cleared. Nothing is sent when the column
    /// already says exactly that.
    /// </summary>
    Task WriteStatusAsync(SheetTable table, IReadOnlyDictionary<int, string> statusByRow, CancellationToken ct);

    /// <summary>Appends one row below the table, each value under the header cell of its column name (others left empty).</summary>
    Task AppendAsync(IReadOnlyDictionary<string, string?> cellsByColumn, CancellationToken ct);
}

/// <summary>One read of the sheet.</summary>
/// <param name="Range">Where it was read, in A1 notation with the tab's name when the source knows it (<c>Sheet1!A1:Z1000</c>).</param>
/// <param name="Header">The first row: the column names.</param>
/// <param name="Rows">Every row after the header, blank ones included, each with its sheet row number; trailing empty cells may be missing.</param>
public sealed record SheetTable(string Range, IReadOnlyList<string> Header, IReadOnlyList<SheetLine> Rows);

public sealed record SheetLine(int Number, IReadOnlyList<string> Cells);

/// <summary>The sheet could not be read, written or understood (not shared, not found, a login page, no header): nothing was synced.</summary>
public sealed class SheetUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
