using System.Runtime.CompilerServices;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using TradingAlerts.Core.Notifications;
using TradingAlerts.Core.Pipeline;
using TradingAlerts.Core.Signals;
using static TradingAlerts.Aws.DynamoItems;
using static TradingAlerts.Aws.FiringItems;
using static TradingAlerts.Aws.SignalItems;
using static TradingAlerts.Aws.SignalTable;

namespace TradingAlerts.Aws;

/// <summary>
/// The cloud store: alerts, firings and cycle records in one DynamoDB table (layout: <see cref="SignalTable"/>), through
/// the low-level client (no DynamoDBContext: no reflection, open to Native AOT, one request per operation).
/// Every write that the concurrency promise rests on is conditional on the table item, never on an index.
/// </summary>
public sealed class DynamoSignalStore : IStore
{
    /// <summary>How often a claim that collided with another transaction on the same alert is tried again.</summary>
    private const int ClaimAttempts = 10;

    private const string ConditionalCheckFailed = "ConditionalCheckFailed";
    private const string TransactionConflict = "TransactionConflict";

    /// <summary>Expression names for every attribute used in an expression: several (name, status, source) are reserved words.</summary>
    private static readonly Dictionary<string, string> Names = new[]
    {
        Attr.Id, Attr.Kind, Attr.Version, Attr.Status, Attr.Active, Attr.TriggeredAt, Attr.TriggeredCount, Attr.ArmedShard, Attr.Side, Attr.ArmedAt,
        Attr.SignalId, Attr.DeliveryStatus, Attr.Attempts, Attr.NextAttemptAt, Attr.LastResponse, Attr.SentAt,
        Attr.DueShard, Attr.DueAt, Attr.CycleLog, Attr.Held, Attr.Receipt, Attr.MaybeSent,
    }.ToDictionary(name => "#" + name, name => name, StringComparer.Ordinal);

    private readonly IAmazonDynamoDB dynamo;
    private readonly DynamoStoreOptions options;

    public DynamoSignalStore(IAmazonDynamoDB dynamo, string tableName)
        : this(dynamo, tableName, new DynamoStoreOptions())
    {
    }

