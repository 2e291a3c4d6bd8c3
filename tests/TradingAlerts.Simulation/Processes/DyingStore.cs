using System.Runtime.CompilerServices;
using TradingAlerts.Core.Accounts;
using TradingAlerts.Core.Notifications;
using TradingAlerts.Core.Pipeline;
using TradingAlerts.Core.Prices;
using TradingAlerts.Core.Signals;
using TradingAlerts.Simulation.Servers;

namespace TradingAlerts.Simulation.Processes;

/// <summary>
/// One process's handle on the shared store. Every call first checks that the process lives; at a firing's step
/// boundaries (before the claim, after the claim, after the send before its record) the process may die, as
/// <see cref="SimProcess.CrashStepFor"/> decides from the trigger id. The store underneath is the real SQLite store.
/// </summary>
internal sealed class DyingStore(IStore store, SimProcess process) : IStore
{
    public Task InitializeAsync(CancellationToken ct) => Alive(() => store.InitializeAsync(ct));

    public Task AddAsync(Signal signal, CancellationToken ct) => Alive(() => store.AddAsync(signal, ct));

    public Task<Signal?> GetAsync(string id, CancellationToken ct) => Alive(() => store.GetAsync(id, ct));

    public IAsyncEnumerable<Signal> ListAsync(CancellationToken ct) => AliveEach(store.ListAsync(ct), ct);

    public IAsyncEnumerable<Signal> ListArmedAsync(CancellationToken ct) => AliveEach(store.ListArmedAsync(ct), ct);

    public IAsyncEnumerable<Market> ListMarketsAsync(CancellationToken ct) => AliveEach(store.ListMarketsAsync(ct), ct);

    public IAsyncEnumerable<Signal> ListUnplacedAsync(CancellationToken ct) => AliveEach(store.ListUnplacedAsync(ct), ct);

    /// <summary>
    /// A check reads the trigger book at a market's price: the oracle is told that the check held every armed alert of
    /// the market (those the book leaves unread could do nothing at that price, which the oracle then holds it to), just
    /// before the market is read, so each market is asked of the store on its own.
    /// </summary>
    public async IAsyncEnumerable<MarketReached> ListReachedAsync(IReadOnlyList<MarketWindow> windows, [EnumeratorCancellation] CancellationToken ct)
    {
        foreach (var window in windows)
        {
            process.ThrowIfDead();
            await process.HoldMarketAsync(store, window.Market.Exchange, window.Market.Symbol, ct);
            await foreach (var reached in AliveEach(store.ListReachedAsync([window], ct), ct))
                yield return reached;
        }
    }

    public Task<ILookup<Market, MoveGroup>> ListMoveGroupsAsync(IReadOnlyList<Market> markets, CancellationToken ct) => Alive(() => store.ListMoveGroupsAsync(markets, ct));

    public Task<bool> UpdateAsync(Signal signal, CancellationToken ct) => Alive(() => store.UpdateAsync(signal, ct));

    public Task<bool> RemoveAsync(string id, CancellationToken ct) => Alive(() => store.RemoveAsync(id, ct));

    public Task<bool> MoveAsync(SignalSnapshot snapshot, SignalState next, CancellationToken ct) => Alive(() => store.MoveAsync(snapshot, next, ct));

    public async Task<bool> ClaimTriggerAsync(SignalSnapshot snapshot, IReadOnlyList<Delivery> firings, SignalState next, CancellationToken ct)
    {
        process.ThrowIfDead();
        var trigger = FiringOf(firings[0].TriggerId);
        var step = process.CrashStepFor(trigger);
        if (step == CrashStep.BeforeClaim)
            process.Die("crashed before the claim", trigger);

        var claimed = await store.ClaimTriggerAsync(snapshot, firings, next, ct);
        if (claimed && step == CrashStep.AfterClaim)
            process.Die("crashed after the claim, before the send", trigger);

        return claimed;
    }

    public Task<bool> AddDeliveryAsync(Delivery delivery, CancellationToken ct) => Alive(() => store.AddDeliveryAsync(delivery, ct));

    public Task<Delivery?> GetDeliveryAsync(string triggerId, CancellationToken ct) => Alive(() => store.GetDeliveryAsync(triggerId, ct));

    public Task<IReadOnlyList<Delivery>> ListDeliveriesAsync(string signalId, CancellationToken ct) => Alive(() => store.ListDeliveriesAsync(signalId, ct));

