using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using TradingAlerts.Core.Signals;

namespace TradingAlerts.Core.Transfer;

/// <summary>
/// The JSON shapes of alerts: the data model's snake_case names (CLI <c>--json</c>, web API), and the export, which adds
/// the columns of <see cref="SignalColumns"/> so that JSON and CSV files are one schema.
/// </summary>
public static class SignalJson
{
    /// <summary>
    /// The fields of the data model's <c>rule</c> object, by the column each one is. The JSON export had only these before
    /// it wrote the columns: an object without a column is read from its <c>rule</c>, so older backups keep their settings.
    /// </summary>
    private static readonly Dictionary<string, string> RuleFields = new(StringComparer.OrdinalIgnoreCase)
    {
        ["low"] = "low",
        ["high"] = "high",
        ["pct"] = "move_percent",
        ["window"] = "window",
        ["direction"] = "direction",
        ["frequency"] = "frequency",
        ["hysteresis"] = "hysteresis_percent",
        ["cooldown"] = "cooldown",
        ["channels"] = "channels",
        ["urgent"] = "urgent",
        ["template"] = "template",
    };

    public static string Serialize(IReadOnlyList<Signal> signals) =>
        JsonSerializer.Serialize(signals, SignalJsonContext.Default.IReadOnlyListSignal);

    /// <summary>
    /// <c>signals export --format json</c>: per alert, every column of the CSV export by the same name and with the same
    /// value (<see cref="SignalColumns.Export"/>; numbers as JSON numbers, yes/no as booleans, empty as null), then the data
    /// model's other fields as <see cref="Serialize(IReadOnlyList{Signal})"/> writes them (<c>rule</c>, <c>user_id</c>,
    /// <c>base</c>, <c>quote</c>, ...), which earlier exports had. The columns the model also has keep the model's values.
    /// </summary>
    public static string Export(IReadOnlyList<Signal> signals)
    {
        ArgumentNullException.ThrowIfNull(signals);
        var items = new JsonArray();
        foreach (var signal in signals)
        {
            var model = JsonSerializer.SerializeToNode(signal, SignalJsonContext.Default.Signal)!.AsObject();
            var item = new JsonObject();
            foreach (var (column, cell) in SignalColumns.Export.Zip(SignalColumns.ToExportCells(signal)))
            {
                // A field earlier exports had keeps its value as it was written then (times as 2026-12-31T18:00:00+00:00).
                if (model.TryGetPropertyValue(column, out var known))
                {
                    model.Remove(column);
                    item[column] = known;
                }
                else
                {
                    item[column] = ColumnValue(column, cell);
                }
            }

            foreach (var (name, value) in model.ToList())
            {
                model.Remove(name);
                item[name] = value;
            }

            items.Add(item);
        }

        return items.ToJsonString(SignalJsonContext.Default.Options);
    }

    public static string Serialize(Signal signal) => JsonSerializer.Serialize(signal, SignalJsonContext.Default.Signal);

    public static IReadOnlyList<Signal> DeserializeList(string json) =>
        JsonSerializer.Deserialize(json, SignalJsonContext.Default.IReadOnlyListSignal) ?? [];

    /// <summary>
    /// Reads a JSON array of alert objects into rows, so a JSON file goes through the same validation as a CSV file.
    /// Property names are the column names (<c>user_id</c> or <c>pushover_user_key</c>); numbers and booleans are taken as written.
    /// </summary>
    public static IReadOnlyList<SignalRow> ReadRows(string json)
    {
        using var document = JsonDocument.Parse(json);
        if (document.RootElement.ValueKind != JsonValueKind.Array)
            throw new FormatException("a JSON import must be an array of alert objects");

        var objects = document.RootElement.EnumerateArray().ToList();
        var header = objects
            .Where(o => o.ValueKind == JsonValueKind.Object)
            .SelectMany(o => o.EnumerateObject().Select(p => p.Name).Concat(Rule(o) is null ? [] : RuleFields.Keys))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();

        var rows = objects.Select((o, i) => (Number: i + 1, Cells: (IReadOnlyList<string>)header.Select(name => Cell(o, name) ?? RuleCell(o, name) ?? string.Empty).ToList()));
        return SignalColumns.FromTable(header, rows);
    }

