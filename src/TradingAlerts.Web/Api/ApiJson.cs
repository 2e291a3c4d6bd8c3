using System.Text.Json.Serialization;

namespace TradingAlerts.Web.Api;

/// <summary><c>GET /api/price</c>: the pair and each exchange's answer.</summary>
public sealed record PriceAnswerJson(string Pair, IReadOnlyList<QuoteJson> Quotes);

public sealed record QuoteJson(string Exchange, string Symbol, decimal? Price, long LatencyMs, string? Error);

/// <summary><c>POST /api/sync</c>: the sheet sync's report.</summary>
public sealed record SyncReportJson(
    bool DryRun,
    int Added,
    int Updated,
    int Deactivated,
    int Unchanged,
    IReadOnlyList<SheetChangeJson> Changes,
    IReadOnlyList<RowErrorJson> Invalid,
    IReadOnlyList<RowErrorJson> Warnings);

public sealed record SheetChangeJson(string Kind, int? Row, string SignalId, string Description);

public sealed record RowErrorJson(int Row, string Field, string Message);

/// <summary><c>GET /api/describe</c>: what the alert as written will do, in the create form's words.</summary>
public sealed record DescribeJson(string Sentence);

/// <summary>The API's own shapes, with the data model's snake_case names (alerts use Core's SignalJson).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(PriceAnswerJson))]
[JsonSerializable(typeof(SyncReportJson))]
[JsonSerializable(typeof(DescribeJson))]
internal sealed partial class ApiJsonContext : JsonSerializerContext;
