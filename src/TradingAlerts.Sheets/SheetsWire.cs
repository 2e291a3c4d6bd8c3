using System.Text.Json;
using System.Text.Json.Serialization;

namespace TradingAlerts.Sheets;

/// <summary>The Sheets API's ValueRange: <c>values</c> is absent for an empty range, and rows omit trailing empty cells.</summary>
internal sealed record ValueRangeWire(string? Range, string? MajorDimension, IReadOnlyList<IReadOnlyList<JsonElement>>? Values);

/// <summary>One range of a <c>values:batchUpdate</c>, written as it is (RAW: never read as a formula).</summary>
internal sealed record ValueRangeUpdate(string Range, string MajorDimension, IReadOnlyList<IReadOnlyList<string>> Values);

internal sealed record BatchUpdateWire(string ValueInputOption, IReadOnlyList<ValueRangeUpdate> Data, bool IncludeValuesInResponse);

internal sealed record ErrorWire(ErrorDetail? Error);

internal sealed record ErrorDetail(int Code, string? Message, string? Status);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ValueRangeWire))]
[JsonSerializable(typeof(ValueRangeUpdate))]
[JsonSerializable(typeof(BatchUpdateWire))]
[JsonSerializable(typeof(ErrorWire))]
internal sealed partial class SheetsJsonContext : JsonSerializerContext;
