using System.Runtime.CompilerServices;
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

    /// <summary>The alert's place in the trigger book (<see cref="TriggerBook"/>), written with every write of the alert.</summary>
    private const string BookColumns = "rises_to, falls_to, book_due, move_window, move_direction, move_percent";

    /// <summary>
    /// The armed alerts of one market that a window reaches, one indexed range per side of the book: the union reads no
    /// alert the window does not reach.
    /// </summary>
    internal const string ListReachedSql = $"""
        SELECT {SqliteSchema.SignalColumns} FROM signals WHERE exchange = $exchange AND symbol = $symbol AND rises_to <= $rises_up_to
        UNION
        SELECT {SqliteSchema.SignalColumns} FROM signals WHERE exchange = $exchange AND symbol = $symbol AND falls_to >= $falls_down_to
        UNION
        SELECT {SqliteSchema.SignalColumns} FROM signals WHERE exchange = $exchange AND symbol = $symbol AND book_due <= $due_by
        """;

    /// <summary>The pending percent moves of one market's group that its move reaches: one indexed range of signals_moves.</summary>
    internal const string ListMovesReachedSql = $"""
        SELECT {SqliteSchema.SignalColumns} FROM signals
        WHERE exchange = $exchange AND symbol = $symbol AND move_window = $move_window AND move_direction = $move_direction AND move_percent <= $up_to
        """;

    /// <summary>The groups of one market's pending percent moves: a walk of signals_moves within the market.</summary>
    internal const string ListMoveGroupsSql = """
        SELECT DISTINCT move_window, move_direction FROM signals
        WHERE exchange = $exchange AND symbol = $symbol AND move_percent IS NOT NULL
        """;

    /// <summary>
    /// The next market after ($exchange, $symbol) that has an armed alert: the next symbol of the same exchange, else the
    /// first of the next exchange, each one seek in signals_markets, so listing the markets costs the markets, not the
    /// alerts (SQLite has no loose index scan of its own). Not one row-value comparison, (exchange, symbol) > (…): SQLite
    /// seeks that one to the market itself and steps over its alerts one by one, which made a cycle over a million armed
    /// alerts spend 0.1 s here. The planner would rather read signals_armed whole and sort it: the index is named.
    /// </summary>
    internal const string NextMarketSql = """
        SELECT * FROM (
            SELECT exchange, symbol, base_asset, quote_asset FROM signals INDEXED BY signals_markets
            WHERE active = 1 AND status IN ('pending', 'waiting') AND exchange = $exchange AND symbol > $symbol
            ORDER BY symbol LIMIT 1)
        UNION ALL
        SELECT * FROM (
            SELECT exchange, symbol, base_asset, quote_asset FROM signals INDEXED BY signals_markets
            WHERE active = 1 AND status IN ('pending', 'waiting') AND exchange > $exchange
            ORDER BY exchange, symbol LIMIT 1)
        LIMIT 1
        """;

    private const string InsertSql = $"""
        INSERT INTO signals ({SqliteSchema.SignalColumns}, {BookColumns})
        VALUES ($id, $name, $exchange, $symbol, $condition, $target_price, $status, $active, $created_at, $triggered_at,
                $triggered_count, $user_id, $notes, $expires_at, $source, $version, $base_asset, $quote_asset, $sheet_key, $rule, $side, $armed_at, $owner,
                $rises_to, $falls_to, $book_due, $move_window, $move_direction, $move_percent)
        """;

    /// <summary>The assignments that write an alert's place (<see cref="SqliteRows.BindPlace"/>).</summary>
    private const string PlaceSet =
        "rises_to = $rises_to, falls_to = $falls_to, book_due = $book_due, move_window = $move_window, move_direction = $move_direction, move_percent = $move_percent";

    private const string UpdateSql = $"""
        UPDATE signals
        SET name = $name, exchange = $exchange, symbol = $symbol, condition = $condition, target_price = $target_price,
            status = $status, active = $active, created_at = $created_at, triggered_at = $triggered_at,
            triggered_count = $triggered_count, user_id = $user_id, notes = $notes, expires_at = $expires_at,
            source = $source, base_asset = $base_asset, quote_asset = $quote_asset, sheet_key = $sheet_key, rule = $rule,
            side = $side, armed_at = $armed_at, owner = $owner, {PlaceSet}, version = version + 1
        WHERE id = $id AND version = $version
        """;

    private const string ClaimSql = $"""
        UPDATE signals
        SET status = $status, side = $side, armed_at = $armed_at, triggered_at = $fired_at, triggered_count = triggered_count + 1, version = version + 1,
            {PlaceSet}
        WHERE id = $id AND version = $version AND status = 'pending' AND active = 1
        """;

    private const string MoveSql = $"""
        UPDATE signals SET status = $status, side = $side, armed_at = $armed_at, version = version + 1,
            {PlaceSet}
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

    public async IAsyncEnumerable<Market> ListMarketsAsync([EnumeratorCancellation] CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var next = connection.CreateCommand();
        next.CommandText = NextMarketSql;
        (string Exchange, string Symbol) after = (string.Empty, string.Empty);
        while (true)
        {
            Bind(next, "$exchange", after.Exchange);
            Bind(next, "$symbol", after.Symbol);
            Market market;
            await using (var row = await next.ExecuteReaderAsync(ct))
            {
                if (!await row.ReadAsync(ct))
                    yield break;
                market = new Market(row.Word<ExchangeId>("exchange"), row.Text("symbol"), row.Text("base_asset"), row.Text("quote_asset"));
                after = (row.Text("exchange"), market.Symbol);
            }

            yield return market;
        }
    }

    /// <summary>None: the migration to the trigger book's schema placed every alert, and every write since keeps its place.</summary>
    public IAsyncEnumerable<Signal> ListUnplacedAsync(CancellationToken ct) => AsyncEnumerable.Empty<Signal>();

    /// <summary>
    /// All the markets on one connection and prepared statements, rebound for each: compiling the three-sided union
    /// costs more than running it, so it is compiled once per batch, not once per market. A market's percent-move
    /// groups are read one range each; an alert both due and reached by its move is read once.
    /// </summary>
    public async IAsyncEnumerable<MarketReached> ListReachedAsync(IReadOnlyList<MarketWindow> windows, [EnumeratorCancellation] CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(windows);
        if (windows.Count == 0)
            yield break;

        await using var connection = await database.OpenAsync(ct);
        await using var select = connection.CreateCommand();
        select.CommandText = ListReachedSql;
        await using var moves = connection.CreateCommand();
        moves.CommandText = ListMovesReachedSql;
        foreach (var (market, window) in windows)
        {
            BindMarket(select, market);
            Bind(select, "$rises_up_to", (double)window.RisesUpTo);
            Bind(select, "$falls_down_to", (double)window.FallsDownTo);
            Bind(select, "$due_by", StoredText.FromTime(window.DueBy));
            var signals = new Dictionary<string, Signal>(StringComparer.Ordinal);
            await ReadIntoAsync(select, signals, ct);
            foreach (var (group, upTo) in window.MovesUpTo)
            {
                BindMarket(moves, market);
                BindGroup(moves, group);
                Bind(moves, "$up_to", (double)upTo);
                await ReadIntoAsync(moves, signals, ct);
            }

            yield return new MarketReached(market, [.. signals.Values]);
        }
    }

    public async Task<ILookup<Market, MoveGroup>> ListMoveGroupsAsync(IReadOnlyList<Market> markets, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(markets);
        var groups = new List<(Market Market, MoveGroup Group)>();
        if (markets.Count == 0)
            return groups.ToLookup(g => g.Market, g => g.Group);

        await using var connection = await database.OpenAsync(ct);
        await using var select = connection.CreateCommand();
        select.CommandText = ListMoveGroupsSql;
        foreach (var market in markets.Distinct())
        {
            BindMarket(select, market);
            await using var rows = await select.ExecuteReaderAsync(ct);
            while (await rows.ReadAsync(ct))
                groups.Add((market, new MoveGroup(TimeSpan.FromMilliseconds(rows.GetInt64(0)), WireNames.TryParseDirection(rows.Text("move_direction"), out var direction) ? direction : throw new InvalidDataException($"signals.move_direction holds '{rows.Text("move_direction")}', not a direction"))));
        }

        return groups.ToLookup(g => g.Market, g => g.Group);
    }

    private static void BindMarket(SqliteCommand command, Market market)
    {
        Bind(command, "$exchange", market.Exchange.ToWire());
        Bind(command, "$symbol", market.Symbol);
    }

    private static void BindGroup(SqliteCommand command, MoveGroup group)
    {
        Bind(command, "$move_window", group.Window.Ticks / TimeSpan.TicksPerMillisecond);
        Bind(command, "$move_direction", group.Direction.ToWire());
    }

    private static async Task ReadIntoAsync(SqliteCommand select, Dictionary<string, Signal> signals, CancellationToken ct)
    {
        await using var rows = await select.ExecuteReaderAsync(ct);
        while (await rows.ReadAsync(ct))
        {
            var signal = ReadSignal(rows);
            signals.TryAdd(signal.Id, signal);
        }
    }

    public async Task<bool> UpdateAsync(Signal signal, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(signal);
        return await database.ExecuteAsync(UpdateSql, update => BindSignal(update, signal), ct) == 1;
    }

    /// <summary>
    /// Places every armed alert of a database written before the trigger book (<see cref="SqliteSchema.BookVersion"/>), on
    /// the start-up transaction's connection: from then on every write keeps the places.
    /// </summary>
    internal static async Task PlaceAllAsync(SqliteConnection connection, CancellationToken ct)
    {
        var armed = new List<Signal>();
        await using (var select = connection.CreateCommand())
        {
            select.CommandText = ListArmedSql;
            await using var rows = await select.ExecuteReaderAsync(ct);
            while (await rows.ReadAsync(ct))
                armed.Add(ReadSignal(rows));
        }

        await using var place = connection.CreateCommand();
        place.CommandText = $"UPDATE signals SET {PlaceSet} WHERE id = $id";
        foreach (var signal in armed)
        {
            Bind(place, "$id", signal.Id);
            BindPlace(place, TriggerBook.PlaceOf(signal));
            await place.ExecuteNonQueryAsync(ct);
        }
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
            var firedAt = firings.Min(f => f.FiredAt);
            BindTransition(claim, snapshot, next, firedAt);
            Bind(claim, "$fired_at", StoredText.FromTime(firedAt));
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
    private static void BindTransition(SqliteCommand command, SignalSnapshot snapshot, SignalState next, DateTimeOffset? firedAt = null)
    {
        BindPlace(command, TriggerBook.PlaceAfter(snapshot, next, firedAt));
        Bind(command, "$id", snapshot.Id);
        Bind(command, "$version", snapshot.Version);
        Bind(command, "$status", next.Status.ToWire());
        Bind(command, "$side", next.Side?.ToWire());
        Bind(command, "$armed_at", TimeOrNull(next.ArmedAt));
    }
}
