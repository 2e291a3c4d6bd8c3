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
    /// Enables or disables an alert. An edit is conditional on the version read; a concurrent write (a firing) makes it
    /// read again. Returns the alert as it now stands (null when there is none).
    /// </summary>
    public static async Task<(ActiveChange Change, Signal? Signal)> SetActiveAsync(this ISignalStore store, string id, bool active, CancellationToken ct)
    {
        while (true)
        {
            var signal = await store.GetAsync(id, ct);
            if (signal is null)
                return (ActiveChange.NotFound, null);

            if (signal.Active == active)
                return (ActiveChange.AlreadySo, signal);

            var changed = signal with { Active = active };
            if (await store.UpdateAsync(changed, ct))
                return (ActiveChange.Changed, changed);
        }
    }
}