    public IAsyncEnumerable<Delivery> ListDeliveriesFiredAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken ct) =>
        AliveEach(store.ListDeliveriesFiredAsync(from, to, ct), ct);

    public IAsyncEnumerable<Delivery> ListDueDeliveriesAsync(DateTimeOffset now, CancellationToken ct) => AliveEach(store.ListDueDeliveriesAsync(now, ct), ct);

    public Task<bool> TryLeaseDeliveryAsync(string triggerId, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken ct) =>
        Alive(() => store.TryLeaseDeliveryAsync(triggerId, now, leaseUntil, ct));

    public Task<bool> RenewLeaseAsync(string triggerId, DateTimeOffset heldUntil, DateTimeOffset until, CancellationToken ct) =>
        Alive(() => store.RenewLeaseAsync(triggerId, heldUntil, until, ct));

    public async Task<bool> RecordDeliveryAsync(string triggerId, DateTimeOffset heldUntil, DeliveryAttempt attempt, CancellationToken ct)
    {
        process.ThrowIfDead();
        if (attempt.Status == DeliveryStatus.Sent && process.CrashStepFor(FiringOf(triggerId)) == CrashStep.AfterSend)
            process.Die("crashed after the send, before it was recorded", triggerId);

        var recorded = await store.RecordDeliveryAsync(triggerId, heldUntil, attempt, ct);
        if (recorded)
            process.World.Log.Processes.Add(new DeliveryRecorded(process.Name, process.World.Time.Now, triggerId, attempt.Status));
        return recorded;
    }

    public Task RecordAsync(CycleRecord record, int keep, CancellationToken ct) => Alive(() => store.RecordAsync(record, keep, ct));

    public Task<IReadOnlyList<CycleRecord>> RecentAsync(int count, CancellationToken ct) => Alive(() => store.RecentAsync(count, ct));

    public Task<IReadOnlyList<DayTally>> TalliesAsync(DateOnly from, DateOnly to, CancellationToken ct) => Alive(() => store.TalliesAsync(from, to, ct));

    public Task PutRecipientAsync(Recipient recipient, CancellationToken ct) => Alive(() => store.PutRecipientAsync(recipient, ct));

    public Task<Recipient?> GetRecipientAsync(string id, CancellationToken ct) => Alive(() => store.GetRecipientAsync(id, ct));

    public Task<IReadOnlyList<Recipient>> ListRecipientsAsync(CancellationToken ct) => Alive(() => store.ListRecipientsAsync(ct));

    public Task<bool> RemoveRecipientAsync(string id, CancellationToken ct) => Alive(() => store.RemoveRecipientAsync(id, ct));

    public Task<IReadOnlyList<ExchangeCoverage>> ListCoverageAsync(CancellationToken ct) => Alive(() => store.ListCoverageAsync(ct));

    public Task UpdateCoverageAsync(ExchangeId exchange, Func<ExchangeCoverage, ExchangeCoverage> change, CancellationToken ct) =>
        Alive(() => store.UpdateCoverageAsync(exchange, change, ct));

    public Task RecordOutcomeAsync(BatchOutcome outcome, CancellationToken ct) => Alive(() => store.RecordOutcomeAsync(outcome, ct));

    public Task<IReadOnlyList<BatchOutcome>> ListOutcomesAsync(DateTimeOffset since, CancellationToken ct) => Alive(() => store.ListOutcomesAsync(since, ct));

    public Task RecordPricesAsync(PriceSample sample, CancellationToken ct) => Alive(() => store.RecordPricesAsync(sample, ct));

    public Task<IReadOnlyList<HistoryPoint>> ListPricesAsync(ExchangeId exchange, string symbol, DateTimeOffset from, DateTimeOffset to, CancellationToken ct) =>
        Alive(() => store.ListPricesAsync(exchange, symbol, from, to, ct));

    public Task<bool> AddAccountAsync(Account account, CancellationToken ct) => Alive(() => store.AddAccountAsync(account, ct));

    public Task<bool> UpdateAccountAsync(Account account, CancellationToken ct) => Alive(() => store.UpdateAccountAsync(account, ct));

    public Task<Account?> GetAccountAsync(string name, CancellationToken ct) => Alive(() => store.GetAccountAsync(name, ct));

    public Task<IReadOnlyList<Account>> ListAccountsAsync(CancellationToken ct) => Alive(() => store.ListAccountsAsync(ct));

    public Task<bool> RemoveAccountAsync(string name, CancellationToken ct) => Alive(() => store.RemoveAccountAsync(name, ct));

    public Task AddCredentialAsync(Credential credential, CancellationToken ct) => Alive(() => store.AddCredentialAsync(credential, ct));

    public Task<Credential?> GetCredentialAsync(string hash, CancellationToken ct) => Alive(() => store.GetCredentialAsync(hash, ct));

    public Task<bool> RemoveCredentialAsync(string hash, CancellationToken ct) => Alive(() => store.RemoveCredentialAsync(hash, ct));

    public Task<CandleDay?> GetCandleDayAsync(ExchangeId exchange, string symbol, DateOnly day, CancellationToken ct) => Alive(() => store.GetCandleDayAsync(exchange, symbol, day, ct));

    public Task PutCandleDayAsync(CandleDay day, CancellationToken ct) => Alive(() => store.PutCandleDayAsync(day, ct));

    /// <summary>The firing a channel's delivery belongs to: the plain trigger id, without the <c>~channel</c> suffix.</summary>
    private static string FiringOf(string triggerId) => triggerId.Split('~')[0];

    private T Alive<T>(Func<T> call)
    {
        process.ThrowIfDead();
        return call();
    }

    private async IAsyncEnumerable<T> AliveEach<T>(IAsyncEnumerable<T> items, [EnumeratorCancellation] CancellationToken ct)
    {
        process.ThrowIfDead();
        await foreach (var item in items.WithCancellation(ct))
        {
            process.ThrowIfDead();
            yield return item;
        }
    }
}
