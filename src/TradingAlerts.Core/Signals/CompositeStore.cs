using TradingAlerts.Core.Accounts;
using TradingAlerts.Core.Notifications;
using TradingAlerts.Core.Pipeline;
using TradingAlerts.Core.Prices;

namespace TradingAlerts.Core.Signals;

/// <summary>
/// A whole store made of one part per aggregate (alerts, deliveries, recipients, cycle log, coverage, batch outcomes, price history, accounts) over one
/// backend: each backend writes its parts and hands them here, so the whole is put together once for all of them.
/// </summary>
public class CompositeStore(
    ISignalStore signals,
    IDeliveryStore deliveries,
    IRecipientStore recipients,
    ICycleLog cycleLog,
    ICoverageStore coverage,
    IBatchOutcomeLog batchOutcomes,
    IPriceHistory history,
    IAccountStore accounts,
    Func<CancellationToken, Task> initialize) : IStore
{
    public Task InitializeAsync(CancellationToken ct) => initialize(ct);

    public Task AddAsync(Signal signal, CancellationToken ct) => signals.AddAsync(signal, ct);

    public Task<Signal?> GetAsync(string id, CancellationToken ct) => signals.GetAsync(id, ct);

    public IAsyncEnumerable<Signal> ListAsync(CancellationToken ct) => signals.ListAsync(ct);

    public IAsyncEnumerable<Signal> ListArmedAsync(CancellationToken ct) => signals.ListArmedAsync(ct);

    public IAsyncEnumerable<Market> ListMarketsAsync(CancellationToken ct) => signals.ListMarketsAsync(ct);

    public IAsyncEnumerable<Signal> ListUnplacedAsync(CancellationToken ct) => signals.ListUnplacedAsync(ct);

    public IAsyncEnumerable<MarketReached> ListReachedAsync(IReadOnlyList<MarketWindow> windows, CancellationToken ct) =>
        signals.ListReachedAsync(windows, ct);

    public Task<ILookup<Market, MoveGroup>> ListMoveGroupsAsync(IReadOnlyList<Market> markets, CancellationToken ct) => signals.ListMoveGroupsAsync(markets, ct);

    public Task<bool> UpdateAsync(Signal signal, CancellationToken ct) => signals.UpdateAsync(signal, ct);

    public Task<bool> RemoveAsync(string id, CancellationToken ct) => signals.RemoveAsync(id, ct);

    public Task<bool> MoveAsync(SignalSnapshot snapshot, SignalState next, CancellationToken ct) => signals.MoveAsync(snapshot, next, ct);

    public Task<bool> ClaimTriggerAsync(SignalSnapshot snapshot, IReadOnlyList<Delivery> firings, SignalState next, CancellationToken ct) =>
        signals.ClaimTriggerAsync(snapshot, firings, next, ct);

    public Task<bool> AddDeliveryAsync(Delivery delivery, CancellationToken ct) => deliveries.AddDeliveryAsync(delivery, ct);

    public Task<Delivery?> GetDeliveryAsync(string triggerId, CancellationToken ct) => deliveries.GetDeliveryAsync(triggerId, ct);

    public Task<IReadOnlyList<Delivery>> ListDeliveriesAsync(string signalId, CancellationToken ct) => deliveries.ListDeliveriesAsync(signalId, ct);

    public IAsyncEnumerable<Delivery> ListDeliveriesFiredAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken ct) =>
        deliveries.ListDeliveriesFiredAsync(from, to, ct);

    public IAsyncEnumerable<Delivery> ListDueDeliveriesAsync(DateTimeOffset now, CancellationToken ct) => deliveries.ListDueDeliveriesAsync(now, ct);

    public Task<bool> TryLeaseDeliveryAsync(string triggerId, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken ct) =>
        deliveries.TryLeaseDeliveryAsync(triggerId, now, leaseUntil, ct);

    public Task<bool> RenewLeaseAsync(string triggerId, DateTimeOffset heldUntil, DateTimeOffset until, CancellationToken ct) =>
        deliveries.RenewLeaseAsync(triggerId, heldUntil, until, ct);

    public Task<bool> RecordDeliveryAsync(string triggerId, DateTimeOffset heldUntil, DeliveryAttempt attempt, CancellationToken ct) =>
        deliveries.RecordDeliveryAsync(triggerId, heldUntil, attempt, ct);

    public Task PutRecipientAsync(Recipient recipient, CancellationToken ct) => recipients.PutRecipientAsync(recipient, ct);

    public Task<Recipient?> GetRecipientAsync(string id, CancellationToken ct) => recipients.GetRecipientAsync(id, ct);

    public Task<IReadOnlyList<Recipient>> ListRecipientsAsync(CancellationToken ct) => recipients.ListRecipientsAsync(ct);

    public Task<bool> RemoveRecipientAsync(string id, CancellationToken ct) => recipients.RemoveRecipientAsync(id, ct);

    public Task RecordAsync(CycleRecord record, int keep, CancellationToken ct) => cycleLog.RecordAsync(record, keep, ct);

    public Task<IReadOnlyList<CycleRecord>> RecentAsync(int count, CancellationToken ct) => cycleLog.RecentAsync(count, ct);

    public Task<IReadOnlyList<DayTally>> TalliesAsync(DateOnly from, DateOnly to, CancellationToken ct) => cycleLog.TalliesAsync(from, to, ct);

    public Task<IReadOnlyList<ExchangeCoverage>> ListCoverageAsync(CancellationToken ct) => coverage.ListCoverageAsync(ct);

    public Task UpdateCoverageAsync(ExchangeId exchange, Func<ExchangeCoverage, ExchangeCoverage> change, CancellationToken ct) =>
        coverage.UpdateCoverageAsync(exchange, change, ct);

    public Task RecordOutcomeAsync(BatchOutcome outcome, CancellationToken ct) => batchOutcomes.RecordOutcomeAsync(outcome, ct);

    public Task<IReadOnlyList<BatchOutcome>> ListOutcomesAsync(DateTimeOffset since, CancellationToken ct) => batchOutcomes.ListOutcomesAsync(since, ct);

    public Task RecordPricesAsync(PriceSample sample, CancellationToken ct) => history.RecordPricesAsync(sample, ct);

    public Task<IReadOnlyList<HistoryPoint>> ListPricesAsync(ExchangeId exchange, string symbol, DateTimeOffset from, DateTimeOffset to, CancellationToken ct) =>
        history.ListPricesAsync(exchange, symbol, from, to, ct);

    public Task<CandleDay?> GetCandleDayAsync(ExchangeId exchange, string symbol, DateOnly day, CancellationToken ct) => history.GetCandleDayAsync(exchange, symbol, day, ct);

    public Task PutCandleDayAsync(CandleDay day, CancellationToken ct) => history.PutCandleDayAsync(day, ct);

    public Task<bool> AddAccountAsync(Account account, CancellationToken ct) => accounts.AddAccountAsync(account, ct);

    public Task<bool> UpdateAccountAsync(Account account, CancellationToken ct) => accounts.UpdateAccountAsync(account, ct);

    public Task<Account?> GetAccountAsync(string name, CancellationToken ct) => accounts.GetAccountAsync(name, ct);

    public Task<IReadOnlyList<Account>> ListAccountsAsync(CancellationToken ct) => accounts.ListAccountsAsync(ct);

    public Task<bool> RemoveAccountAsync(string name, CancellationToken ct) => accounts.RemoveAccountAsync(name, ct);

    public Task AddCredentialAsync(Credential credential, CancellationToken ct) => accounts.AddCredentialAsync(credential, ct);

    public Task<Credential?> GetCredentialAsync(string hash, CancellationToken ct) => accounts.GetCredentialAsync(hash, ct);

    public Task<bool> RemoveCredentialAsync(string hash, CancellationToken ct) => accounts.RemoveCredentialAsync(hash, ct);
}
