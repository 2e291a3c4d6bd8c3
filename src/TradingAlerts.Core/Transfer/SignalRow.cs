using TradingAlerts.Core.Notifications;
using TradingAlerts.Core.Signals;

namespace TradingAlerts.Core.Transfer;

/// <summary>One row of a CSV file, JSON file or Google Sheet, by the sheet's column names.</summary>
/// <param name="Number">Where a person finds it: the line of a CSV file, the row of a sheet, the position in a JSON array.</param>
public sealed record SignalRow(int Number, SignalDraft Draft)
{
    /// <summary>The <c>source</c> cell: where the alert was made (an export carries it; a sheet row's is ignored).</summary>
    public string? Source { get; init; }

    /// <summary>The <c>sheet_key</c> cell: by which the sheet sync finds an alert of source <c>sheets</c> (as <see cref="Source"/>).</summary>
    public string? SheetKey { get; init; }

    /// <summary>The <c>status</c> cell an export writes: where a restored alert stood.</summary>
    public string? Status { get; init; }
}

public sealed record RowError(int Row, string Field, string Message)
{
    public override string ToString() => $"row {Row}: {Field}: {Message}";
}

/// <summary>
/// The one schema of alerts in files, for CSV, JSON and the Google Sheet alike: the sheet's columns <c>symbol, condition,
/// target_price, exchange, active, pushover_user_key, notes</c>, optional <c>name</c>, <c>id</c>, <c>expires_at</c>, and
/// the condition and repeat settings <c>low</c>, <c>high</c> (channel_exit), <c>pct</c>, <c>window</c>, <c>direction</c>
/// (pct_move), <c>frequency</c>, <c>hysteresis</c>, <c>cooldown</c>, and <c>channels</c>, <c>urgent</c>, <c>template</c>,
/// <c>owner</c> (an account's name); an export adds <c>status</c>, <c>triggered_count</c>, <c>triggered_at</c>,
/// <c>created_at</c> (read-only) and <c>source</c>, <c>sheet_key</c> (restored when an import creates the alert). Headers match case-insensitively and in
/// any order; <c>user_id</c> is accepted for <c>pushover_user_key</c> (the data model's name); unknown columns are ignored.
/// </summary>
public static class SignalColumns
{
    public static readonly IReadOnlyList<string> Required = ["symbol", "condition", "exchange"];

    public static readonly IReadOnlyList<string> Export =
    [
        "id", "name", "exchange", "symbol", "condition", "target_price", "active", "pushover_user_key", "notes", "expires_at",
        "low", "high", "pct", "window", "direction", "frequency", "hysteresis", "cooldown", "channels", "urgent", "template",
        "status", "triggered_count", "triggered_at", "created_at", "source", "sheet_key", "owner",
    ];

    /// <summary>The columns that hold numbers (JSON numbers; in CSV written as they are, never escaped as text).</summary>
    public static readonly IReadOnlySet<string> Numbers = new HashSet<string>(["target_price", "low", "high", "pct", "hysteresis", "triggered_count"], StringComparer.Ordinal);

    /// <summary>The columns that hold yes/no (JSON booleans).</summary>
    public static readonly IReadOnlySet<string> YesNo = new HashSet<string>(["active", "urgent"], StringComparer.Ordinal);

    /// <summary>Whether a header names a number column (<see cref="Numbers"/>), in any case or spelling a header may have.</summary>
    public static bool IsNumber(string header) => Numbers.Contains(Canonical(header));

