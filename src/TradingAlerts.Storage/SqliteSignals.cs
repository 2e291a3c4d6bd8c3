using TradingAlerts.Core.Pipeline;
using static TradingAlerts.Storage.SqliteRows;

namespace TradingAlerts.Storage;

/// <summary>
/// The alerts, in the signals table; their trigger claim writes the firings too, in the same transaction. Every write is
/// conditional on the version the caller read.
/// </summary>
internal sealed class SqliteSignals(SqliteDatabase database) : ISignalStore
{
    /// <summary>The armed alerts, by the very condition of the signals_armed index, so that the query reads it.</summary>
    internal const string ListArmedSql = $"SELECT {SqliteSchema.SignalColumns} FROM signals WHERE active = 1 AND status IN ('pending', 'waiting')";

    private const string InsertSql = $"""
        INSERT INTO signals ({SqliteSchema.SignalColumns})
        VALUES ($id, $name, $exchange, $symbol, $condition, $target_price, $status, $active, $created_at, $triggered_at,
                $triggered_count, $user_id, $notes, $expires_at, $source, $version, $base_asset, $quote_asset, $sheet_key, $rule, $side, $armed_at, $owner)
        """;

    private const string UpdateSql = """
        UPDATE signals
        SET name = $name, exchange = $exchange, symbol = $symbol, condition = $condition, target_price = $target_price,
            status = $status, active = $active, created_at = $created_at, triggered_at = $triggered_at,
            triggered_count = $triggered_count, user_id = $user_id, notes = $notes, expires_at = $expires_at,
            source = $source, base_asset = $base_asset, quote_asset = $quote_asset, sheet_key = $sheet_key, rule = $rule,
            side = $side, armed_at = $armed_at, owner = $owner,
            version = version + 1
        WHERE id = $id AND version = $version
        """;

    private const string ClaimSql = """
        UPDATE signals
        SET status = $status, side = $side, armed_at = $armed_at, triggered_at = $fired_at, triggered_count = triggered_count + 1, version = version + 1
        WHERE id = $id AND version = $version AND status = 'pending' AND active = 1
        """;

    private const string MoveSql = """
        UPDATE signals SET status = $status, side = $side, armed_at = $armed_at, version = version + 1
        WHERE id = $id AND version = $version AND active = 1
        """;

    public async Task AddAsync(Signal signal, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(signal);
        await using var connection = await database.OpenAsync(ct);
        await using var insert = connection.CreateCommand();
        insert.CommandText = InsertSql;
        await InsertAsync(insert, signal, ct);
    }

    /// <summary>Adds many alerts in one transaction (all or none), for imports and benchmarks; not part of the port.</summary>
    public async Task AddManyAsync(IEnumerable<Signal> signals, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(signals);
        await using var connection = await database.OpenAsync(ct);
        await using var transaction = connection.BeginTransaction();
        await using var insert = connection.CreateCommand();
        insert.CommandText = InsertSql;
        await insert.PrepareAsync(ct);
        foreach (var signal in signals)
            await InsertAsync(insert, signal, ct);

        await transaction.CommitAsync(ct);
    }

    public async Task<Signal?> GetAsync(string id, CancellationToken ct) =>
        await database.QueryAsync(
                $"SELECT {SqliteSchema.SignalColumns} FROM signals WHERE id = $id",
                select => Bind(select, "$id", id),
                ReadSignal,
                ct)
            .FirstOrDefaultAsync(ct);

    public IAsyncEnumerable<Signal> ListAsync(CancellationToken ct) =>
        database.QueryAsync($"SELECT {SqliteSchema.SignalColumns} FROM signals", bind: null, ReadSignal, ct);

    public IAsyncEnumerable<Signal> ListArmedAsync(CancellationToken ct) => database.QueryAsync(ListArmedSql, bind: null, ReadSignal, ct);

    public async Task<bool> UpdateAsync(Signal signal, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(signal);
        return await database.ExecuteAsync(UpdateSql, update => BindSignal(update, signal), ct) == 1;
    }

    public async Task<bool> MoveAsync(SignalSnapshot snapshot, SignalState next, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(next);
        return await database.ExecuteAsync(MoveSql, move => BindTransition(move, snapshot, next), ct) == 1;
    }

    public async Task<bool> RemoveAsync(string id, CancellationToken ct) =>
        await database.ExecuteAsync("DELETE FROM signals WHERE id = $id", delete => Bind(delete, "$id", id), ct) == 1;

    public async Task<bool> ClaimTriggerAsync(SignalSnapshot snapshot, IReadOnlyList<Delivery> firings, SignalState next, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(firings);
        ArgumentNullException.ThrowIfNull(next);
        await using var connection = await database.OpenAsync(ct);

        // BeginTransaction is BEGIN IMMEDIATE: the write lock is taken first, so concurrent claimers queue on the busy
        // timeout and each sees the version the previous winner left; only one can match it.
        await using var transaction = connection.BeginTransaction();
        await using (var claim = connection.CreateCommand())
        {
            claim.CommandText = ClaimSql;
            BindTransition(claim, snapshot, next);
            Bind(claim, "$fired_at", StoredText.FromTime(firings.Min(f => f.FiredAt)));
            if (await claim.ExecuteNonQueryAsync(ct) != 1)
                return false;
        }

        await using (var insert = connection.CreateCommand())
        {
            insert.CommandText = SqliteDeliveries.InsertSql;
            foreach (var firing in firings)
            {
                BindDelivery(insert, firing);
                await insert.ExecuteNonQueryAsync(ct);
            }
        }

        await transaction.CommitAsync(ct);
        return true;
    }

    private static async Task InsertAsync(SqliteCommand insert, Signal signal, CancellationToken ct)
    {
        BindSignal(insert, signal);
        try
        {
            await insert.ExecuteNonQueryAsync(ct);
        }
        catch (SqliteException e) when (e.SqliteExtendedErrorCode == SqliteDatabase.PrimaryKeyViolation)
        {
            throw new DuplicateSignalException(signal.Id);
        }
    }

    /// <summary>Binds a move of the alert the snapshot saw, at the version it saw, to the state <paramref name="next"/>.</summary>
    private static void BindTransition(SqliteCommand command, SignalSnapshot snapshot, SignalState next)
    {
        Bind(command, "$id", snapshot.Id);
        Bind(command, "$version", snapshot.Version);
        Bind(command, "$status", next.Status.ToWire());
        Bind(command, "$side", next.Side?.ToWire());
        Bind(command, "$armed_at", TimeOrNull(next.ArmedAt));
    }
}
