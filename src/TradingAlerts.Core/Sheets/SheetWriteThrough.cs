using TradingAlerts.Core.Signals;
using TradingAlerts.Core.Transfer;

namespace TradingAlerts.Core.Sheets;

/// <summary>
/// An alert created in the UI or CLI, appended to the sheet (the seed's <c>append_row</c>): the row carries the alert's
/// id, so from then on the sheet manages it like any other row (it is stored with <c>source</c> = <c>sheets</c>).
/// </summary>
public sealed class SheetWriteThrough(ISheetSource sheet, ISignalStore store)
{
    /// <summary>
    /// Appends the row first, then stores the alert: if the append fails nothing is stored; if the store fails after the
    /// append, the next sync creates the alert from its row.
    /// </summary>
    public async Task<Signal> AddAsync(Signal signal, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(signal);
        var managed = signal with { Source = SignalSource.Sheets, SheetKey = SheetKeys.ForId(signal.Id) };
        var cells = SignalColumns.Export
            .Zip(SignalColumns.ToExportCells(managed))
            .Where(c => SignalColumns.Editable.Contains(c.First))
            .ToDictionary(c => c.First, c => c.Second, StringComparer.Ordinal);
        await sheet.AppendAsync(cells, ct);
        await store.AddAsync(managed, ct);
        return managed;
    }
}
