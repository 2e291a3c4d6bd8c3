namespace TradingAlerts.Notifications.Pushover;

/// <summary>
/// How Pushover insists on an urgent notification (emergency priority 2): it repeats the alert every
/// <see cref="Retry"/> until someone acknowledges it or <see cref="Expire"/> has passed.
/// </summary>
public sealed record PushoverEmergency
{
    /// <summary>Seconds between repeats; Pushover's minimum is 30 s.</summary>
    public TimeSpan Retry { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long the repeats go on; Pushover's maximum is 10 800 s (3 hours).</summary>
    public TimeSpan Expire { get; init; } = TimeSpan.FromHours(1);

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Retry, TimeSpan.FromSeconds(30), nameof(Retry));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Expire, TimeSpan.FromSeconds(10_800), nameof(Expire));
        ArgumentOutOfRangeException.ThrowIfLessThan(Expire, Retry, nameof(Expire));
    }
}