    /// <summary>
    /// Reads one alert object (the web API's <c>POST /api/signals</c> body) into a draft, by the data model's names
    /// (<c>user_id</c> or <c>pushover_user_key</c>); numbers and booleans are taken as written, other properties ignored.
    /// </summary>
    public static SignalDraft ReadDraft(string json)
    {
        using var document = JsonDocument.Parse(json);
        var item = document.RootElement;
        if (item.ValueKind != JsonValueKind.Object)
            throw new FormatException("the body must be one alert object, e.g. {\"exchange\":\"binance\",\"symbol\":\"BTCUSDT\",\"condition\":\"above\",\"target_price\":\"100000\"}");

        return DraftOf(name => Cell(item, name));
    }

    /// <summary>
    /// A draft from a lookup by the data model's field names (<c>user_id</c>, or <c>pushover_user_key</c> as import
    /// names it): the API's body and its query alike. A field not given is empty; an id is never taken from it, nor an
    /// owner (whose an alert made through the API is, is the signed-in account's to say, not the body's).
    /// </summary>
    public static SignalDraft DraftOf(Func<string, string?> field)
    {
        ArgumentNullException.ThrowIfNull(field);
        return SignalColumns.Draft(column => column == "pushover_user_key" && field("user_id") is { Length: > 0 } userId ? userId : field(column) ?? string.Empty) with
        {
            Id = null,
            Owner = null,
        };
    }

    /// <summary>A column's export value as JSON: a number, a boolean, text, or null for an empty cell.</summary>
    private static JsonNode? ColumnValue(string column, string? cell) =>
        cell is null ? null
        : SignalColumns.Numbers.Contains(column) ? JsonValue.Create(decimal.Parse(cell, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture))
        : SignalColumns.YesNo.Contains(column) ? JsonValue.Create(cell == "true")
        : JsonValue.Create(cell);

    private static JsonElement? Rule(JsonElement item) =>
        item.ValueKind == JsonValueKind.Object && item.EnumerateObject().FirstOrDefault(p => p.NameEquals("rule")) is { Value.ValueKind: JsonValueKind.Object } rule
            ? rule.Value
            : null;

    /// <summary>
    /// A column an object lacks, from its <c>rule</c> (<see cref="RuleFields"/>), in the column's words: durations as
    /// <c>15m</c> rather than the model's <c>00:15:00</c>, and the direction of <c>pct_move</c> alerts only, as the model
    /// gives every alert one. Null when the rule does not say.
    /// </summary>
    private static string? RuleCell(JsonElement item, string column)
    {
        if (!RuleFields.TryGetValue(column, out var field) || Rule(item) is not { } rule || Cell(rule, field) is not { Length: > 0 } value)
            return null;

        if (field is "window" or "cooldown")
            return TimeSpan.TryParseExact(value, "c", CultureInfo.InvariantCulture, out var duration) ? DurationText.Format(duration) : value;
        if (field == "direction")
            return WireNames.TryParseCondition(Cell(item, "condition"), out var condition) && condition == Condition.PctMove ? value : null;
        return value;
    }

    /// <summary>A property's value as text (numbers and booleans as written, null as empty); null when there is no such property.</summary>
    private static string? Cell(JsonElement item, string name)
    {
        if (item.ValueKind != JsonValueKind.Object)
            return null;

        foreach (var property in item.EnumerateObject())
        {
            if (!string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
                continue;

            return property.Value.ValueKind switch
            {
                JsonValueKind.String => property.Value.GetString() ?? string.Empty,
                JsonValueKind.Null or JsonValueKind.Undefined => string.Empty,
                _ => property.Value.GetRawText(),
            };
        }

        return null;
    }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    UseStringEnumConverter = true,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(IReadOnlyList<Signal>))]
[JsonSerializable(typeof(Signal))]
[JsonSerializable(typeof(Delivery))]
[JsonSerializable(typeof(IReadOnlyList<Delivery>))]
public sealed partial class SignalJsonContext : JsonSerializerContext;
