namespace TradingAlerts.Core.Pipeline;

/// <summary>
/// When a host that is cut off at a fixed time (a Lambda function at its timeout) stops taking new work, so that what
/// it started ends before the cut: no batch, exchange request or notification send starts after it. A send cut off
/// midway may have arrived and would be sent again after its lease; an alert left unchecked leaves a coverage gap that
/// the next cycle looks back over. Hosts without a timeout (the CLI) never start one, and it never passes.
/// </summary>
public sealed class WorkDeadline(TimeProvider clock)
{
    /// <summary>The longest single step it leaves time for: a notification send (two attempts of 30 s at most), with margin.</summary>
    public static readonly TimeSpan Reserve = TimeSpan.FromSeconds(75);

    private DateTimeOffset? stopAt;

    /// <summary>An invocation that is cut off <paramref name="timeout"/> from now: new work stops <see cref="Reserve"/> before.</summary>
    public void Start(TimeSpan timeout)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, Reserve);
        stopAt = clock.GetUtcNow() + timeout - Reserve;
    }

    public bool Passed => stopAt is { } at && clock.GetUtcNow() >= at;

    /// <summary>Why work was not started, for the cycle summary and the logs.</summary>
    public const string Reason = "not checked: the invocation stopped taking new work before its timeout; the next cycle looks back over this one";
}
