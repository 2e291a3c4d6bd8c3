using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace TradingAlerts.Core.Notifications;

/// <summary>
/// One recipient's settings: where its Telegram, Discord and webhook notifications go, and its quiet hours. The id is
/// the Pushover user key its alerts name (their <c>user_id</c>, or PUSHOVER_USER_KEY), or <see cref="Default"/> for
/// alerts that name none when no default key is configured. Secrets (bot token, webhook signing secret) are not here:
/// they live in the environment or the secret.
/// </summary>
public sealed partial record Recipient
{
    public const string Default = "default";

    public required string Id { get; init; }

    /// <summary>The Telegram chat id: a number, or <c>@channelname</c>.</summary>
    public string? TelegramChatId { get; init; }

    /// <summary>The Discord webhook URL (it carries Discord's token: shown masked).</summary>
    public string? DiscordWebhookUrl { get; init; }

    /// <summary>Where the generic webhook posts (signed with WEBHOOK_SECRET).</summary>
    public string? WebhookUrl { get; init; }

    public QuietHours? QuietHours { get; init; }

    /// <summary>The recipient's address on a channel; null when it has none there.</summary>
    public string? AddressOn(Channels channel) => channel switch
    {
        Channels.Pushover => Id == Default ? null : Id,
        Channels.Telegram => TelegramChatId,
        Channels.Discord => DiscordWebhookUrl,
        Channels.Webhook => WebhookUrl,
        _ => null,
    };

    /// <summary>
    /// The recipient with the given settings changed (null leaves one as it is, an empty text clears it); throws
    /// <see cref="FormatException"/> naming every setting that is wrong, and then nothing is changed.
    /// </summary>
    public Recipient With(string? telegramChatId, string? discordWebhookUrl, string? webhookUrl, string? quietHours, string? timeZone)
    {
        var errors = new List<string>();
        var edited = this with
        {
            TelegramChatId = Setting(telegramChatId, TelegramChatId, text => ChatIdPattern().IsMatch(text) ? null : $"telegram chat id must be a number such as -1001234567890 or @channelname (got '{text}')"),
            DiscordWebhookUrl = Setting(discordWebhookUrl, DiscordWebhookUrl, text => HttpUrl(text) ? null : "discord webhook must be an http(s) URL such as https://discord.com/api/webhooks/…"),
            WebhookUrl = Setting(webhookUrl, WebhookUrl, text => HttpUrl(text) ? null : $"webhook must be an http(s) URL such as https://example.com/hook (got {Shown(text)})"),
        };

        if (quietHours is not null || timeZone is not null)
        {
            try
            {
                edited = edited with
                {
                    QuietHours = quietHours?.Length == 0
                        ? null
                        : QuietHours.Parse(
                            quietHours ?? QuietHours?.Period ?? throw new FormatException("a time zone needs quiet hours too, such as 22:00-07:00"),
                            timeZone ?? QuietHours?.TimeZone ?? "UTC"),
                };
            }
            catch (FormatException e)
            {
                errors.Add(e.Message);
            }
        }

        return errors.Count == 0 ? edited : throw new FormatException(string.Join("; ", errors));

        string? Setting(string? text, string? current, Func<string, string?> problem)
        {
            if (text is null)
                return current;
            if (text.Trim().Length == 0)
                return null;
            if (problem(text.Trim()) is { } error)
                errors.Add(error);
            return text.Trim();
        }
    }

    private static bool HttpUrl(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp);

    /// <summary>A URL as an error may show it: its scheme and host only, since its path and query often carry a token.</summary>
    private static string Shown(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var url) && url.Host.Length > 0 ? $"'{url.Scheme}://{url.Host}/…'" : $"a value of {text.Length} characters";

    [GeneratedRegex(@"^(-?\d{1,20}|@[A-Za-z0-9_]{4,32})$")]
    private static partial Regex ChatIdPattern();

    /// <summary>The id a firing's recipient (its Pushover key, or none) has in the recipients' settings.</summary>
    public static string IdOf(string? pushoverKey) => string.IsNullOrEmpty(pushoverKey) ? Default : pushoverKey;

    public string ToJson() => JsonSerializer.Serialize(this, RecipientJsonContext.Default.Recipient);

    public static Recipient FromJson(string json) =>
        JsonSerializer.Deserialize(json, RecipientJsonContext.Default.Recipient) ?? throw new JsonException("empty recipient");
}

/// <summary>
/// A daily quiet period in the recipient's time zone, such as 22:00–07:00 Europe/Berlin (it may span midnight).
/// Non-urgent notifications that fall in it are held and sent as one digest when it ends.
/// </summary>
public sealed record QuietHours(TimeOnly Start, TimeOnly End, string TimeZone)
{
    /// <summary>Parses <c>22:00-07:00</c> in the IANA time zone <paramref name="timeZone"/> (e.g. Europe/Berlin, UTC).</summary>
    public static QuietHours Parse(string period, string timeZone)
    {
        var parts = period.Split('-', StringSplitOptions.TrimEntries);
        if (parts.Length != 2
            || !TimeOnly.TryParseExact(parts[0], "H:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start)
            || !TimeOnly.TryParseExact(parts[1], "H:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var end))
            throw new FormatException($"quiet hours must be a period such as 22:00-07:00 (got '{period}')");
        if (start == end)
            throw new FormatException($"quiet hours must not start and end at the same time (got '{period}')");
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out _))
            throw new FormatException($"time zone must be an IANA name such as Europe/Berlin, America/New_York or UTC (got '{timeZone}')");

        return new QuietHours(start, end, timeZone);
    }

    /// <summary>When the quiet period that holds <paramref name="now"/> ends; null when <paramref name="now"/> is not in one.</summary>
    public DateTimeOffset? EndIfQuiet(DateTimeOffset now)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(TimeZone);
        var local = TimeZoneInfo.ConvertTime(now, zone);
        var time = TimeOnly.FromDateTime(local.DateTime);
        var quiet = Start < End ? time >= Start && time < End : time >= Start || time < End;
        if (!quiet)
            return null;

        var endDay = DateOnly.FromDateTime(local.DateTime);
        if (Start > End && time >= Start)
            endDay = endDay.AddDays(1);

        // The end as a local wall-clock time, converted back; a wall-clock time skipped by a clock change moves forward.
        var endLocal = endDay.ToDateTime(End);
        while (zone.IsInvalidTime(endLocal))
            endLocal = endLocal.AddMinutes(30);
        return new DateTimeOffset(endLocal, zone.GetUtcOffset(endLocal)).ToUniversalTime();
    }

    /// <summary>The daily period as written: <c>22:00-07:00</c>.</summary>
    [JsonIgnore]
    public string Period => $"{Start:HH\\:mm}-{End:HH\\:mm}";

    public override string ToString() => $"{Period} {TimeZone}";
}

/// <summary>Where recipients' settings are kept (the same store as the alerts).</summary>
public interface IRecipientStore
{
    /// <summary>Creates or replaces the recipient's settings.</summary>
    Task PutRecipientAsync(Recipient recipient, CancellationToken ct);

    Task<Recipient?> GetRecipientAsync(string id, CancellationToken ct);

    Task<IReadOnlyList<Recipient>> ListRecipientsAsync(CancellationToken ct);

    Task<bool> RemoveRecipientAsync(string id, CancellationToken ct);
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Recipient))]
internal sealed partial class RecipientJsonContext : JsonSerializerContext;
