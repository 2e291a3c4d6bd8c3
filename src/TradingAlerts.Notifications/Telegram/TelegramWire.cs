using System.Text.Json.Serialization;

namespace TradingAlerts.Notifications.Telegram;

/// <summary>
/// The Bot API's envelope: <c>{"ok":true,"result":{"message_id":42,…}}</c>, or
/// <c>{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 5","parameters":{"retry_after":5}}</c>.
/// </summary>
internal sealed record TelegramResponse(bool? Ok, TelegramMessage? Result, int? ErrorCode, string? Description, TelegramParameters? Parameters);

internal sealed record TelegramMessage(long? MessageId);

internal sealed record TelegramParameters(int? RetryAfter);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(TelegramResponse))]
internal sealed partial class TelegramJsonContext : JsonSerializerContext;
