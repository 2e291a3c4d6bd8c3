namespace TradingAlerts.Core.Signals;

/// <summary>An alert as typed by a person (CLI flags, a CSV or sheet row, a form): raw text, not yet validated.</summary>
public sealed record SignalDraft
{
    public string? Id { get; init; }
    public string? Name { get; init; }
    public string? Exchange { get; init; }
    public string? Symbol { get; init; }
    public string? Condition { get; init; }
    public string? TargetPrice { get; init; }
    public string? Active { get; init; }
    public string? UserId { get; init; }
    public string? Notes { get; init; }
    public string? ExpiresAt { get; init; }
    public string? Low { get; init; }
    public string? High { get; init; }
    public string? Pct { get; init; }
    public string? Window { get; init; }
    public string? Direction { get; init; }
    public string? Frequency { get; init; }
    public string? Hysteresis { get; init; }
    public string? Cooldown { get; init; }
    public string? Channels { get; init; }
    public string? Urgent { get; init; }
    public string? Template { get; init; }

    /// <summary>The account the alert belongs to; blank: the first admin (none with no accounts).</summary>
    public string? Owner { get; init; }
}
