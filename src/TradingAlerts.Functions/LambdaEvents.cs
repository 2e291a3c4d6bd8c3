using System.Text.Json;
using System.Text.Json.Serialization;

namespace TradingAlerts.Functions;

/// <summary>An EventBridge scheduled event, as a schedule rule sends it (transport only, no logic).</summary>
public sealed record ScheduledEvent
{
    [JsonPropertyName("version")] public string? Version { get; init; }
    [JsonPropertyName("id")] public string? Id { get; init; }
    [JsonPropertyName("detail-type")] public string? DetailType { get; init; }
    [JsonPropertyName("source")] public string? Source { get; init; }
    [JsonPropertyName("account")] public string? Account { get; init; }
    [JsonPropertyName("time")] public DateTimeOffset? Time { get; init; }
    [JsonPropertyName("region")] public string? Region { get; init; }
    [JsonPropertyName("resources")] public IReadOnlyList<string>? Resources { get; init; }
    [JsonPropertyName("detail")] public JsonElement? Detail { get; init; }
}

/// <summary>The event Lambda's SQS event source mapping delivers: a batch of messages.</summary>
public sealed record SqsEvent
{
    [JsonPropertyName("Records")] public IReadOnlyList<SqsMessage>? Records { get; init; }
}

public sealed record SqsMessage
{
    [JsonPropertyName("messageId")] public string? MessageId { get; init; }
    [JsonPropertyName("receiptHandle")] public string? ReceiptHandle { get; init; }
    [JsonPropertyName("body")] public string? Body { get; init; }

    /// <summary>System attributes; every value is a string, <c>ApproximateReceiveCount</c> included.</summary>
    [JsonPropertyName("attributes")] public IReadOnlyDictionary<string, string>? Attributes { get; init; }
    [JsonPropertyName("messageAttributes")] public IReadOnlyDictionary<string, SqsMessageAttribute>? MessageAttributes { get; init; }
    [JsonPropertyName("md5OfBody")] public string? Md5OfBody { get; init; }
    [JsonPropertyName("md5OfMessageAttributes")] public string? Md5OfMessageAttributes { get; init; }
    [JsonPropertyName("eventSource")] public string? EventSource { get; init; }
    [JsonPropertyName("eventSourceARN")] public string? EventSourceArn { get; init; }
    [JsonPropertyName("awsRegion")] public string? AwsRegion { get; init; }
}

public sealed record SqsMessageAttribute
{
    [JsonPropertyName("dataType")] public string? DataType { get; init; }
    [JsonPropertyName("stringValue")] public string? StringValue { get; init; }
    [JsonPropertyName("binaryValue")] public string? BinaryValue { get; init; }
    [JsonPropertyName("stringListValues")] public IReadOnlyList<string>? StringListValues { get; init; }
    [JsonPropertyName("binaryListValues")] public IReadOnlyList<string>? BinaryListValues { get; init; }
}

/// <summary>The partial batch response (ReportBatchItemFailures): only the listed messages return to the queue.</summary>
public sealed record SqsBatchResponse(
    [property: JsonPropertyName("batchItemFailures")] IReadOnlyList<BatchItemFailure> BatchItemFailures);

public sealed record BatchItemFailure([property: JsonPropertyName("itemIdentifier")] string ItemIdentifier);

/// <summary>What the Reader and Monolith functions return: a small summary of the cycle.</summary>
public sealed record CycleSummary
{
    public required string CycleId { get; init; }

    /// <summary>The Reader's: the alerts it queued whole (those not in the trigger book yet); the Monolith's: the alerts its cycle checked.</summary>
    public int Armed { get; init; }

    /// <summary>The Reader's: the markets it queued, whose alerts the Workers read from the trigger book.</summary>
    public int? Markets { get; init; }

    public int Expired { get; init; }
    public int Batches { get; init; }
    public int? Checked { get; init; }
    public int? Fired { get; init; }
    public int? Notified { get; init; }
    public int? NotificationFailures { get; init; }
    public int RetriedDeliveries { get; init; }
}

/// <summary>What the Watch function returns: the cycle it judged, and how many operator incidents are open after it.</summary>
public sealed record WatchSummary
{
    public required string CycleId { get; init; }
    public bool Completed { get; init; }

    /// <summary>Why it did not complete, when it broke off (no batch recorded, or batches not finished).</summary>
    public string? Error { get; init; }
    public int Checked { get; init; }
    public int Fired { get; init; }
    public int NotChecked { get; init; }
    public int FailedBatches { get; init; }
    public int OpenIncidents { get; init; }
}

/// <summary>What the Sheets-sync function returns: the sync's counts, and each invalid row with its column and reason.</summary>
/// <param name="Status"><c>synced</c>, or <c>synced with invalid rows</c>.</param>
public sealed record SheetsSyncSummary(
    string Status,
    int Added,
    int Updated,
    int Deactivated,
    int Unchanged,
    IReadOnlyList<string> Invalid,
    IReadOnlyList<string> Remarks);

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ScheduledEvent))]
[JsonSerializable(typeof(SqsEvent))]
[JsonSerializable(typeof(SqsBatchResponse))]
public sealed partial class LambdaJsonContext : JsonSerializerContext;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CycleSummary))]
[JsonSerializable(typeof(SheetsSyncSummary))]
[JsonSerializable(typeof(WatchSummary))]
internal sealed partial class SummaryJsonContext : JsonSerializerContext;
