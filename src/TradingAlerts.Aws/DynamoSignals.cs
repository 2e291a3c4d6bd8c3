using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using TradingAlerts.Core.Pipeline;
using static TradingAlerts.Aws.DynamoTable;
using static TradingAlerts.Aws.DeliveryItems;
using static TradingAlerts.Aws.SignalItems;

namespace TradingAlerts.Aws;

/// <summary>
/// The alerts, items under their plain ids, and the trigger claim: one transaction over the alert and the firings it
/// records. Every write is conditional on the alert's item and its version, never on an index.
/// </summary>
internal sealed class DynamoSignals(DynamoTable table) : ISignalStore
{
    /// <summary>How often a write that collided with another transaction on the same alert is tried again.</summary>
    private const int ClaimAttempts = 10;

    /// <summary>How many markets' book queries a Worker has in flight at once.</summary>
    private const int MarketsInFlight = 8;

    /// <summary>The entries this instance has named in the exchanges' markets and moves items (<see cref="NameOnceAsync"/>).</summary>
    private readonly ConcurrentDictionary<(string Item, string Entry), bool> named = new();

    public async Task AddAsync(Signal signal, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(signal);
        RequirePlainId(signal.Id);
        var place = TriggerBook.PlaceOf(signal);
        var book = BookItems.Puts(table.Name, signal.Id, signal.Exchange, signal.Symbol, place).ToList();
        if (signal.IsArmed)
            await AddMarketAsync(Market.Of(signal), ct);
        await AddMoveGroupAsync(signal.Exchange, signal.Symbol, place, ct);

        var added = book.Count == 0
            ? await table.PutNewAsync(ToItem(signal, signal.Version), ct)
            : await TryTransactAsync([new TransactWriteItem { Put = table.NewItem(ToItem(signal, signal.Version)) }, .. book], ct);
        if (!added)
            throw new DuplicateSignalException(signal.Id);
    }

    public async Task<Signal?> GetAsync(string id, CancellationToken ct)
    {
        var item = await table.GetAsync(id, ct);
        return IsKind(item, Kinds.Signal) ? ToSignal(item!) : null;
    }

    public async IAsyncEnumerable<Signal> ListAsync([EnumeratorCancellation] CancellationToken ct)
    {
        var segments = Enumerable.Range(0, table.Options.ScanSegments).Select(segment => (PageSource)((start, token) => ScanSignalsAsync(segment, start, token)));
        await foreach (var item in Pages.MergeAsync(segments.ToList(), ct))
            yield return ToSignal(item);
    }

    public async IAsyncEnumerable<Signal> ListArmedAsync([EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var signal in ArmedInShardsAsync(0, PlacedShards + ArmedShards, ct))
            yield return signal;
    }

    /// <summary>The armed alerts an earlier version wrote (shards below <see cref="PlacedShards"/>), not in the book until a write places them.</summary>
    public IAsyncEnumerable<Signal> ListUnplacedAsync(CancellationToken ct) => ArmedInShardsAsync(0, PlacedShards, ct);

    /// <summary>Places each alert an earlier version wrote in the trigger book, by writing it again (its version moves on): for <c>init</c> after an upgrade.</summary>
    public async Task PlaceUnplacedAsync(CancellationToken ct)
    {
        await foreach (var signal in ListUnplacedAsync(ct))
            await UpdateAsync(signal, ct);
    }

    public async IAsyncEnumerable<Market> ListMarketsAsync([EnumeratorCancellation] CancellationToken ct)
    {
        foreach (var item in await table.GetManyAsync(Enum.GetValues<ExchangeId>().Select(BookItems.MarketsItemId), ct))
        {
            var exchange = ExchangeOf(item, MarketsPrefix);
            foreach (var entry in (item.GetValueOrDefault(Attr.Markets)?.SS ?? []).Order(StringComparer.Ordinal))
                yield return BookItems.MarketOf(exchange, entry);
        }
    }

