using TradingAlerts.Core.Pipeline;
using TradingAlerts.Core.Signals;

namespace TradingAlerts.Testing;

/// <summary>A real store with its alert writes (adds, updates, removals) counted: for "only changed rows write" checks and benchmarks.</summary>
public sealed class CountingSignalStore(ISignalStore inner) : ISignalStore
{
    private int writes;

    public int Writes => Volatile.Read(ref writes);

    public Task AddAsync(Signal signal, CancellationToken ct)
    {
        Interlocked.Increment(ref writes);
        return inner.AddAsync(signal, ct);
    }

    public Task<Signal?> GetAsync(string id, CancellationToken ct) => inner.GetAsync(id, ct);

    public IAsyncEnumerable<Signal> ListAsync(CancellationToken ct) => inner.ListAsync(ct);

    public IAsyncEnumerable<Signal> ListArmedAsync(CancellationToken ct) => inner.ListArmedAsync(ct);

    public IAsyncEnumerable<Market> ListMarketsAsync(CancellationToken ct) => inner.ListMarketsAsync(ct);

    public IAsyncEnumerable<Signal> ListUnplacedAsync(CancellationToken ct) => inner.ListUnplacedAsync(ct);

    public IAsyncEnumerable<MarketReached> ListReachedAsync(IReadOnlyList<MarketWindow> windows, CancellationToken ct) =>
        inner.ListReachedAsync(windows, ct);

    public Task<ILookup<Market, MoveGroup>> ListMoveGroupsAsync(IReadOnlyList<Market> markets, CancellationToken ct) => inner.ListMoveGroupsAsync(markets, ct);

    public Task<bool> UpdateAsync(Signal signal, CancellationToken ct)
    {
        Interlocked.Increment(ref writes);
        return inner.UpdateAsync(signal, ct);
    }

    public Task<bool> RemoveAsync(string id, CancellationToken ct)
    {
        Interlocked.Increment(ref writes);
        return inner.RemoveAsync(id, ct);
    }

    public Task<bool> MoveAsync(SignalSnapshot snapshot, SignalState next, CancellationToken ct) => inner.MoveAsync(snapshot, next, ct);

    public Task<bool> ClaimTriggerAsync(SignalSnapshot snapshot, IReadOnlyList<Delivery> firings, SignalState next, CancellationToken ct) => inner.ClaimTriggerAsync(snapshot, firings, next, ct);
}
