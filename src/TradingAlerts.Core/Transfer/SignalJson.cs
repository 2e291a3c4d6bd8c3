using System.Text.Json;
using System.Text.Json.Serialization;
using TradingAlerts.Core.Signals;

namespace TradingAlerts.Core.Transfer;

/// <summary>The JSON shape of alerts (CLI <c>--json</c>, export, web API): the data model's snake_case names.</summary>
public static class SignalJson
{
    public static string Serialize(IReadOnlyList<Signal> signals) =>
        JsonSerializer.Serialize(signals, SignalJsonContext.Default.IReadOnlyListSignal);

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
            .SelectMany(o => o.EnumerateObject().Select(p => p.Name))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();

        var rows = objects.Select((o, i) => (Number: i + 1, Cells: (IReadOnlyList<string>)header.Select(name => Cell(o, name)).ToList()));
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

        return SignalColumns.Draft(column => column == "pushover_user_key" && Cell(item, "user_id") is { Length: > 0 } userId ? userId : Cell(item, column)) with
        {
            Id = null,
        };
    }

    private static string Cell(JsonElement item, string name)
    {
        if (item.ValueKind != JsonValueKind.Object)
            return string.Empty;

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

        return string.Empty;
    }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    UseStringEnumConverter = true,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(IReadOnlyList<Signal>))]
[JsonSerializable(typeof(Signal))]
[JsonSerializable(typeof(Firing))]
[JsonSerializable(typeof(IReadOnlyList<Firing>))]
public sealed partial class SignalJsonContext : JsonSerializerContext;