    public DynamoSignalStore(IAmazonDynamoDB dynamo, string tableName, DynamoStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(dynamo);
        ArgumentException.ThrowIfNullOrWhiteSpace(tableName);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ScanSegments, 1);
        if (options.PageSize is { } pageSize)
            ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);

        this.dynamo = dynamo;
        TableName = tableName;
        this.options = options;
    }

    public string TableName { get; }

    /// <summary>Capacity units DynamoDB reported for this instance's calls.</summary>
    public ConsumedCapacityCounter Capacity { get; } = new();

    public Task InitializeAsync(CancellationToken ct) => CreateTableAsync(ct);

    /// <summary>
    /// Creates the table (<see cref="SignalTable.Definition"/>) when it is missing and waits until it and its indexes
    /// are ACTIVE; safe to call again, and from several processes at once. An existing table without one of the
    /// indexes fails with the index's name rather than later, at the first query.
    /// </summary>
    public async Task CreateTableAsync(CancellationToken ct)
    {
        if (await DescribeAsync(ct) is null)
        {
            try
            {
                await dynamo.CreateTableAsync(Definition(TableName), ct);
            }
            catch (ResourceInUseException)
            {
                // Another process created it between our look and our create: just as good.
            }
        }

        while (true)
        {
            var table = await DescribeAsync(ct) ?? throw new InvalidOperationException($"The DynamoDB table {TableName} disappeared while it was being created.");
            var indexes = table.GlobalSecondaryIndexes ?? [];
            var missing = Definition(TableName).GlobalSecondaryIndexes.Select(i => i.IndexName).Except(indexes.Select(i => i.IndexName)).ToList();
            if (missing.Count > 0)
            {
                throw new InvalidOperationException(
                    $"The DynamoDB table {TableName} lacks the index(es) {string.Join(", ", missing)} this store needs; " +
                    "create it with `tradingalerts init` or the CDK stack, or use another table name.");
            }

            if (table.TableStatus == TableStatus.ACTIVE && indexes.All(i => i.IndexStatus == IndexStatus.ACTIVE))
                return;

            await Task.Delay(TimeSpan.FromSeconds(1), ct);
        }
    }

    public async Task AddAsync(Signal signal, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(signal);
        RequirePlainId(signal.Id);
        if (!await PutNewAsync(ToItem(signal, signal.Version), ct))
            throw new DuplicateSignalException(signal.Id);
    }

    public async Task<Signal?> GetAsync(string id, CancellationToken ct)
    {
        var response = await dynamo.GetItemAsync(
            new GetItemRequest
            {
                TableName = TableName,
                Key = Key(id),
                ConsistentRead = true,
                ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
            },
            ct);
        Capacity.AddRead(response.ConsumedCapacity);
        return IsKind(response.Item, Kinds.Signal) ? ToSignal(response.Item) : null;
    }

    public async IAsyncEnumerable<Signal> ListAsync([EnumeratorCancellation] CancellationToken ct)
    {
        var segments = Enumerable.Range(0, options.ScanSegments).Select(segment => (PageSource)((start, token) => ScanSignalsAsync(segment, start, token)));
        await foreach (var item in MergePagesAsync(segments.ToList(), ct))
            yield return ToSignal(item);
    }

    public async IAsyncEnumerable<Signal> ListArmedAsync([EnumeratorCancellation] CancellationToken ct)
    {
        var shards = Enumerable.Range(0, ArmedShards).Select(shard => (PageSource)((start, token) => QueryArmedAsync(shard, start, token)));
        await foreach (var item in MergePagesAsync(shards.ToList(), ct))
            yield return ToSignal(item);
    }

    public async Task<bool> UpdateAsync(Signal signal, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(signal);
        if (!IsPlainId(signal.Id))
            return false;

        return await PutIfAsync(
            new PutItemRequest
            {
                TableName = TableName,
                Item = ToItem(signal, signal.Version + 1),
                ConditionExpression = "#kind = :signal AND #version = :expected",
                ExpressionAttributeNames = NamesFor("#kind", "#version"),
                ExpressionAttributeValues = new() { [":signal"] = S(Kinds.Signal), [":expected"] = N(signal.Version) },
                ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
            },
            ct);
    }

    public async Task<bool> RemoveAsync(string id, CancellationToken ct)
    {
        if (!IsPlainId(id))
            return false;

        var response = await dynamo.DeleteItemAsync(
            new DeleteItemRequest
            {
                TableName = TableName,
                Key = Key(id),
                ReturnValues = ReturnValue.ALL_OLD,
                ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
            },
            ct);
        Capacity.AddWrite(response.ConsumedCapacity);
        return IsKind(response.Attributes, Kinds.Signal);
    }

    public async Task<bool> MoveAsync(SignalSnapshot snapshot, SignalState next, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(next);
        if (!IsPlainId(snapshot.Id))
            return false;

        var values = new Dictionary<string, AttributeValue>
        {
            [":signal"] = S(Kinds.Signal),
            [":version"] = N(snapshot.Version),
            [":true"] = new AttributeValue { BOOL = true },
            [":one"] = N(1),
        };
        return await UpdateIfAsync(
            new UpdateItemRequest
            {
                TableName = TableName,
                Key = Key(snapshot.Id),
                ConditionExpression = "#kind = :signal AND #version = :version AND #active = :true",
                UpdateExpression = "SET #version = #version + :one, " + StateUpdate(snapshot.Id, next, values),
                ExpressionAttributeNames = NamesFor("#kind", "#version", "#active", "#status", "#side", "#armed_at", "#armed_shard"),
                ExpressionAttributeValues = values,
                ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
            },
            ct);
    }

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

    public async Task<bool> ClaimTriggerAsync(SignalSnapshot snapshot, IReadOnlyList<Firing> firings, SignalState next, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(firings);
        ArgumentNullException.ThrowIfNull(next);
        if (!IsPlainId(snapshot.Id))
            return false;

        var values = new Dictionary<string, AttributeValue>
        {
            [":signal"] = S(Kinds.Signal),
            [":version"] = N(snapshot.Version),
            [":pending"] = S(SignalStatus.Pending.ToWire()),
            [":true"] = new AttributeValue { BOOL = true },
            [":fired_at"] = S(StoredText.FromTime(firings.Min(f => f.FiredAt))),
            [":one"] = N(1),
        };

        var request = new TransactWriteItemsRequest
        {
            TransactItems =
            [
                new TransactWriteItem
                {
                    Update = new Update
                    {
                        TableName = TableName,
                        Key = Key(snapshot.Id),
                        ConditionExpression = "#kind = :signal AND #version = :version AND #status = :pending AND #active = :true",
                        UpdateExpression =
                            "SET #triggered_at = :fired_at, #triggered_count = #triggered_count + :one, #version = #version + :one, " +
                            StateUpdate(snapshot.Id, next, values),
                        ExpressionAttributeNames = NamesFor("#kind", "#version", "#status", "#active", "#triggered_at", "#triggered_count", "#side", "#armed_at", "#armed_shard"),
                        ExpressionAttributeValues = values,
                    },
                },
                .. firings.Select(firing => new TransactWriteItem { Put = NewItem(ToClaimedItem(firing)) }),
            ],
            ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
        };

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var response = await dynamo.TransactWriteItemsAsync(request, ct);
                Capacity.AddWrite(response.ConsumedCapacity);
                return true;
            }
            catch (TransactionCanceledException e) when (ReasonFor(e, 0) == ConditionalCheckFailed)
            {
                // The alert moved on (claimed, edited, disabled, removed): the claim is lost and nothing was written.
                return false;
            }
            catch (TransactionCanceledException e) when (attempt < ClaimAttempts && e.CancellationReasons?.Any(r => r.Code == TransactionConflict) == true)
            {
                // Another claim on the same alert was in flight. Once it commits, the retry's condition sees its version.
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 20 * attempt)), ct);
            }
        }
    }

    public async Task<bool> AddDeliveryAsync(Firing delivery, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        return await PutNewAsync(ToClaimedItem(delivery), ct);
    }

    /// <summary>One consistent read per exchange (there are three).</summary>
    public async Task<IReadOnlyList<ExchangeCoverage>> ListCoverageAsync(CancellationToken ct)
    {
        var read = await Task.WhenAll(Enum.GetValues<ExchangeId>().Select(exchange => GetCoverageAsync(exchange, ct)));
        return read.Where(r => r.Version > 0).Select(r => r.Coverage).ToList();
    }

    /// <summary>Read, change, and write conditional on the version read: a batch that lost the race reads again.</summary>
    public async Task UpdateCoverageAsync(ExchangeId exchange, Func<ExchangeCoverage, ExchangeCoverage> change, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(change);
        const int attempts = 10;
        for (var attempt = 1; ; attempt++)
        {
            var (current, version) = await GetCoverageAsync(exchange, ct);
            var written = await PutIfAsync(
                new PutItemRequest
                {
                    TableName = TableName,
                    Item = ToCoverageItem(change(current), version + 1),
                    ConditionExpression = version == 0 ? "attribute_not_exists(#id)" : "#version = :version",
                    ExpressionAttributeNames = version == 0 ? NamesFor("#id") : NamesFor("#version"),
                    ExpressionAttributeValues = version == 0 ? null : new() { [":version"] = N(version) },
                    ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
                },
                ct);
            if (written)
                return;
            if (attempt == attempts)
                throw new InvalidOperationException($"{exchange.ToWire()}'s coverage changed under {attempts} writes in a row; the batch is tried again");
        }
    }

    private async Task<(ExchangeCoverage Coverage, long Version)> GetCoverageAsync(ExchangeId exchange, CancellationToken ct)
    {
        var response = await dynamo.GetItemAsync(
            new GetItemRequest { TableName = TableName, Key = Key(CoverageKey(exchange)), ConsistentRead = true, ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL },
            ct);
        Capacity.AddRead(response.ConsumedCapacity);
        return ToCoverage(exchange, response.Item);
    }

    public async Task PutRecipientAsync(Recipient recipient, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        var response = await dynamo.PutItemAsync(
            new PutItemRequest { TableName = TableName, Item = ToRecipientItem(recipient), ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL },
            ct);
        Capacity.AddWrite(response.ConsumedCapacity);
    }

    public async Task<Recipient?> GetRecipientAsync(string id, CancellationToken ct)
    {
        var response = await dynamo.GetItemAsync(
            new GetItemRequest { TableName = TableName, Key = Key(RecipientKey(id)), ConsistentRead = true, ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL },
            ct);
        Capacity.AddRead(response.ConsumedCapacity);
        return IsKind(response.Item, Kinds.Recipient) ? ToRecipient(response.Item) : null;
    }

    public async Task<IReadOnlyList<Recipient>> ListRecipientsAsync(CancellationToken ct)
    {
        // Recipients are few; a filtered scan reads the table once, for an operator's listing only.
        var recipients = new List<Recipient>();
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var page = await dynamo.ScanAsync(
                new ScanRequest
                {
                    TableName = TableName,
                    FilterExpression = "#kind = :recipient",
                    ExpressionAttributeNames = NamesFor("#kind"),
                    ExpressionAttributeValues = new() { [":recipient"] = S(Kinds.Recipient) },
                    ExclusiveStartKey = start,
                    ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
                },
                ct);
            Capacity.AddRead(page.ConsumedCapacity);
            recipients.AddRange(page.Items.Select(ToRecipient));
            start = page.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (start is not null);

        return recipients.OrderBy(r => r.Id, StringComparer.Ordinal).ToList();
    }

    public async Task<bool> RemoveRecipientAsync(string id, CancellationToken ct)
    {
        var response = await dynamo.DeleteItemAsync(
            new DeleteItemRequest { TableName = TableName, Key = Key(RecipientKey(id)), ReturnValues = ReturnValue.ALL_OLD, ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL },
            ct);
        Capacity.AddWrite(response.ConsumedCapacity);
        return IsKind(response.Attributes, Kinds.Recipient);
    }

    public async Task<Firing?> GetFiringAsync(string triggerId, CancellationToken ct)
    {
        var response = await dynamo.GetItemAsync(
            new GetItemRequest
            {
                TableName = TableName,
                Key = Key(FiringKey(triggerId)),
                ConsistentRead = true,
                ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
            },
            ct);
        Capacity.AddRead(response.ConsumedCapacity);
        return IsKind(response.Item, Kinds.Firing) ? ToFiring(response.Item) : null;
    }

    public async Task<IReadOnlyList<Firing>> ListFiringsAsync(string signalId, CancellationToken ct)
    {
        var firings = new List<Firing>();
        await foreach (var item in QueryAllAsync(
            new QueryRequest
            {
                IndexName = FiringsBySignalIndex,
                KeyConditionExpression = "#signal_id = :signal_id",
                ExpressionAttributeNames = NamesFor("#signal_id"),
                ExpressionAttributeValues = new() { [":signal_id"] = S(signalId) },
                ScanIndexForward = false,
            },
            ct))
        {
            firings.Add(ToFiring(item));
        }

        // The index orders by fired_at alone; the trigger id breaks ties, so equal times always list in one order.
        return firings.OrderByDescending(f => f.FiredAt).ThenByDescending(f => f.TriggerId, StringComparer.Ordinal).ToList();
    }

    public async IAsyncEnumerable<Firing> ListDueDeliveriesAsync(DateTimeOffset now, [EnumeratorCancellation] CancellationToken ct)
    {
        var due = new List<Firing>();
        await foreach (var item in QueryAllAsync(
            new QueryRequest
            {
                IndexName = DueIndex,
                KeyConditionExpression = "#due_shard = :zero AND #due_at <= :now",
                ExpressionAttributeNames = NamesFor("#due_shard", "#due_at"),
                ExpressionAttributeValues = new() { [":zero"] = N(0), [":now"] = S(StoredText.FromTime(now)) },
            },
            ct))
        {
            due.Add(ToFiring(item));
        }

        // Oldest crossing first, then by trigger id; the index orders by due time, and pending deliveries are few.
        foreach (var firing in due.OrderBy(f => f.FiredAt).ThenBy(f => f.TriggerId, StringComparer.Ordinal))
            yield return firing;
    }

    public async Task<bool> TryLeaseDeliveryAsync(string triggerId, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken ct)
    {
        return await UpdateIfAsync(
            new UpdateItemRequest
            {
                TableName = TableName,
                Key = Key(FiringKey(triggerId)),
                ConditionExpression =
                    "#kind = :firing AND #delivery_status = :pending AND (attribute_not_exists(#next_attempt_at) OR #next_attempt_at <= :now)",
                UpdateExpression = "SET #next_attempt_at = :until, #due_at = :until",
                ExpressionAttributeNames = NamesFor("#kind", "#delivery_status", "#next_attempt_at", "#due_at"),
                ExpressionAttributeValues = new()
                {
                    [":firing"] = S(Kinds.Firing),
                    [":pending"] = S(DeliveryStatus.Pending.ToWire()),
                    [":now"] = S(StoredText.FromTime(now)),
                    [":until"] = S(StoredText.FromTime(leaseUntil)),
                },
                ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
            },
            ct);
    }

    public async Task<bool> RenewLeaseAsync(string triggerId, DateTimeOffset heldUntil, DateTimeOffset until, CancellationToken ct)
    {
        return await UpdateIfAsync(
            new UpdateItemRequest
            {
                TableName = TableName,
                Key = Key(FiringKey(triggerId)),
                ConditionExpression = "#kind = :firing AND #delivery_status = :pending AND #next_attempt_at = :lease",
                UpdateExpression = "SET #next_attempt_at = :until, #due_at = :until",
                ExpressionAttributeNames = NamesFor("#kind", "#delivery_status", "#next_attempt_at", "#due_at"),
                ExpressionAttributeValues = new()
                {
                    [":firing"] = S(Kinds.Firing),
                    [":pending"] = S(DeliveryStatus.Pending.ToWire()),
                    [":lease"] = S(StoredText.FromTime(heldUntil)),
                    [":until"] = S(StoredText.FromTime(until)),
                },
                ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
            },
            ct);
    }

    public async Task<bool> RecordDeliveryAsync(string triggerId, DateTimeOffset heldUntil, DeliveryAttempt attempt, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        var set = new List<string> { "#delivery_status = :status", "#attempts = :attempts", "#last_response = :response" };
        var remove = new List<string>();
        var values = new Dictionary<string, AttributeValue>
        {
            [":firing"] = S(Kinds.Firing),
            [":pending"] = S(DeliveryStatus.Pending.ToWire()),
            [":lease"] = S(StoredText.FromTime(heldUntil)),
            [":status"] = S(attempt.Status.ToWire()),
            [":attempts"] = N(attempt.Attempts),
            [":response"] = S(attempt.Response),
        };
        SetOrRemove("#next_attempt_at", ":next", attempt.NextAttemptAt);
        SetOrRemove("#sent_at", ":sent", attempt.SentAt);
        set.Add("#held = :held");
        values[":held"] = new AttributeValue { BOOL = attempt.Held };
        set.Add("#maybe_sent = :maybe_sent");
        values[":maybe_sent"] = new AttributeValue { BOOL = attempt.MaybeSent };
        if (attempt.Receipt is { } receipt)
        {
            set.Add("#receipt = :receipt");
            values[":receipt"] = S(receipt);
        }

        // Only a pending delivery stays in the due index.
        if (attempt.Status == DeliveryStatus.Pending)
        {
            set.Add("#due_shard = :zero");
            set.Add("#due_at = :due_at");
            values[":zero"] = N(0);
            values[":due_at"] = S(DueAt(attempt.NextAttemptAt));
        }
        else
        {
            remove.Add("#due_shard");
            remove.Add("#due_at");
        }

        var expression = "SET " + string.Join(", ", set) + (remove.Count > 0 ? " REMOVE " + string.Join(", ", remove) : string.Empty);
        return await UpdateIfAsync(
            new UpdateItemRequest
            {
                TableName = TableName,
                Key = Key(FiringKey(triggerId)),

                // Only under the lease the attempt was made under; an unknown trigger id matches nothing (no stray item).
                ConditionExpression = "#kind = :firing AND #delivery_status = :pending AND #next_attempt_at = :lease",
                UpdateExpression = expression,
                ExpressionAttributeNames = NamesFor(["#kind", "#delivery_status", "#next_attempt_at", .. set.Select(s => s[..s.IndexOf(' ', StringComparison.Ordinal)]), .. remove]),
                ExpressionAttributeValues = values,
                ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
            },
            ct);

        void SetOrRemove(string name, string placeholder, DateTimeOffset? time)
        {
            if (time is { } value)
            {
                set.Add($"{name} = {placeholder}");
                values[placeholder] = S(StoredText.FromTime(value));
            }
            else
            {
                remove.Add(name);
            }
        }
    }

    /// <summary>
    /// Puts the record, then deletes what falls beyond the newest <paramref name="keep"/> (normally the one oldest
    /// record, so a cycle costs one put, one delete and one index query of about <paramref name="keep"/> items).
    /// </summary>
    public async Task RecordAsync(CycleRecord record, int keep, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(record);
        var put = await dynamo.PutItemAsync(
            new PutItemRequest
            {
                TableName = TableName,
                Item = new()
                {
                    [Attr.Id] = S(CycleKey(record.Report.CycleId)),
                    [Attr.Kind] = S(Kinds.Cycle),
                    [Attr.CycleId] = S(record.Report.CycleId),
                    [Attr.CycleLog] = S(Attr.CycleLog),
                    [Attr.FinishedAt] = S(StoredText.FromTime(record.FinishedAt)),
                    [Attr.Record] = S(record.ToJson()),
                },
                ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
            },
            ct);
        Capacity.AddWrite(put.ConsumedCapacity);

        var seen = 0;
        var stale = new List<string>();
        await foreach (var item in QueryAllAsync(NewestCyclesQuery(projectIdOnly: true), ct))
        {
            if (++seen > keep)
                stale.Add(item[Attr.Id].S);
        }

        foreach (var id in stale)
        {
            var deleted = await dynamo.DeleteItemAsync(
                new DeleteItemRequest { TableName = TableName, Key = Key(id), ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL },
                ct);
            Capacity.AddWrite(deleted.ConsumedCapacity);
        }
    }

    public async Task<IReadOnlyList<CycleRecord>> RecentAsync(int count, CancellationToken ct)
    {
        var records = new List<CycleRecord>();
        if (count <= 0)
            return records;

        var query = NewestCyclesQuery(projectIdOnly: false);
        query.Limit = Math.Min(count, options.PageSize ?? count);
        await foreach (var item in QueryAllAsync(query, ct))
        {
            records.Add(CycleRecord.FromJson(item[Attr.Record].S));
            if (records.Count == count)
                break;
        }

        return records;
    }

    /// <summary>The armed index shard an alert id goes to (exposed for tests that need several pages in every shard).</summary>
    internal static int ShardOf(string id) => ArmedShardOf(id);

    private static QueryRequest NewestCyclesQuery(bool projectIdOnly) => new()
    {
        IndexName = CyclesIndex,
        KeyConditionExpression = "#cycle_log = :cycle_log",
        ExpressionAttributeNames = projectIdOnly ? NamesFor("#cycle_log", "#id") : NamesFor("#cycle_log"),
        ExpressionAttributeValues = new() { [":cycle_log"] = S(Attr.CycleLog) },
        ProjectionExpression = projectIdOnly ? "#id" : null,
        ScanIndexForward = false,
    };

    private static string? ReasonFor(TransactionCanceledException e, int index) =>
        e.CancellationReasons is { } reasons && reasons.Count > index ? reasons[index].Code : null;

    private static Dictionary<string, string> NamesFor(params IEnumerable<string> placeholders) =>
        placeholders.Distinct(StringComparer.Ordinal).ToDictionary(p => p, p => Names[p], StringComparer.Ordinal);

    /// <summary>Alert ids never contain '#', which is what keeps them apart from the prefixed firing and cycle keys.</summary>
    private static bool IsPlainId(string id) => !string.IsNullOrEmpty(id) && !id.Contains('#', StringComparison.Ordinal);

    private static void RequirePlainId(string id)
    {
        if (!IsPlainId(id))
            throw new ArgumentException($"An alert id must not be empty or contain '#' (got '{id}').", nameof(id));
    }

    private async Task<TableDescription?> DescribeAsync(CancellationToken ct)
    {
        try
        {
            return (await dynamo.DescribeTableAsync(new DescribeTableRequest { TableName = TableName }, ct)).Table;
        }
        catch (ResourceNotFoundException)
        {
            return null;
        }
    }

    private async Task<Page> ScanSignalsAsync(int segment, Dictionary<string, AttributeValue>? start, CancellationToken ct)
    {
        var response = await dynamo.ScanAsync(
            new ScanRequest
            {
                TableName = TableName,
                FilterExpression = "#kind = :signal",
                ExpressionAttributeNames = NamesFor("#kind"),
                ExpressionAttributeValues = new() { [":signal"] = S(Kinds.Signal) },
                Segment = segment,
                TotalSegments = options.ScanSegments,
                Limit = options.PageSize,
                ExclusiveStartKey = start,
                ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
            },
            ct);
        Capacity.AddRead(response.ConsumedCapacity);
        return new Page(response.Items ?? [], response.LastEvaluatedKey);
    }

    private Task<Page> QueryArmedAsync(int shard, Dictionary<string, AttributeValue>? start, CancellationToken ct) => QueryPageAsync(
        new QueryRequest
        {
            IndexName = ArmedIndex,
            KeyConditionExpression = "#armed_shard = :shard",
            ExpressionAttributeNames = NamesFor("#armed_shard"),
            ExpressionAttributeValues = new() { [":shard"] = N(shard) },
        },
        start,
        ct);

    private async IAsyncEnumerable<Dictionary<string, AttributeValue>> QueryAllAsync(QueryRequest query, [EnumeratorCancellation] CancellationToken ct)
    {
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var page = await QueryPageAsync(query, start, ct);
            foreach (var item in page.Items)
                yield return item;

            start = page.Next;
        }
        while (start is { Count: > 0 });
    }

    private async Task<Page> QueryPageAsync(QueryRequest query, Dictionary<string, AttributeValue>? start, CancellationToken ct)
    {
        query.TableName = TableName;
        query.Limit ??= options.PageSize;
        query.ExclusiveStartKey = start;
        query.ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL;
        var response = await dynamo.QueryAsync(query, ct);
        Capacity.AddRead(response.ConsumedCapacity);
        return new Page(response.Items ?? [], response.LastEvaluatedKey);
    }

    /// <summary>
    /// Reads several paged sources (scan segments, index shards) at once and yields items as pages arrive. Each source
    /// has at most one page in flight, fetched while the previous one is being consumed.
    /// </summary>
    private static async IAsyncEnumerable<Dictionary<string, AttributeValue>> MergePagesAsync(
        IReadOnlyList<PageSource> sources,
        [EnumeratorCancellation] CancellationToken ct)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var inFlight = sources.Select(source => (Page: source(null, stop.Token), Source: source)).ToList();
        try
        {
            while (inFlight.Count > 0)
            {
                var done = await Task.WhenAny(inFlight.Select(f => f.Page));
                var index = inFlight.FindIndex(f => f.Page == done);
                var source = inFlight[index].Source;
                inFlight.RemoveAt(index);
                var page = await done;
                if (page.Next is { Count: > 0 })
                    inFlight.Add((source(page.Next, stop.Token), source));

                foreach (var item in page.Items)
                    yield return item;
            }
        }
        finally
        {
            // A consumer that stops early, or a failed source, leaves the other requests to cancel quietly.
            await stop.CancelAsync();
            await Task.WhenAll(inFlight.Select(f => (Task)f.Page)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private delegate Task<Page> PageSource(Dictionary<string, AttributeValue>? start, CancellationToken ct);

    private readonly record struct Page(List<Dictionary<string, AttributeValue>> Items, Dictionary<string, AttributeValue>? Next);

    /// <summary>A transaction's put of an item that must not exist yet.</summary>
    private Put NewItem(Dictionary<string, AttributeValue> item) => new()
    {
        TableName = TableName,
        Item = item,
        ConditionExpression = "attribute_not_exists(#id)",
        ExpressionAttributeNames = NamesFor("#id"),
    };

    /// <summary>Puts an item that must not exist yet: false (and nothing written) when its key is taken.</summary>
    private Task<bool> PutNewAsync(Dictionary<string, AttributeValue> item, CancellationToken ct) =>
        PutIfAsync(
            new PutItemRequest
            {
                TableName = TableName,
                Item = item,
                ConditionExpression = "attribute_not_exists(#id)",
                ExpressionAttributeNames = NamesFor("#id"),
                ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
            },
            ct);

    /// <summary>A conditional put: true when written, false when its condition did not hold (then nothing was written).</summary>
    private async Task<bool> PutIfAsync(PutItemRequest request, CancellationToken ct)
    {
        try
        {
            Capacity.AddWrite((await dynamo.PutItemAsync(request, ct)).ConsumedCapacity);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }

    /// <summary>A conditional update: true when written, false when its condition did not hold (then nothing was written).</summary>
    private async Task<bool> UpdateIfAsync(UpdateItemRequest request, CancellationToken ct)
    {
        try
        {
            Capacity.AddWrite((await dynamo.UpdateItemAsync(request, ct)).ConsumedCapacity);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }

}
