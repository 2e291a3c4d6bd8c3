using System.Runtime.CompilerServices;
using TradingAlerts.Core.Accounts;
using TradingAlerts.Core.Notifications;
using TradingAlerts.Core.Pipeline;
using TradingAlerts.Core.Prices;
using TradingAlerts.Core.Signals;

namespace TradingAlerts.Core.Tests.Fakes;

/// <summary>
/// A hand-written store for Core unit tests, with the port's conditional-write rules; it counts writes. It runs the
/// stores' contract suite (<see cref="InMemorySignalStoreContractTests"/>), so Core's tests pass only on behaviour the
/// real stores have.
/// </summary>
internal sealed class InMemorySignalStore : IStore
{
    private readonly Lock gate = new();
    private readonly InMemoryCycleLog cycles = new();
    private readonly InMemoryPriceHistory history = new();
    private readonly InMemoryAccounts accounts = new();
    private readonly Dictionary<string, Signal> signals = [];
    private readonly Dictionary<string, Delivery> firings = [];
    private readonly Dictionary<string, Recipient> recipients = [];
    private readonly Dictionary<ExchangeId, ExchangeCoverage> coverage = [];
    private readonly Dictionary<(string CycleId, string Batch), string> outcomes = [];

    /// <summary>Writes of alerts and their firings (the exchanges' coverage is counted apart: one per batch).</summary>
    public int Writes { get; private set; }

    public int CoverageWrites { get; private set; }

    public Task RecordAsync(CycleRecord record, int keep, CancellationToken ct) => cycles.RecordAsync(record, keep, ct);

    public Task<IReadOnlyList<CycleRecord>> RecentAsync(int count, CancellationToken ct) => cycles.RecentAsync(count, ct);

    public Task<IReadOnlyList<DayTally>> TalliesAsync(DateOnly from, DateOnly to, CancellationToken ct) => cycles.TalliesAsync(from, to, ct);

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

    public Task<IReadOnlyList<ExchangeCoverage>> ListCoverageAsync(CancellationToken ct)
    {
        lock (gate)
            return Task.FromResult<IReadOnlyList<ExchangeCoverage>>(coverage.Values.ToList());
    }

    public Task UpdateCoverageAsync(ExchangeId exchange, Func<ExchangeCoverage, ExchangeCoverage> change, CancellationToken ct)
    {
        lock (gate)
        {
            coverage[exchange] = change(coverage.GetValueOrDefault(exchange) ?? ExchangeCoverage.None(exchange));
            CoverageWrites++;
        }

        return Task.CompletedTask;
    }

