using TradingAlerts.Core.Signals;

namespace TradingAlerts.Core.Transfer;

/// <summary>
/// Alerts as a CSV file (<c>signals export --format csv</c>, <c>signals import FILE.csv</c>): a header of
/// <see cref="SignalColumns"/>, then a row per alert. Text cells are written spreadsheet-safe
/// (<see cref="Csv.EscapeFormula"/>) and read back to the same text; number columns are taken as they are, so a
/// <c>-5</c> stays the number -5.
/// </summary>
public static class SignalCsv
{
    public static void Write(TextWriter writer, IEnumerable<Signal> signals)
    {
        ArgumentNullException.ThrowIfNull(signals);
        Csv.WriteRecord(writer, SignalColumns.Export);
        foreach (var signal in signals)
        {
            Csv.WriteRecord(
                writer,
                SignalColumns.Export.Zip(SignalColumns.ToExportCells(signal), (column, cell) => SignalColumns.Numbers.Contains(column) ? cell : Csv.EscapeFormula(cell)));
        }
    }

    /// <summary>The file's rows; a file without a header, or a header without a required column, is a <see cref="FormatException"/>.</summary>
    public static IReadOnlyList<SignalRow> Read(TextReader reader)
    {
        var records = Csv.Read(reader).ToList();
        if (records.Count == 0)
            throw new FormatException("the file is empty: the first line must name the columns");

        var header = records[0].Fields;
        var numbers = Enumerable.Range(0, header.Count).Where(i => SignalColumns.IsNumber(header[i])).ToHashSet();
        return SignalColumns.FromTable(
            header,
            records.Skip(1).Select(r => (r.Line, (IReadOnlyList<string>)r.Fields.Select((cell, i) => numbers.Contains(i) ? cell : Csv.UnescapeFormula(cell)).ToList())));
    }
}
