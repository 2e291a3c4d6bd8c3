using TradingAlerts.Core.Accounts;
using TradingAlerts.Core.Notifications;
using TradingAlerts.Core.Pipeline;
using TradingAlerts.Core.Prices;

namespace TradingAlerts.Core.Signals;

/// <summary>
/// Where alerts live (SQLite locally, DynamoDB in the cloud). Every write is conditional on the version the caller
/// read, so concurrent writers never lose an update and two workers can never both claim one crossing.
/// </summary>
public interface ISignalStore
{
    /// <summary>Adds a new alert; throws <see cref="DuplicateSignalException"/> when its id is taken.</summary>
    Task AddAsync(Signal signal, CancellationToken ct);

    Task<Signal?> GetAsync(string id, CancellationToken ct);

    /// <summary>Every alert, whatever its status.</summary>
    IAsyncEnumerable<Signal> ListAsync(CancellationToken ct);

    /// <summary>Only the armed alerts (active, pending or waiting): the Reader's cost follows these, not the whole table.</summary>
    IAsyncEnumerable<Signal> ListArmedAsync(CancellationToken ct);

    /// <summary>
    /// Each market that has armed alerts, once: what a cycle asks prices for. It may also name a market whose alerts all
    /// stopped being armed (a store that cannot tell that cheaply keeps naming it); its reads then find nothing.
    /// </summary>
    IAsyncEnumerable<Market> ListMarketsAsync(CancellationToken ct);

    /// <summary>
    /// The armed alerts not in the trigger book: written by a version before it, on a store that places them when they
    /// are next written (DynamoDB; SQLite places them all when it migrates). The Reader sends them whole, as before.
    /// </summary>
    IAsyncEnumerable<Signal> ListUnplacedAsync(CancellationToken ct);

    /// <summary>
    /// For each market, the armed alerts whose place in the trigger book (<see cref="TriggerBook.PlaceOf(Signal)"/>) its
    /// window reaches: the only ones a check at that price can act on. Its cost follows what it returns, not the alerts
    /// the markets have. One answer per market, in the order asked, each whole: a caller that stops early (its time ran
    /// out) has read exactly the markets answered so far. Asked together, the markets share the store's round trips.
    /// </summary>
    IAsyncEnumerable<MarketReached> ListReachedAsync(IReadOnlyList<MarketWindow> windows, CancellationToken ct);

    /// <summary>
    /// For each of the markets, the groups its armed percent moves wait in (<see cref="MoveGroup"/>): what a check must
    /// measure before it reads the book (<see cref="BookWindow.MovesUpTo"/>). A market without one has none.
    /// </summary>
    Task<ILookup<Market, MoveGroup>> ListMoveGroupsAsync(IReadOnlyList<Market> markets, CancellationToken ct);

    /// <summary>
    /// Replaces an alert if it is still at <c>signal.Version</c>, storing it at the next version.
    /// Returns false (and writes nothing) when the alert is gone or someone else wrote first.
    /// </summary>
    Task<bool> UpdateAsync(Signal signal, CancellationToken ct);

    Task<bool> RemoveAsync(string id, CancellationToken ct);

    /// <summary>
    /// Moves an active alert to <paramref name="next"/> (expired, armed again, paused) if it is still at the snapshot's
    /// version. Returns false (and writes nothing) when it was edited, disabled, removed or moved by someone else.
    /// </summary>
    Task<bool> MoveAsync(SignalSnapshot snapshot, SignalState next, CancellationToken ct);

    /// <summary>
    /// The trigger claim, in one atomic step: moves the alert from pending to <paramref name="next"/> (triggered, or
    /// waiting to re-arm) if it is still armed at the snapshot's version, counts the firing once, and records
    /// <paramref name="firings"/> (one per channel) with their deliveries pending.
    /// Returns false when the claim was lost (already claimed, edited, disabled or removed): nothing is written then.
    /// </summary>
    Task<bool> ClaimTriggerAsync(SignalSnapshot snapshot, IReadOnlyList<Delivery> firings, SignalState next, CancellationToken ct);
}

/// <summary>
/// The firings and their deliveries (one record per firing and channel): written pending by the claim, then leased,
/// sent and recorded by the Delivery service.
/// </summary>
public interface IDeliveryStore
{
    /// <summary>
    /// Records a delivery that belongs to no single firing (the summary of expired alerts), pending; false when its
    /// trigger id is already taken, so a retried step never sends it twice.
    /// </summary>
    Task<bool> AddDeliveryAsync(Delivery delivery, CancellationToken ct);

    Task<Delivery?> GetDeliveryAsync(string triggerId, CancellationToken ct);

    /// <summary>The alert's firings, newest first.</summary>
    Task<IReadOnlyList<Delivery>> ListDeliveriesAsync(string signalId, CancellationToken ct);

    /// <summary>
    /// Every delivery of the firings (and summaries) from <paramref name="from"/> until <paramref name="to"/> (excluded),
    /// oldest first: the dashboard's period.
    /// </summary>
    IAsyncEnumerable<Delivery> ListDeliveriesFiredAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken ct);

    /// <summary>Deliveries still pending whose next attempt is due at <paramref name="now"/>.</summary>
    IAsyncEnumerable<Delivery> ListDueDeliveriesAsync(DateTimeOffset now, CancellationToken ct);

    /// <summary>
    /// Takes the right to attempt a pending delivery until <paramref name="leaseUntil"/>: succeeds only if it is due
    /// at <paramref name="now"/>, so a crashed worker's lease runs out and no two workers send at once. The lease is
    /// its end time: whoever holds it names it to renew it or to record what happened.
    /// </summary>
    Task<bool> TryLeaseDeliveryAsync(string triggerId, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken ct);

    /// <summary>
    /// Moves the end of a lease the caller still holds (<paramref name="heldUntil"/>) to <paramref name="until"/>: right
    /// before each send, so that a send never starts under a lease someone else may have taken over. Fails (and writes
    /// nothing) when the delivery is no longer pending under that lease.
    /// </summary>
    Task<bool> RenewLeaseAsync(string triggerId, DateTimeOffset heldUntil, DateTimeOffset until, CancellationToken ct);

    /// <summary>
    /// Records the outcome of a delivery attempt made under the lease <paramref name="heldUntil"/>; false (nothing
    /// written) when the lease was lost meanwhile, so a late record never undoes what the lease's new holder recorded.
    /// </summary>
    Task<bool> RecordDeliveryAsync(string triggerId, DateTimeOffset heldUntil, DeliveryAttempt attempt, CancellationToken ct);
}

public sealed class DuplicateSignalException(string id) : Exception($"an alert with id '{id}' already exists")
{
    public string Id { get; } = id;
}

/// <summary>
/// A whole store as the compositions use it: every port over one backend (one SQLite file, one DynamoDB table).
/// </summary>
public interface IStore : ISignalStore, IDeliveryStore, IRecipientStore, ICycleLog, ICoverageStore, IBatchOutcomeLog, IPriceHistory, IAccountStore
{
    /// <summary>Creates what the store needs (schema, table) when missing; safe to call again.</summary>
    Task InitializeAsync(CancellationToken ct);
}