    public Task RecordOutcomeAsync(BatchOutcome outcome, CancellationToken ct)
    {
        lock (gate)
        {
            var key = (outcome.CycleId, outcome.Batch);
            if (!(outcomes.TryGetValue(key, out var kept) && BatchOutcome.FromJson(kept).Done))
                outcomes[key] = outcome.ToJson();
            foreach (var forgotten in outcomes.Where(o => BatchOutcome.FromJson(o.Value).FinishedAt < outcome.FinishedAt - BatchOutcome.KeptFor).Select(o => o.Key).ToList())
                outcomes.Remove(forgotten);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<BatchOutcome>> ListOutcomesAsync(DateTimeOffset since, CancellationToken ct)
    {
        lock (gate)
            return Task.FromResult<IReadOnlyList<BatchOutcome>>(outcomes.Values.Select(BatchOutcome.FromJson).Where(o => o.FinishedAt > since).ToList());
    }

    public Task InitializeAsync(CancellationToken ct) => Task.CompletedTask;

    public Task AddAsync(Signal signal, CancellationToken ct)
    {
        lock (gate)
        {
            if (!signals.TryAdd(signal.Id, InUtc(signal)))
                throw new DuplicateSignalException(signal.Id);
            Writes++;
        }

        return Task.CompletedTask;
    }

    public Task<Signal?> GetAsync(string id, CancellationToken ct)
    {
        lock (gate)
            return Task.FromResult(signals.GetValueOrDefault(id));
    }

    public IAsyncEnumerable<Signal> ListAsync(CancellationToken ct) => Snapshot(_ => true);

    public IAsyncEnumerable<Signal> ListArmedAsync(CancellationToken ct) => Snapshot(s => s.IsArmed);

    public IAsyncEnumerable<Market> ListMarketsAsync(CancellationToken ct) => Snapshot(s => s.IsArmed).Select(Market.Of).Distinct();

    /// <summary>The fake derives every place from the alert when asked: none is ever missing.</summary>
    public IAsyncEnumerable<Signal> ListUnplacedAsync(CancellationToken ct) => AsyncEnumerable.Empty<Signal>();

    public async IAsyncEnumerable<MarketReached> ListReachedAsync(IReadOnlyList<MarketWindow> windows, [EnumeratorCancellation] CancellationToken ct)
    {
        foreach (var (market, window) in windows)
            yield return new MarketReached(market, await Snapshot(s => s.IsArmed && s.Exchange == market.Exchange && s.Symbol == market.Symbol && window.Reaches(TriggerBook.PlaceOf(s))).ToListAsync(ct));
    }

    public async Task<ILookup<Market, MoveGroup>> ListMoveGroupsAsync(IReadOnlyList<Market> markets, CancellationToken ct)
    {
        var asked = markets.ToHashSet();
        var groups = await Snapshot(s => s.IsArmed && asked.Contains(Market.Of(s)))
            .Select(s => (Market: Market.Of(s), TriggerBook.PlaceOf(s).Move))
            .Where(m => m.Move is not null)
            .ToListAsync(ct);
        return groups.Distinct().ToLookup(m => m.Market, m => m.Move!.Value.Group);
    }

    /// <summary>Times as both stores keep them: in UTC, whatever offset they were given with.</summary>
    private static Signal InUtc(Signal signal) => signal with
    {
        CreatedAt = signal.CreatedAt.ToUniversalTime(),
        TriggeredAt = signal.TriggeredAt?.ToUniversalTime(),
        ExpiresAt = signal.ExpiresAt?.ToUniversalTime(),
        ArmedAt = signal.ArmedAt?.ToUniversalTime(),
    };

    public Task<bool> UpdateAsync(Signal signal, CancellationToken ct)
    {
        lock (gate)
        {
            if (!signals.TryGetValue(signal.Id, out var current) || current.Version != signal.Version)
                return Task.FromResult(false);
            signals[signal.Id] = InUtc(signal) with { Version = signal.Version + 1 };
            Writes++;
            return Task.FromResult(true);
        }
    }

    public Task<bool> MoveAsync(SignalSnapshot snapshot, SignalState next, CancellationToken ct)
    {
        lock (gate)
        {
            if (!signals.TryGetValue(snapshot.Id, out var current) || current.Version != snapshot.Version || !current.Active)
                return Task.FromResult(false);
            signals[snapshot.Id] = current with { Status = next.Status, Side = next.Side, ArmedAt = next.ArmedAt, Version = current.Version + 1 };
            Writes++;
            return Task.FromResult(true);
        }
    }

    public Task<bool> RemoveAsync(string id, CancellationToken ct)
    {
        lock (gate)
            return Task.FromResult(signals.Remove(id));
    }

    public Task<bool> ClaimTriggerAsync(SignalSnapshot snapshot, IReadOnlyList<Delivery> claimed, SignalState next, CancellationToken ct)
    {
        lock (gate)
        {
            if (!signals.TryGetValue(snapshot.Id, out var current) || current.Version != snapshot.Version || !current.Active || current.Status != SignalStatus.Pending)
                return Task.FromResult(false);

            // Like a real store's primary key: a trigger id is never written twice.
            if (claimed.Any(f => firings.ContainsKey(f.TriggerId)))
                throw new InvalidOperationException("a trigger id already exists");
            foreach (var firing in claimed)
                firings[firing.TriggerId] = firing;

            signals[snapshot.Id] = current with
            {
                Status = next.Status,
                Side = next.Side,
                ArmedAt = next.ArmedAt,
                TriggeredAt = claimed[0].FiredAt,
                TriggeredCount = current.TriggeredCount + 1,
                Version = current.Version + 1,
            };
            Writes++;
            return Task.FromResult(true);
        }
    }

    public Task<bool> AddDeliveryAsync(Delivery delivery, CancellationToken ct)
    {
        lock (gate)
        {
            Writes++;
            return Task.FromResult(firings.TryAdd(delivery.TriggerId, delivery));
        }
    }

    public Task PutRecipientAsync(Recipient recipient, CancellationToken ct)
    {
        lock (gate)
            recipients[recipient.Id] = recipient;
        return Task.CompletedTask;
    }

    public Task<Recipient?> GetRecipientAsync(string id, CancellationToken ct)
    {
        lock (gate)
            return Task.FromResult(recipients.GetValueOrDefault(id));
    }

    public Task<IReadOnlyList<Recipient>> ListRecipientsAsync(CancellationToken ct)
    {
        lock (gate)
            return Task.FromResult<IReadOnlyList<Recipient>>(recipients.Values.OrderBy(r => r.Id, StringComparer.Ordinal).ToList());
    }

    public Task<bool> RemoveRecipientAsync(string id, CancellationToken ct)
    {
        lock (gate)
            return Task.FromResult(recipients.Remove(id));
    }

    public Task<Delivery?> GetDeliveryAsync(string triggerId, CancellationToken ct)
    {
        lock (gate)
            return Task.FromResult(firings.GetValueOrDefault(triggerId));
    }

    public Task<IReadOnlyList<Delivery>> ListDeliveriesAsync(string signalId, CancellationToken ct)
    {
        lock (gate)
            return Task.FromResult<IReadOnlyList<Delivery>>(firings.Values.Where(f => f.SignalId == signalId).OrderByDescending(f => f.FiredAt).ToList());
    }

    public async IAsyncEnumerable<Delivery> ListDeliveriesFiredAsync(DateTimeOffset from, DateTimeOffset to, [EnumeratorCancellation] CancellationToken ct)
    {
        List<Delivery> fired;
        lock (gate)
            fired = firings.Values.Where(f => f.FiredAt >= from && f.FiredAt < to).OrderBy(f => f.FiredAt).ThenBy(f => f.TriggerId, StringComparer.Ordinal).ToList();
        foreach (var firing in fired)
        {
            await Task.Yield();
            yield return firing;
        }
    }

    public async IAsyncEnumerable<Delivery> ListDueDeliveriesAsync(DateTimeOffset now, [EnumeratorCancellation] CancellationToken ct)
    {
        List<Delivery> due;
        lock (gate)
            due = firings.Values.Where(f => f.DeliveryStatus == DeliveryStatus.Pending && (f.NextAttemptAt is null || f.NextAttemptAt <= now)).OrderBy(f => f.FiredAt).ToList();
        foreach (var firing in due)
        {
            await Task.Yield();
            yield return firing;
        }
    }

    public Task<bool> TryLeaseDeliveryAsync(string triggerId, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken ct)
    {
        lock (gate)
        {
            if (!firings.TryGetValue(triggerId, out var firing) || firing.DeliveryStatus != DeliveryStatus.Pending || firing.NextAttemptAt > now)
                return Task.FromResult(false);
            firings[triggerId] = firing with { NextAttemptAt = leaseUntil };
            Writes++;
            return Task.FromResult(true);
        }
    }

    public Task<bool> RenewLeaseAsync(string triggerId, DateTimeOffset heldUntil, DateTimeOffset until, CancellationToken ct)
    {
        lock (gate)
        {
            if (!firings.TryGetValue(triggerId, out var firing) || firing.DeliveryStatus != DeliveryStatus.Pending || firing.NextAttemptAt != heldUntil)
                return Task.FromResult(false);
            firings[triggerId] = firing with { NextAttemptAt = until };
            Writes++;
            return Task.FromResult(true);
        }
    }

    public Task<bool> RecordDeliveryAsync(string triggerId, DateTimeOffset heldUntil, DeliveryAttempt attempt, CancellationToken ct)
    {
        lock (gate)
        {
            if (!firings.TryGetValue(triggerId, out var firing) || firing.DeliveryStatus != DeliveryStatus.Pending || firing.NextAttemptAt != heldUntil)
                return Task.FromResult(false);

            firings[triggerId] = firings[triggerId] with
            {
                DeliveryStatus = attempt.Status,
                Attempts = attempt.Attempts,
                LastResponse = attempt.Response,
                NextAttemptAt = attempt.NextAttemptAt,
                SentAt = attempt.SentAt,
                Receipt = attempt.Receipt ?? firings[triggerId].Receipt,
                Held = attempt.Held,
                MaybeSent = attempt.MaybeSent,
            };
            Writes++;
            return Task.FromResult(true);
        }
    }

    private async IAsyncEnumerable<Signal> Snapshot(Func<Signal, bool> filter)
    {
        List<Signal> copy;
        lock (gate)
            copy = signals.Values.Where(filter).ToList();
        foreach (var signal in copy)
        {
            await Task.Yield();
            yield return signal;
        }
    }
}
