
namespace TradingAlerts.Storage;

/// <summary>
/// The embedded store: one SQLite file, shared safely by the CLI, the web UI and the local monitor, even from several
/// processes. One part per aggregate works on the file (<see cref="SqliteDatabase"/>); every operation takes its own
/// pooled connection, and conditional writes carry the concurrency guarantees.
/// </summary>
public sealed class SqliteSignalStore : CompositeStore
{
    /// <summary>The schema this code writes, kept in <c>PRAGMA user_version</c>.</summary>
    public const int SchemaVersion = SqliteSchema.Version;

    internal const string ListArmedSql = SqliteSignals.ListArmedSql;

    internal const string ListDueSql = SqliteDeliveries.ListDueSql;

    internal const string ListReachedSql = SqliteSignals.ListReachedSql;

    internal const string NextMarketSql = SqliteSignals.NextMarketSql;

    private readonly SqliteSignals alerts;

    public SqliteSignalStore(string databasePath)
        : this(new SqliteDatabase(databasePath))
    {
    }

    private SqliteSignalStore(SqliteDatabase database)
        : this(database, new SqliteSignals(database))
    {
    }

    private SqliteSignalStore(SqliteDatabase database, SqliteSignals signals)
        : base(
            signals,
            new SqliteDeliveries(database),
            new SqliteRecipients(database),
            new SqliteCycleLog(database),
            new SqliteCoverage(database),
            new SqliteBatchOutcomes(database),
            new SqlitePriceHistory(database),
            new SqliteAccounts(database),
            database.InitializeAsync)
    {
        alerts = signals;
        DatabasePath = database.FilePath;
    }

    public string DatabasePath { get; }

    /// <summary>Adds many alerts in one transaction (all or none), for imports and benchmarks; not part of the port.</summary>
    public Task AddManyAsync(IEnumerable<Signal> signals, CancellationToken ct) => alerts.AddManyAsync(signals, ct);
}
