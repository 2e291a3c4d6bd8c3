using System.Text.Json.Serialization;

namespace TradingAlerts.Notifications.Pushover;

/// <summary>
/// Pushover's answer to <c>POST /1/messages.json</c>: <c>{"status":1,"request":"…"}</c>, or with
/// <c>"errors":["user identifier is invalid"]</c> and status 0.
/// </summary>
internal sealed record PushoverResponse(int? Status, string? Request, IReadOnlyList<string>? Errors);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(PushoverResponse))]
internal sealed partial class PushoverJsonContext : JsonSerializerContext;