    /// <summary>The columns a person edits (the first ones of <see cref="Export"/>, and <c>owner</c>); the rest are read-only facts.</summary>
    public static readonly IReadOnlyList<string> Editable = [.. Export.Take(10), "owner"];

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
            .Select(r => ToRow(r.Number, r.Cells, index))
            .ToList();
    }

    public static IReadOnlyList<string?> ToExportCells(Signal s) =>
    [
        s.Id, s.Name, s.Exchange.ToWire(), s.Symbol, s.Condition.ToWire(), Price(s.TargetPrice),
        s.Active ? "true" : "false", s.UserId, s.Notes, Time(s.ExpiresAt),
        Price(s.Rule.Low), Price(s.Rule.High), Price(s.Rule.MovePercent), s.Rule.Window is { } window ? DurationText.Format(window) : null,
        s.Condition == Condition.PctMove ? s.Rule.Direction.ToWire() : null, s.Rule.Frequency.ToWire(),
        PriceText.Format(s.Rule.HysteresisPercent), DurationText.Format(s.Rule.Cooldown),
        s.Rule.Channels.ToWire(), s.Rule.Urgent ? "true" : "false", s.Rule.Template, s.Status.ToWire(),
        s.TriggeredCount.ToString(System.Globalization.CultureInfo.InvariantCulture), Time(s.TriggeredAt), Time(s.CreatedAt),
        s.Source.ToWire(), s.SheetKey, s.Owner,
    ];

    private static string? Price(decimal? price) => price is { } value ? PriceText.Format(value) : null;
    /// <summary>The column a validation error's field is read from (<c>user_id</c> is the sheet's <c>pushover_user_key</c>).</summary>
    public static string ColumnOf(string field) => field == "user_id" ? "pushover_user_key" : field;

    /// <summary>
    /// <paramref name="existing"/> edited to what a row now says (<paramref name="candidate"/> is the row validated as a
    /// new alert), keeping its id, status, history and counters; a blank <c>name</c> or <c>owner</c> cell keeps the name
    /// or owner it has. A new
    /// condition, level or rule starts the arming over (a crossing waits to see the price on its arming side again), and
    /// so does switching it on again: from then on, no price from before counts.
    /// </summary>
    public static Signal WithRowValues(this Signal existing, Signal candidate, SignalDraft draft)
    {
        ArgumentNullException.ThrowIfNull(existing);
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(draft);
        var edited = existing with
        {
            Name = !string.IsNullOrWhiteSpace(draft.Name) ? candidate.Name : existing.Name,
            Exchange = candidate.Exchange,
            Symbol = candidate.Symbol,
            Base = candidate.Base,
            Quote = candidate.Quote,
            Condition = candidate.Condition,
            TargetPrice = candidate.TargetPrice,
            Rule = candidate.Rule,
            Active = candidate.Active,
            UserId = candidate.UserId,
            Notes = candidate.Notes,
            ExpiresAt = candidate.ExpiresAt,
            Owner = !string.IsNullOrWhiteSpace(draft.Owner) ? candidate.Owner : existing.Owner,
        };
        var rearmed = existing.Status.IsWatched() &&
            (edited.Condition != existing.Condition || edited.TargetPrice != existing.TargetPrice || edited.Rule != existing.Rule);
        return rearmed
            ? edited with { Status = candidate.Status, Side = null, ArmedAt = candidate.ArmedAt }
            : edited.ArmedAgainIfSwitchedOn(existing, candidate.CreatedAt);
    }

    /// <summary>UTC, to the tick (so an expiry reads back as the very same instant); whole seconds as <c>2026-12-31T18:00:00Z</c>.</summary>
    private static string? Time(DateTimeOffset? time) => time?.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.FFFFFFFZ", System.Globalization.CultureInfo.InvariantCulture);

    private static string Canonical(string header)
    {
        var name = header.Trim().ToLowerInvariant().Replace(' ', '_');
        return name == "user_id" ? "pushover_user_key" : name;
    }

    private static SignalRow ToRow(int number, IReadOnlyList<string> cells, Dictionary<string, int> index)
    {
        string? Cell(string column) => index.TryGetValue(column, out var i) && i < cells.Count ? cells[i] : null;
        return new SignalRow(number, Draft(Cell)) { Source = Cell("source"), SheetKey = Cell("sheet_key"), Status = Cell("status") };
    }

    /// <summary>A draft from a lookup by column name (<c>pushover_user_key</c> for the recipient): rows and API bodies alike.</summary>
    public static SignalDraft Draft(Func<string, string?> cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        return new SignalDraft
        {
            Id = cell("id"),
            Name = cell("name"),
            Exchange = cell("exchange"),
            Symbol = cell("symbol"),
            Condition = cell("condition"),
            TargetPrice = cell("target_price"),
            Active = cell("active"),
            UserId = cell("pushover_user_key"),
            Notes = cell("notes"),
            ExpiresAt = cell("expires_at"),
            Low = cell("low"),
            High = cell("high"),
            Pct = cell("pct"),
            Window = cell("window"),
            Direction = cell("direction"),
            Frequency = cell("frequency"),
            Hysteresis = cell("hysteresis"),
            Cooldown = cell("cooldown"),
            Channels = cell("channels"),
            Urgent = cell("urgent"),
            Template = cell("template"),
            Owner = cell("owner"),
        };
    }
}