    /// <summary>
    /// The markets side by side, <see cref="MarketsInFlight"/> at a time, answered in the order asked: a batch's three
    /// queries per market would otherwise be made one after another.
    /// </summary>
    public async IAsyncEnumerable<MarketReached> ListReachedAsync(IReadOnlyList<MarketWindow> windows, [EnumeratorCancellation] CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(windows);
        var inFlight = new Queue<Task<MarketReached>>();
        try
        {
            foreach (var window in windows)
            {
                inFlight.Enqueue(ReachedAsync(window, ct));
                if (inFlight.Count == MarketsInFlight)
                    yield return await inFlight.Dequeue();
            }

            while (inFlight.Count > 0)
                yield return await inFlight.Dequeue();
        }
        finally
        {
            // A caller that stopped early (its time ran out) leaves reads running: they are waited for, their answers unused.
            await Task.WhenAll(inFlight.Cast<Task>()).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>
    /// The book items one market's window reaches (keys only), then their alerts read consistently by id: an alert the
    /// index still shows where it was (its reads lag the table) is checked against its place as written, and left out if
    /// the window does not reach it.
    /// </summary>
    private async Task<MarketReached> ReachedAsync(MarketWindow reach, CancellationToken ct)
    {
        var (market, window) = reach;
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var query in BookItems.Queries(market.Exchange, market.Symbol, window).Concat(BookItems.MoveQueries(market.Exchange, market.Symbol, window)))
        {
            await foreach (var item in table.QueryAllAsync(query, ct))
                ids.Add(BookItems.SignalIdOf(item));
        }

        if (ids.Count == 0)
            return new MarketReached(market, []);

        var signals = new List<Signal>();
        foreach (var item in await table.GetManyAsync(ids, ct))
        {
            if (!IsKind(item, Kinds.Signal))
                continue;
            var signal = ToSignal(item);
            if (signal.IsArmed && signal.Exchange == market.Exchange && signal.Symbol == market.Symbol && window.Reaches(TriggerBook.PlaceOf(signal)))
                signals.Add(signal);
        }

        return new MarketReached(market, signals);
    }

    /// <summary>
    /// The groups the markets' exchanges' moves items name (one read an exchange), each kept only if its partition
    /// still holds an alert (one key read): a group is never taken out of its item, and a check must not ask the
    /// exchange for a reference price no alert needs.
    /// </summary>
    public async Task<ILookup<Market, MoveGroup>> ListMoveGroupsAsync(IReadOnlyList<Market> markets, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(markets);
        var asked = markets.Distinct().ToDictionary(m => (m.Exchange, m.Symbol));
        var groups = new List<(Market Market, MoveGroup Group)>();
        if (asked.Count > 0)
        {
            foreach (var item in await table.GetManyAsync(asked.Keys.Select(k => k.Exchange).Distinct().Select(BookItems.MovesItemId), ct))
            {
                var exchange = ExchangeOf(item, MovesPrefix);
                foreach (var entry in item.GetValueOrDefault(Attr.Moves)?.SS ?? [])
                {
                    var (symbol, group) = BookItems.MoveGroupOf(entry);
                    if (asked.TryGetValue((exchange, symbol), out var market))
                        groups.Add((market, group));
                }
            }
        }

        var held = await Task.WhenAll(groups.Select(async n => (n.Market, n.Group, Held: await table.QueryAllAsync(BookItems.MoveGroupHeld(n.Market.Exchange, n.Market.Symbol, n.Group), ct).AnyAsync(ct))));
        return held.Where(h => h.Held).ToLookup(h => h.Market, h => h.Group);
    }

    public async Task<bool> UpdateAsync(Signal signal, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(signal);
        if (!IsPlainId(signal.Id))
            return false;

        var place = TriggerBook.PlaceOf(signal);
        if (signal.IsArmed)
            await AddMarketAsync(Market.Of(signal), ct);
        await AddMoveGroupAsync(signal.Exchange, signal.Symbol, place, ct);

        return await TryTransactAsync(
            [
                new TransactWriteItem
                {
                    Put = new Put
                    {
                        TableName = table.Name,
                        Item = ToItem(signal, signal.Version + 1),
                        ConditionExpression = "#kind = :signal AND #version = :expected",
                        ExpressionAttributeNames = NamesFor("#kind", "#version"),
                        ExpressionAttributeValues = new() { [":signal"] = S(Kinds.Signal), [":expected"] = N(signal.Version) },
                    },
                },
                .. BookItems.Writes(table.Name, signal.Id, signal.Exchange, signal.Symbol, place),
            ],
            ct);
    }

    public async Task<bool> RemoveAsync(string id, CancellationToken ct)
    {
        if (!IsPlainId(id))
            return false;

        return await TryTransactAsync(
            [
                new TransactWriteItem
                {
                    Delete = new Delete
                    {
                        TableName = table.Name,
                        Key = Key(id),
                        ConditionExpression = "#kind = :signal",
                        ExpressionAttributeNames = NamesFor("#kind"),
                        ExpressionAttributeValues = new() { [":signal"] = S(Kinds.Signal) },
                    },
                },
                .. BookItems.Deletes(table.Name, id),
            ],
            ct);
    }

    public async Task<bool> MoveAsync(SignalSnapshot snapshot, SignalState next, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(next);
        if (!IsPlainId(snapshot.Id))
            return false;

        var place = TriggerBook.PlaceAfter(snapshot, next);
        if (next.Status.IsWatched())
            await AddMarketAsync(MarketOf(snapshot), ct);
        await AddMoveGroupAsync(snapshot.Exchange, snapshot.Symbol, place, ct);

        var values = SnapshotValues(snapshot);
        return await TryTransactAsync(
            [
                new TransactWriteItem
                {
                    Update = new Update
                    {
                        TableName = table.Name,
                        Key = Key(snapshot.Id),
                        ConditionExpression = "#kind = :signal AND #version = :version AND #active = :true",
                        UpdateExpression = "SET #version = #version + :one, " + StateUpdate(snapshot.Id, next, values),
                        ExpressionAttributeNames = NamesFor("#kind", "#version", "#active", "#status", "#side", "#armed_at", "#armed_shard"),
                        ExpressionAttributeValues = values,
                    },
                },
                .. BookItems.Writes(table.Name, snapshot.Id, snapshot.Exchange, snapshot.Symbol, place),
            ],
            ct);
    }

    public async Task<bool> ClaimTriggerAsync(SignalSnapshot snapshot, IReadOnlyList<Delivery> firings, SignalState next, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(firings);
        ArgumentNullException.ThrowIfNull(next);
        if (!IsPlainId(snapshot.Id))
            return false;

        var firedAt = firings.Min(f => f.FiredAt);
        var place = TriggerBook.PlaceAfter(snapshot, next, firedAt);
        if (next.Status.IsWatched())
            await AddMarketAsync(MarketOf(snapshot), ct);
        await AddMoveGroupAsync(snapshot.Exchange, snapshot.Symbol, place, ct);

        var values = SnapshotValues(snapshot);
        values[":pending"] = S(SignalStatus.Pending.ToWire());
        values[":fired_at"] = S(StoredText.FromTime(firedAt));

        List<TransactWriteItem> writes =
        [
            new TransactWriteItem
            {
                Update = new Update
                {
                    TableName = table.Name,
                    Key = Key(snapshot.Id),
                    ConditionExpression = "#kind = :signal AND #version = :version AND #status = :pending AND #active = :true",
                    UpdateExpression =
                        "SET #triggered_at = :fired_at, #triggered_count = #triggered_count + :one, #version = #version + :one, " +
                        StateUpdate(snapshot.Id, next, values),
                    ExpressionAttributeNames = NamesFor("#kind", "#version", "#status", "#active", "#triggered_at", "#triggered_count", "#side", "#armed_at", "#armed_shard"),
                    ExpressionAttributeValues = values,
                },
            },
            .. firings.Select(firing => new TransactWriteItem { Put = table.NewItem(ToClaimedItem(firing)) }),
            .. BookItems.Writes(table.Name, snapshot.Id, snapshot.Exchange, snapshot.Symbol, place),
        ];

        return await TryTransactAsync(writes, ct);
    }

    /// <summary>
    /// Writes a transaction whose first write is the alert's, conditional on it: false (nothing written) when that
    /// condition failed, because the alert moved on (claimed, edited, disabled, removed) or its id is taken.
    /// </summary>
    private async Task<bool> TryTransactAsync(List<TransactWriteItem> writes, CancellationToken ct)
    {
        var request = new TransactWriteItemsRequest { TransactItems = writes };
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await table.TransactWriteAsync(request, ct);
                return true;
            }
            catch (TransactionCanceledException e) when (ReasonFor(e, 0) == ConditionalCheckFailed)
            {
                return false;
            }
            catch (TransactionCanceledException e) when (attempt < ClaimAttempts && e.CancellationReasons?.Any(r => r.Code == TransactionConflict) == true)
            {
                // Another write of the same alert (or its book items) was in flight. Once it commits, the retry's
                // condition sees its version.
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 20 * attempt)), ct);
            }
        }
    }

    /// <summary>
    /// Names the alert's market in its exchange's markets item, before the alert is written: a crash between the two
    /// leaves a market with nothing to read, never an armed alert no cycle prices.
    /// </summary>
    private Task AddMarketAsync(Market market, CancellationToken ct) =>
        NameOnceAsync(BookItems.MarketsItemId(market.Exchange), Kinds.Markets, Attr.Markets, BookItems.MarketEntry(market), ct);

    /// <summary>Names a pending percent move's group in its exchange's moves item, before the alert is written, as <see cref="AddMarketAsync"/> names its market: a check measures only the groups named there.</summary>
    private async Task AddMoveGroupAsync(ExchangeId exchange, string symbol, BookPlace place, CancellationToken ct)
    {
        if (place.Move is { Group: var group })
            await NameOnceAsync(BookItems.MovesItemId(exchange), Kinds.Moves, Attr.Moves, BookItems.MoveEntry(symbol, group), ct);
    }

    /// <summary>
    /// Adds <paramref name="entry"/> to the string set <paramref name="attribute"/> of an exchange's item. Adding to a set
    /// is idempotent, but DynamoDB bills an update by the size of the whole item (the markets item lists every market
    /// of the exchange: about 22 write units at 1 000 markets), so each entry is named once per instance: an entry is
    /// never taken out of its item.
    /// </summary>
    private async Task NameOnceAsync(string itemId, string kind, string attribute, string entry, CancellationToken ct)
    {
        if (named.ContainsKey((itemId, entry)))
            return;

        await table.UpdateAsync(
            new UpdateItemRequest
            {
                Key = Key(itemId),
                UpdateExpression = "SET #kind = :kind ADD #set :entry",
                ExpressionAttributeNames = new() { ["#kind"] = Attr.Kind, ["#set"] = attribute },
                ExpressionAttributeValues = new() { [":kind"] = S(kind), [":entry"] = new AttributeValue { SS = [entry] } },
            },
            ct);
        named.TryAdd((itemId, entry), true);
    }

    /// <summary>The exchange whose markets or moves item (<paramref name="prefix"/> and the exchange) this is.</summary>
    private static ExchangeId ExchangeOf(Dictionary<string, AttributeValue> item, string prefix) =>
        StoredText.TryRead<ExchangeId>(Text(item, Attr.Id)[prefix.Length..], out var exchange) ? exchange : throw Unreadable(Attr.Id, $"'{Text(item, Attr.Id)}'");

    private static Market MarketOf(SignalSnapshot snapshot) => new(snapshot.Exchange, snapshot.Symbol, snapshot.Base, snapshot.Quote);

    /// <summary>
    /// The values a move of the alert from the snapshot names: the alert's kind, the snapshot's version, an active
    /// alert's flag and the version's step.
    /// </summary>
    private static Dictionary<string, AttributeValue> SnapshotValues(SignalSnapshot snapshot) => new()
    {
        [":signal"] = S(Kinds.Signal),
        [":version"] = N(snapshot.Version),
        [":true"] = new AttributeValue { BOOL = true },
        [":one"] = N(1),
    };

    /// <summary>
    /// The part of an update expression that sets status, side and arming time and keeps the armed index right: an
    /// alert left pending or waiting stays in it, any other status leaves it. Adds the values it names to
    /// <paramref name="values"/>.
    /// </summary>
    private static string StateUpdate(string id, SignalState next, Dictionary<string, AttributeValue> values)
    {
        values[":status"] = S(next.Status.ToWire());
        var set = "#status = :status";
        var remove = new List<string>();
        void SetOrRemove(string name, string? value)
        {
            if (value is null)
            {
                remove.Add(name);
                return;
            }

            values[":" + name[1..]] = S(value);
            set += $", {name} = :{name[1..]}";
        }

        SetOrRemove("#side", next.Side?.ToWire());
        SetOrRemove("#armed_at", next.ArmedAt is { } armedAt ? StoredText.FromTime(armedAt) : null);

        if (next.Status.IsWatched())
        {
            values[":armed_shard"] = N(ArmedShardOf(id));
            set += ", #armed_shard = :armed_shard";
        }
        else
        {
            remove.Add("#armed_shard");
        }

        return remove.Count == 0 ? set : $"{set} REMOVE {string.Join(", ", remove)}";
    }

    /// <summary>Alert ids never contain '#', which is what keeps them apart from the prefixed firing and cycle keys.</summary>
    private static bool IsPlainId(string id) => !string.IsNullOrEmpty(id) && !id.Contains('#', StringComparison.Ordinal);

    private static void RequirePlainId(string id)
    {
        if (!IsPlainId(id))
            throw new ArgumentException($"An alert id must not be empty or contain '#' (got '{id}').", nameof(id));
    }

    private Task<Page> ScanSignalsAsync(int segment, Dictionary<string, AttributeValue>? start, CancellationToken ct) => table.ScanPageAsync(
        new ScanRequest
        {
            FilterExpression = "#kind = :signal",
            ExpressionAttributeNames = NamesFor("#kind"),
            ExpressionAttributeValues = new() { [":signal"] = S(Kinds.Signal) },
            Segment = segment,
            TotalSegments = table.Options.ScanSegments,
            Limit = table.Options.PageSize,
        },
        start,
        ct);

    private async IAsyncEnumerable<Signal> ArmedInShardsAsync(int first, int count, [EnumeratorCancellation] CancellationToken ct)
    {
        var shards = Enumerable.Range(first, count).Select(shard => (PageSource)((start, token) => QueryArmedAsync(shard, start, token)));
        await foreach (var item in Pages.MergeAsync(shards.ToList(), ct))
            yield return ToSignal(item);
    }

    private Task<Page> QueryArmedAsync(int shard, Dictionary<string, AttributeValue>? start, CancellationToken ct) => table.QueryPageAsync(
        new QueryRequest
        {
            IndexName = ArmedIndex,
            KeyConditionExpression = "#armed_shard = :shard",
            ExpressionAttributeNames = NamesFor("#armed_shard"),
            ExpressionAttributeValues = new() { [":shard"] = N(shard) },
        },
        start,
        ct);
}
