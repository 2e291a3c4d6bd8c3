using Amazon.DynamoDBv2;

namespace TradingAlerts.Aws;

/// <summary>
/// The one table (<see cref="SignalTable"/>) as every part of the store reaches it: its client, name and options, the
/// capacity its calls consumed, its creation, and the requests all parts send. Each request asks DynamoDB for the
/// capacity it consumed and counts it in <see cref="Capacity"/>, so a store's parts share one count.
/// </summary>
internal sealed class DynamoTable
{
    public const string ConditionalCheckFailed = "ConditionalCheckFailed";
    public const string TransactionConflict = "TransactionConflict";

    /// <summary>Expression names for every attribute used in an expression: several (name, status, source) are reserved words.</summary>
    private static readonly Dictionary<string, string> Names = new[]
    {
        Attr.Id, Attr.Kind, Attr.Version, Attr.Status, Attr.Active, Attr.TriggeredAt, Attr.TriggeredCount, Attr.ArmedShard, Attr.Side, Attr.ArmedAt,
        Attr.SignalId, Attr.DeliveryStatus, Attr.Attempts, Attr.NextAttemptAt, Attr.LastResponse, Attr.SentAt,
        Attr.DueShard, Attr.DueAt, Attr.CycleLog, Attr.Held, Attr.Receipt, Attr.MaybeSent, Attr.FinishedAt, Attr.Done,
    }.ToDictionary(name => "#" + name, name => name, StringComparer.Ordinal);

    private readonly IAmazonDynamoDB dynamo;

