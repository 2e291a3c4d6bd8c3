using System.Text.Json;
using System.Text.Json.Serialization;
using TradingAlerts.Core.Notifications;

namespace TradingAlerts.Core.Signals;

/// <summary>
/// What an alert needs beyond a target price: the band of <c>channel_exit</c>, the move of <c>pct_move</c>, whether
/// it fires once or re-arms (with a hysteresis band and a cooldown, so a price ranging around the target does not spam),
/// and how it is told: its channels, urgency and message template.
/// </summary>
public sealed record SignalRule
{
    public const decimal DefaultHysteresisPercent = 0.5m;

    // Declared before Default: static fields initialize in order, and Default's initializer reads this one.
    public static readonly TimeSpan DefaultCooldown = TimeSpan.FromMinutes(15);

    public static readonly SignalRule Default = new();

    /// <summary>The band's lower bound (<c>channel_exit</c>).</summary>
    public decimal? Low { get; init; }

    /// <summary>The band's upper bound (<c>channel_exit</c>).</summary>
    public decimal? High { get; init; }

    /// <summary>The move that fires a <c>pct_move</c> alert, in percent (5 = 5 %).</summary>
    public decimal? MovePercent { get; init; }

    /// <summary>How far back a <c>pct_move</c> alert compares the price: the change from then to now.</summary>
    public TimeSpan? Window { get; init; }

    public MoveDirection Direction { get; init; } = MoveDirection.Either;

    public Frequency Frequency { get; init; } = Frequency.Once;

    /// <summary>How far (percent of the target) the price must come back before a re-arming alert arms again.</summary>
    public decimal HysteresisPercent { get; init; } = DefaultHysteresisPercent;

    /// <summary>How long after firing a re-arming alert stays quiet, whatever the price does.</summary>
    public TimeSpan Cooldown { get; init; } = DefaultCooldown;

    /// <summary>Where its notifications go; each channel gets its own delivery, recorded in the history.</summary>
    public Channels Channels { get; init; } = Channels.Pushover;

    /// <summary>Urgent alerts escalate (Pushover emergency priority, repeated until acknowledged) and ignore quiet hours.</summary>
    public bool Urgent { get; init; }

    /// <summary>The alert's own message, with placeholders (see <see cref="MessageTemplate"/>); null for the default message.</summary>
    public string? Template { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this, AlertRuleJsonContext.Default.SignalRule);

    /// <summary>Reads what <see cref="ToJson"/> wrote; null or empty text is the default rule.</summary>
    public static SignalRule FromJson(string? json) =>
        string.IsNullOrEmpty(json) ? Default : JsonSerializer.Deserialize(json, AlertRuleJsonContext.Default.SignalRule) ?? Default;
}

public enum Frequency
{
    /// <summary>Fires once; the alert is then triggered and stops.</summary>
    [JsonStringEnumMemberName("once")]
    Once,

    /// <summary>Fires, waits for the price to come back by the hysteresis band and for the cooldown, then arms again.</summary>
    [JsonStringEnumMemberName("rearm")]
    Rearm,
}

public enum MoveDirection
{
    [JsonStringEnumMemberName("either")]
    Either,
    [JsonStringEnumMemberName("up")]
    Up,
    [JsonStringEnumMemberName("down")]
    Down,
}

public enum PriceSide
{
    [JsonStringEnumMemberName("below")]
    Below,
    [JsonStringEnumMemberName("above")]
    Above,
}

/// <summary>
/// Where the Worker moves an alert: its status, for the crossing conditions the side it is armed on, and when it was
/// armed (null unless the move arms it).
/// </summary>
public sealed record SignalState(SignalStatus Status, PriceSide? Side = null, DateTimeOffset? ArmedAt = null);

public static class SignalStatuses
{
    /// <summary>The statuses the Reader hands to the Worker (of active alerts).</summary>
    public static bool IsWatched(this SignalStatus status) => status is SignalStatus.Pending or SignalStatus.Waiting;
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SignalRule))]
internal sealed partial class AlertRuleJsonContext : JsonSerializerContext;
