using TradingAlerts.Core.Pipeline;
using TradingAlerts.Core.Signals;

namespace TradingAlerts.Testing;

/// <summary>The claim of a firing on one channel, as most store tests make it.</summary>
public static class StoreClaims
{
    public static Task<bool> ClaimTriggerAsync(this ISignalStore store, SignalSnapshot snapshot, Delivery firing, SignalState next, CancellationToken ct) =>
        store.ClaimTriggerAsync(snapshot, [firing], next, ct);
}