    public DynamoTable(IAmazonDynamoDB dynamo, string tableName, DynamoStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(dynamo);
        ArgumentException.ThrowIfNullOrWhiteSpace(tableName);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ScanSegments, 1);
        if (options.PageSize is { } pageSize)
            ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);

        this.dynamo = dynamo;
        Name = tableName;
        Options = options;
    }

    public string Name { get; }

    public DynamoStoreOptions Options { get; }

    public ConsumedCapacityCounter Capacity { get; } = new();

    /// <summary>
    /// Creates the table (<see cref="SignalTable.Definition"/>) when it is missing, adds the indexes a table created by
    /// an earlier version lacks (one at a time, as DynamoDB allows), and waits until it and its indexes are ACTIVE;
    /// safe to call again, and from several processes at once.
    /// </summary>
    public async Task CreateAsync(CancellationToken ct)
    {
        var definition = Definition(Name);
        if (await DescribeAsync(ct) is null)
        {
            try
            {
                await dynamo.CreateTableAsync(definition, ct);
            }
            catch (ResourceInUseException)
            {
                // Another process created it between our look and our create: just as good.
            }
        }

        while (true)
        {
            var table = await DescribeAsync(ct) ?? throw new InvalidOperationException($"The DynamoDB table {Name} disappeared while it was being created.");
            var indexes = table.GlobalSecondaryIndexes ?? [];
            var ready = table.TableStatus == TableStatus.ACTIVE && indexes.All(i => i.IndexStatus == IndexStatus.ACTIVE);
            var missing = definition.GlobalSecondaryIndexes.FirstOrDefault(wanted => indexes.All(i => i.IndexName != wanted.IndexName));
            if (ready && missing is null)
            {
                await ForgetByTimeToLiveAsync(ct);
                return;
            }

            if (ready)
                await AddIndexAsync(definition, missing!, ct);
            else
                await Task.Delay(TimeSpan.FromSeconds(1), ct);
        }
    }

    private async Task AddIndexAsync(CreateTableRequest definition, GlobalSecondaryIndex index, CancellationToken ct)
    {
        var keys = index.KeySchema.Select(k => k.AttributeName).ToHashSet(StringComparer.Ordinal);
        try
        {
            await dynamo.UpdateTableAsync(
                new UpdateTableRequest
                {
                    TableName = Name,
                    AttributeDefinitions = [.. definition.AttributeDefinitions.Where(a => keys.Contains(a.AttributeName))],
                    GlobalSecondaryIndexUpdates = [new GlobalSecondaryIndexUpdate { Create = new CreateGlobalSecondaryIndexAction { IndexName = index.IndexName, KeySchema = index.KeySchema, Projection = index.Projection } }],
                },
                ct);
        }
        catch (ResourceInUseException)
        {
            // Another process is adding an index right now: the next look sees it.
        }
    }

    /// <summary>The expression names for <paramref name="placeholders"/> (<c>#kind</c>, …), each once.</summary>
    public static Dictionary<string, string> NamesFor(params IEnumerable<string> placeholders) =>
        placeholders.Distinct(StringComparer.Ordinal).ToDictionary(p => p, p => Names[p], StringComparer.Ordinal);

    /// <summary>Why DynamoDB cancelled the transaction's item at <paramref name="index"/> (<see cref="ConditionalCheckFailed"/>, …), when it says.</summary>
    public static string? ReasonFor(TransactionCanceledException e, int index) =>
        e.CancellationReasons is { } reasons && reasons.Count > index ? reasons[index].Code : null;

    /// <summary>The item at <paramref name="id"/>, read consistently; null or empty when there is none.</summary>
    public async Task<Dictionary<string, AttributeValue>?> GetAsync(string id, CancellationToken ct)
    {
        var response = await dynamo.GetItemAsync(
            new GetItemRequest { TableName = Name, Key = Key(id), ConsistentRead = true, ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL },
            ct);
        Capacity.AddRead(response.ConsumedCapacity);
        return response.Item;
    }

    /// <summary>Creates or replaces the item.</summary>
    public async Task PutAsync(Dictionary<string, AttributeValue> item, CancellationToken ct)
    {
        var response = await dynamo.PutItemAsync(
            new PutItemRequest { TableName = Name, Item = item, ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL },
            ct);
        Capacity.AddWrite(response.ConsumedCapacity);
    }

    /// <summary>Creates or replaces the item; returns the item it replaced, or null.</summary>
    public async Task<Dictionary<string, AttributeValue>?> ReplaceAsync(Dictionary<string, AttributeValue> item, CancellationToken ct)
    {
        var response = await dynamo.PutItemAsync(
            new PutItemRequest { TableName = Name, Item = item, ReturnValues = ReturnValue.ALL_OLD, ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL },
            ct);
        Capacity.AddWrite(response.ConsumedCapacity);
        return response.Attributes is { Count: > 0 } old ? old : null;
    }

    /// <summary>An unconditional update on this table; returns what it asked back (<see cref="UpdateItemRequest.ReturnValues"/>).</summary>
    public async Task<Dictionary<string, AttributeValue>> UpdateAsync(UpdateItemRequest request, CancellationToken ct)
    {
        request.TableName = Name;
        request.ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL;
        var response = await dynamo.UpdateItemAsync(request, ct);
        Capacity.AddWrite(response.ConsumedCapacity);
        return response.Attributes ?? [];
    }

    /// <summary>
    /// The items at <paramref name="ids"/> that exist, read consistently, in no particular order: 100 keys a request
    /// (DynamoDB's limit), and the keys it leaves unprocessed asked again.
    /// </summary>
    public async Task<List<Dictionary<string, AttributeValue>>> GetManyAsync(IEnumerable<string> ids, CancellationToken ct)
    {
        var items = new List<Dictionary<string, AttributeValue>>();
        foreach (var chunk in ids.Distinct(StringComparer.Ordinal).Chunk(100))
        {
            var keys = new KeysAndAttributes { Keys = [.. chunk.Select(Key)], ConsistentRead = true };
            while (keys is { Keys.Count: > 0 })
            {
                var response = await dynamo.BatchGetItemAsync(
                    new BatchGetItemRequest { RequestItems = new() { [Name] = keys }, ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL },
                    ct);
                foreach (var consumed in response.ConsumedCapacity ?? [])
                    Capacity.AddRead(consumed);
                items.AddRange(response.Responses?.GetValueOrDefault(Name) ?? []);
                keys = response.UnprocessedKeys?.GetValueOrDefault(Name);
            }
        }

        return items;
    }

    /// <summary>Puts an item that must not exist yet: false (and nothing written) when its key is taken.</summary>
    public Task<bool> PutNewAsync(Dictionary<string, AttributeValue> item, CancellationToken ct) =>
        PutIfAsync(new PutItemRequest { Item = item, ConditionExpression = "attribute_not_exists(#id)", ExpressionAttributeNames = NamesFor("#id") }, ct);

    /// <summary>A conditional put on this table: true when written, false when its condition did not hold (then nothing was written).</summary>
    public Task<bool> PutIfAsync(PutItemRequest request, CancellationToken ct)
    {
        request.TableName = Name;
        request.ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL;
        return WrittenAsync(async () => Capacity.AddWrite((await dynamo.PutItemAsync(request, ct)).ConsumedCapacity));
    }

    /// <summary>A conditional update on this table: true when written, false when its condition did not hold (then nothing was written).</summary>
    public Task<bool> UpdateIfAsync(UpdateItemRequest request, CancellationToken ct)
    {
        request.TableName = Name;
        request.ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL;
        return WrittenAsync(async () => Capacity.AddWrite((await dynamo.UpdateItemAsync(request, ct)).ConsumedCapacity));
    }

    /// <summary>Deletes the item at <paramref name="id"/>, if any; true when it was one of <paramref name="kind"/>.</summary>
    public async Task<bool> DeleteAsync(string id, string kind, CancellationToken ct)
    {
        var response = await dynamo.DeleteItemAsync(
            new DeleteItemRequest { TableName = Name, Key = Key(id), ReturnValues = ReturnValue.ALL_OLD, ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL },
            ct);
        Capacity.AddWrite(response.ConsumedCapacity);
        return IsKind(response.Attributes, kind);
    }

    /// <summary>Deletes the item at <paramref name="id"/>, if any.</summary>
    public async Task DeleteAsync(string id, CancellationToken ct)
    {
        var response = await dynamo.DeleteItemAsync(new DeleteItemRequest { TableName = Name, Key = Key(id), ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL }, ct);
        Capacity.AddWrite(response.ConsumedCapacity);
    }

    /// <summary>A transaction's put of an item that must not exist yet.</summary>
    public Put NewItem(Dictionary<string, AttributeValue> item) => new()
    {
        TableName = Name,
        Item = item,
        ConditionExpression = "attribute_not_exists(#id)",
        ExpressionAttributeNames = NamesFor("#id"),
    };

    /// <summary>Writes the transaction; a cancelled one throws <see cref="TransactionCanceledException"/>, as the client does.</summary>
    public async Task TransactWriteAsync(TransactWriteItemsRequest request, CancellationToken ct)
    {
        request.ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL;
        Capacity.AddWrite((await dynamo.TransactWriteItemsAsync(request, ct)).ConsumedCapacity);
    }

    /// <summary>One page of <paramref name="query"/> on this table from <paramref name="start"/>, of <see cref="DynamoStoreOptions.PageSize"/> items unless it sets a limit.</summary>
    public async Task<Page> QueryPageAsync(QueryRequest query, Dictionary<string, AttributeValue>? start, CancellationToken ct)
    {
        query.TableName = Name;
        query.Limit ??= Options.PageSize;
        query.ExclusiveStartKey = start;
        query.ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL;
        var response = await dynamo.QueryAsync(query, ct);
        Capacity.AddRead(response.ConsumedCapacity);
        return new Page(response.Items ?? [], response.LastEvaluatedKey);
    }

    /// <summary>One page of <paramref name="scan"/> on this table from <paramref name="start"/>, limited as the scan says.</summary>
    public async Task<Page> ScanPageAsync(ScanRequest scan, Dictionary<string, AttributeValue>? start, CancellationToken ct)
    {
        scan.TableName = Name;
        scan.ExclusiveStartKey = start;
        scan.ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL;
        var response = await dynamo.ScanAsync(scan, ct);
        Capacity.AddRead(response.ConsumedCapacity);
        return new Page(response.Items ?? [], response.LastEvaluatedKey);
    }

    /// <summary>Every item the query matches, page after page.</summary>
    public IAsyncEnumerable<Dictionary<string, AttributeValue>> QueryAllAsync(QueryRequest query, CancellationToken ct) =>
        Pages.AllAsync((start, token) => QueryPageAsync(query, start, token), ct);

    /// <summary>Every item the scan matches, page after page.</summary>
    public IAsyncEnumerable<Dictionary<string, AttributeValue>> ScanAllAsync(ScanRequest scan, CancellationToken ct) =>
        Pages.AllAsync((start, token) => ScanPageAsync(scan, start, token), ct);

    /// <summary>Runs a conditional write: false when DynamoDB refused it for its condition (it then wrote nothing, and reports no capacity).</summary>
    private static async Task<bool> WrittenAsync(Func<Task> write)
    {
        try
        {
            await write();
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }

    /// <summary>
    /// Turns on the time to live on <see cref="Attr.ForgetAt"/> (the batch outcomes' retention) unless it is on, also
    /// for a table created before it was used: a table has one time-to-live attribute, and it is only ever this one.
    /// </summary>
    private async Task ForgetByTimeToLiveAsync(CancellationToken ct)
    {
        var current = (await dynamo.DescribeTimeToLiveAsync(new DescribeTimeToLiveRequest { TableName = Name }, ct)).TimeToLiveDescription;
        if (current?.TimeToLiveStatus == TimeToLiveStatus.ENABLED || current?.TimeToLiveStatus == TimeToLiveStatus.ENABLING)
            return;

        await dynamo.UpdateTimeToLiveAsync(
            new UpdateTimeToLiveRequest { TableName = Name, TimeToLiveSpecification = new TimeToLiveSpecification { AttributeName = Attr.ForgetAt, Enabled = true } },
            ct);
    }

    private async Task<TableDescription?> DescribeAsync(CancellationToken ct)
    {
        try
        {
            return (await dynamo.DescribeTableAsync(new DescribeTableRequest { TableName = Name }, ct)).Table;
        }
        catch (ResourceNotFoundException)
        {
            return null;
        }
    }
}
