namespace TradingAlerts.Sheets;

/// <summary>A1 notation: <c>'My tab'!B3:K200</c> read as its tab, first column and row, and last column.</summary>
internal sealed record A1(string? Tab, int FirstColumn, int FirstRow, int? LastColumn)
{
    public static A1 Parse(string range)
    {
        var bang = range.LastIndexOf('!');
        var tab = bang < 0 ? null : range[..bang];
        var cells = (bang < 0 ? range : range[(bang + 1)..]).Split(':');
        var (firstColumn, firstRow) = Cell(cells[0]);
        int? lastColumn = cells.Length > 1 ? Cell(cells[1]).Column : null;
        return new A1(tab, firstColumn ?? 0, firstRow ?? 1, lastColumn);
    }

    /// <summary>0 for A, 25 for Z, 26 for AA.</summary>
    public static int ColumnIndex(string letters) => letters.Aggregate(0, (n, c) => (n * 26) + (char.ToUpperInvariant(c) - 'A' + 1)) - 1;

    /// <summary>A cell or a column on this range's tab: <c>Sheet1!H2:H9</c>.</summary>
    public string On(string cells) => Tab is null ? cells : $"{Tab}!{cells}";

    private static (int? Column, int? Row) Cell(string cell)
    {
        var letters = new string(cell.TakeWhile(char.IsAsciiLetter).ToArray());
        var digits = cell[letters.Length..];
        return (letters.Length == 0 ? null : ColumnIndex(letters), int.TryParse(digits, out var row) ? row : null);
    }
}
