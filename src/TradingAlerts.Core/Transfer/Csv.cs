using System.Text;

namespace TradingAlerts.Core.Transfer;

/// <summary>
/// RFC 4180 CSV: quoted fields may hold commas, quotes ("") and line breaks. And the one rule that keeps a CSV file
/// safe to open in a spreadsheet (<see cref="EscapeFormula"/>, <see cref="UnescapeFormula"/>).
/// </summary>
public static class Csv
{
    /// <summary>Each record with the 1-based line it starts on.</summary>
    public static IEnumerable<(int Line, IReadOnlyList<string> Fields)> Read(TextReader reader)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var recordLine = 1;
        var inQuotes = false;
        var fieldStarted = false;
        int c;
        while ((c = reader.Read()) != -1)
        {
            var ch = (char)c;
            if (inQuotes)
            {
                if (ch == '"')
                {
                    if (reader.Peek() == '"')
                    {
                        field.Append('"');
                        reader.Read();
                    }
                    else
                    {
                        inQuotes = false;
                    }
                }
                else
                {
                    if (ch == '\n')
                        line++;
                    field.Append(ch);
                }

                continue;
            }

            switch (ch)
            {
                case '"' when field.Length == 0:
                    inQuotes = true;
                    fieldStarted = true;
                    break;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    fieldStarted = true;
                    break;
                case '\r':
                    break;
                case '\n':
                    if (fieldStarted || field.Length > 0 || fields.Count > 0)
                    {
                        fields.Add(field.ToString());
                        yield return (recordLine, fields);
                    }

                    fields = [];
                    field.Clear();
                    fieldStarted = false;
                    line++;
                    recordLine = line;
                    break;
                default:
                    field.Append(ch);
                    break;
            }
        }

        if (fieldStarted || field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString());
            yield return (recordLine, fields);
        }
    }

    public static void WriteRecord(TextWriter writer, IEnumerable<string?> fields)
    {
        var cells = fields.Select(Quote).ToList();

        // A record of one empty field would be a blank line, which Read skips: quoted, it stays a record.
        writer.Write(cells is [""] ? "\"\"" : string.Join(',', cells));
        writer.Write('\n');
    }

    /// <summary>
    /// What makes a spreadsheet (Excel, LibreOffice, Google Sheets) take a cell for a formula and run it when the file
    /// is opened: <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, a tab or a carriage return at its start (CSV injection).
    /// </summary>
    private const string FormulaStarts = "=+-@\t\r";

    /// <summary>
    /// A text cell as it is written to a CSV file that may be opened in a spreadsheet: one that would start a formula gets
    /// a leading <c>'</c>, which spreadsheets show as text and never run. So does one that already starts with
    /// <c>'</c> followed by such a character or another <c>'</c>, so that <see cref="UnescapeFormula"/> gives back every
    /// text exactly. Only for text: a number such as <c>-5</c> is written as it is.
    /// </summary>
    public static string? EscapeFormula(string? text) =>
        text is { Length: > 0 } && (FormulaStarts.Contains(text[0], StringComparison.Ordinal) || IsEscaped(text)) ? "'" + text : text;

    /// <summary>A text cell as <see cref="EscapeFormula"/> wrote it, back to its text: one leading <c>'</c> less when it has one.</summary>
    public static string UnescapeFormula(string cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        return IsEscaped(cell) ? cell[1..] : cell;
    }

    private static bool IsEscaped(string cell) =>
        cell.Length > 1 && cell[0] == '\'' && (cell[1] == '\'' || FormulaStarts.Contains(cell[1], StringComparison.Ordinal));

    private static string Quote(string? value)
    {
        if (string.IsNullOrEmpty(value))
            return string.Empty;

        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 || value.Trim() != value
            ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\""
            : value;
    }
}
