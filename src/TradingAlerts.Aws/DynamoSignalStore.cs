using Amazon.DynamoDBv2;

namespace TradingAlerts.Aws;

/// <summary>
/// The cloud store: alerts, firings, recipients, cycle records, coverage and batch outcomes in one DynamoDB table (layout:
/// <see cref="SignalTable"/>), one part per aggregate over a shared <see cref="DynamoTable"/>, through the low-level
/// client (no DynamoDBContext: no reflection, open to Native AOT, one request per operation). Every write that the
/// concurrency promise rests on is conditional on the table item, never on an index.
/// </summary>
public sealed class DynamoSignalStore : CompositeStore
{
    private readonly DynamoTable table;

    public DynamoSignalStore(IAmazonDynamoDB dynamo, string tableName)
        : this(dynamo, tableName, new DynamoStoreOptions())
    {
    }

    public DynamoSignalStore(IAmazonDynamoDB dynamo, string tableName, DynamoStoreOptions options)
        : this(new DynamoTable(dynamo, tableName, options))
    {
    }

    private DynamoSignalStore(DynamoTable table)
        : this(table, new DynamoSignals(table))
    {
    }

    /// <summary>Initializing creates the table and its indexes when missing, then places in the trigger book the alerts an earlier version wrote.</summary>
    private DynamoSignalStore(DynamoTable table, DynamoSignals signals)
        : base(signals, new DynamoDeliveries(table), new DynamoRecipients(table), new DynamoCycleLog(table), new DynamoCoverage(table), new DynamoBatchOutcomes(table), new DynamoPriceHistory(table), new DynamoAccounts(table), async ct =>
        {
            await table.CreateAsync(ct);
            await signals.PlaceUnplacedAsync(ct);
        })
    {
        this.table = table;
    }

    public string TableName => table.Name;

    /// <summary>Capacity units DynamoDB reported for this instance's calls.</summary>
    public ConsumedCapacityCounter Capacity => table.Capacity;

    /// <inheritdoc cref="DynamoTable.CreateAsync"/>
    public Task CreateTableAsync(CancellationToken ct) => table.CreateAsync(ct);

    /// <summary>The armed index shard an alert id goes to (exposed for tests that need several pages in every shard).</summary>
    internal static int ShardOf(string id) => SignalItems.ArmedShardOf(id);
}
