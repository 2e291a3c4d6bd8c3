using System.Text.Json.Serialization;

namespace TradingAlerts.Notifications.Pushover;

/// <summary>
/// Pushover's answer to <c>POST /1/messages.json</c>: <c>{"status":1,"request":"…"}</c> (with <c>"receipt"</c> for
/// emergency priority), or with <c>"errors":["user identifier is invalid"]</c> and status 0.
/// </summary>
internal sealed record PushoverResponse(int? Status, string? Request, IReadOnlyList<string>? Errors, string? Receipt);

/// <summary>
/// Pushover's answer to <c>GET /1/receipts/{receipt}.json</c>: flags are 0/1, times unix seconds (0 when not yet).
/// </summary>
internal sealed record PushoverReceiptResponse(
    int? Status,
    int? Acknowledged,
    long? AcknowledgedAt,
    int? Expired,
    long? ExpiresAt,
    IReadOnlyList<string>? Errors);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(PushoverResponse))]
[JsonSerializable(typeof(PushoverReceiptResponse))]
internal sealed partial class PushoverJsonContext : JsonSerializerContext;
