using TradingAlerts.Core.Signals;

namespace TradingAlerts.Core.Transfer;

/// <summary>One row of a CSV file, JSON file or Google Sheet, by the sheet's column names.</summary>
/// <param name="Number">Where a person finds it: the line of a CSV file, the row of a sheet, the position in a JSON array.</param>
public sealed record SignalRow(int Number, SignalDraft Draft);

public sealed record RowError(int Row, string Field, string Message)
{
    public override string ToString() => $"row {Row}: {Field}: {Message}";
}

/// <summary>
/// The sheet's columns: <c>symbol, condition, target_price, exchange, active, pushover_user_key, notes</c>, optional
/// <c>name</c>, <c>id</c>, <c>expires_at</c>. Headers match case-insensitively and in any order; <c>user_id</c> is
/// accepted for <c>pushover_user_key</c> (the JSON export's name); unknown columns are ignored.
/// </summary>
public static class SignalColumns
{
    public static readonly IReadOnlyList<string> Required = ["symbol", "condition", "target_price", "exchange"];

    public static readonly IReadOnlyList<string> Export =
        ["id", "name", "exchange", "symbol", "condition", "target_price", "active", "pushover_user_key", "notes", "expires_at", "status", "triggered_count", "triggered_at", "created_at"];

    /// <summary>The columns a person edits (the first ones of <see cref="Export"/>); the rest are read-only facts.</summary>
    public static readonly IReadOnlyList<string> Editable = Export.Take(10).ToList();

    /// <summary>Reads a header and rows into drafts; a header that lacks a required column is an error for the whole file.</summary>
    public static IReadOnlyList<SignalRow> FromTable(IReadOnlyList<string> header, IEnumerable<(int Number, IReadOnlyList<string> Cells)> rows)
    {
        var index = header
            .Select((name, i) => (Name: Canonical(name), i))
            .Where(c => c.Name.Length > 0)
            .GroupBy(c => c.Name)
            .ToDictionary(g => g.Key, g => g.First().i);

        var missing = Required.Where(c => !index.ContainsKey(c)).ToList();
        if (missing.Count > 0)
            throw new FormatException($"the header lacks the column(s) {string.Join(", ", missing)} (it has: {string.Join(", ", header)})");

        return rows
            .Where(r => r.Cells.Any(c => !string.IsNullOrWhiteSpace(c)))
            .Select(r => new SignalRow(r.Number, ToDraft(r.Cells, index)))
            .ToList();
    }

    public static IReadOnlyList<string?> ToExportCells(Signal s) =>
    [
        s.Id, s.Name, s.Exchange.ToWire(), s.Symbol, s.Condition.ToWire(), PriceText.Format(s.TargetPrice),
        s.Active ? "true" : "false", s.UserId, s.Notes, Time(s.ExpiresAt), s.Status.ToWire(),
        s.TriggeredCount.ToString(System.Globalization.CultureInfo.InvariantCulture), Time(s.TriggeredAt), Time(s.CreatedAt),
    ];

    /// <summary>The column a validation error's field is read from (<c>user_id</c> is the sheet's <c>pushover_user_key</c>).</summary>
    public static string ColumnOf(string field) => field == "user_id" ? "pushover_user_key" : field;

    /// <summary>
    /// <paramref name="existing"/> edited to what a row now says (<paramref name="candidate"/> is the row validated as a
    /// new alert), keeping its id, status, history and counters; a blank <c>name</c> cell keeps the name it has.
    /// </summary>
    public static Signal WithRowValues(this Signal existing, Signal candidate, SignalDraft draft)
    {
        ArgumentNullException.ThrowIfNull(existing);
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(draft);
        return existing with
        {
            Name = !string.IsNullOrWhiteSpace(draft.Name) ? candidate.Name : existing.Name,
            Exchange = candidate.Exchange,
            Symbol = candidate.Symbol,
            Base = candidate.Base,
            Quote = candidate.Quote,
            Condition = candidate.Condition,
            TargetPrice = candidate.TargetPrice,
            Active = candidate.Active,
            UserId = candidate.UserId,
            Notes = candidate.Notes,
            ExpiresAt = candidate.ExpiresAt,
        };
    }

    private static string? Time(DateTimeOffset? time) => time?.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);

    private static string Canonical(string header)
    {
        var name = header.Trim().ToLowerInvariant().Replace(' ', '_');
        return name == "user_id" ? "pushover_user_key" : name;
    }

    private static SignalDraft ToDraft(IReadOnlyList<string> cells, Dictionary<string, int> index)
    {
        string? Cell(string column) =>
            index.TryGetValue(column, out var i) && i < cells.Count ? cells[i] : null;

        return new SignalDraft
        {
            Id = Cell("id"),
            Name = Cell("name"),
            Exchange = Cell("exchange"),
            Symbol = Cell("symbol"),
            Condition = Cell("condition"),
            TargetPrice = Cell("target_price"),
            Active = Cell("active"),
            UserId = Cell("pushover_user_key"),
            Notes = Cell("notes"),
            ExpiresAt = Cell("expires_at"),
        };
    }
}
