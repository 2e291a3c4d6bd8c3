using System.Text.Json.Serialization;

namespace TradingAlerts.Notifications.Discord;

/// <summary>
/// The execute-webhook body: <c>{"content":"…","allowed_mentions":{"parse":[]}}</c>. No mention is parsed, so an alert
/// whose notes say @everyone pings nobody.
/// </summary>
internal sealed record DiscordMessage(string Content, DiscordAllowedMentions AllowedMentions);

internal sealed record DiscordAllowedMentions(IReadOnlyList<string> Parse);

/// <summary>
/// Discord's error body: <c>{"message":"Unknown Webhook","code":10015}</c>; for a 429
/// <c>{"message":"You are being rate limited.","retry_after":64.57,"global":false}</c> (seconds).
/// </summary>
internal sealed record DiscordError(string? Message, int? Code, decimal? RetryAfter);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(DiscordMessage))]
[JsonSerializable(typeof(DiscordError))]
internal sealed partial class DiscordJsonContext : JsonSerializerContext;
