using System.Text.Json.Serialization;

namespace TradingAlerts.Notifications.Webhook;

/// <summary>
/// The JSON a webhook receives. <c>event</c> is <c>alert.fired</c> for a firing, with the alert's fields; for any other
/// message (a digest, an operator notice) it is <c>notice</c> and the alert's fields are absent. Prices are strings
/// holding every digit (no float rounding); <c>time</c> is ISO 8601 UTC.
/// </summary>
internal sealed record WebhookPayload(
    string Event,
    string? AlertId,
    string? AlertName,
    string? Symbol,
    string? Exchange,
    string? Condition,
    string? Target,
    string? Price,
    DateTime Time,
    string Title,
    string Message);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(WebhookPayload))]
internal sealed partial class WebhookJsonContext : JsonSerializerContext;
