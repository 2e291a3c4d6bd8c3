namespace TradingAlerts.Core.Signals;

public enum ActiveChange
{
    NotFound,
    AlreadySo,
    Changed,
}

/// <summary>Edits a person makes to an existing alert (CLI <c>signals enable|disable</c>, the web UI's toggle).</summary>
public static class SignalEdits
{
    /// <summary>
    /// Enables or disables an alert; enabling an alert that flap protection paused re-arms it (once the cooldown has
    /// passed and the price has come back), and an enabled alert counts prices from <paramref name="clock"/>'s now on,
    /// not from while it was off. An edit is conditional on the version read; a concurrent write (a firing) makes it
    /// read again. Returns the alert as it now stands (null when there is none).
    /// </summary>
    public static async Task<(ActiveChange Change, Signal? Signal)> SetActiveAsync(this ISignalStore store, string id, bool active, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(clock);
        while (true)
        {
            var signal = await store.GetAsync(id, ct);
            if (signal is null)
                return (ActiveChange.NotFound, null);

            var unpause = active && signal.Status == SignalStatus.Paused;
            if (signal.Active == active && !unpause)
                return (ActiveChange.AlreadySo, signal);

            var changed = unpause ? signal with { Active = true, Status = SignalStatus.Waiting, ArmedAt = clock.GetUtcNow() }
                : (signal with { Active = active }).ArmedAgainIfSwitchedOn(signal, clock.GetUtcNow());
            if (await store.UpdateAsync(changed, ct))
                return (ActiveChange.Changed, changed);
        }
    }

    /// <summary>
    /// An alert switched on again while pending or waiting counts prices from <paramref name="now"/> on: a crossing while
    /// it was off is not told when it comes back, and no price from then arms it.
    /// </summary>
    public static Signal ArmedAgainIfSwitchedOn(this Signal edited, Signal before, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(edited);
        ArgumentNullException.ThrowIfNull(before);
        return !before.Active && edited.Active && edited.Status.IsWatched() ? edited with { ArmedAt = now } : edited;
    }
}
