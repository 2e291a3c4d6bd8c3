namespace TradingAlerts.Storage;

/// <summary>
/// The tables of the alert database, and the migrations that bring a file of an older schema version up to
/// <see cref="Version"/>. Times and prices are TEXT, in the forms <see cref="Core.Signals.StoredText"/> gives both
/// stores (it says why).
/// </summary>
internal static class SqliteSchema
{
    /// <summary>The schema this code writes, kept in <c>PRAGMA user_version</c>.</summary>
    public const int Version = 8;

    // signals_armed is keyed on active, which is 1 in every entry: its entries are then in rowid order, so listing the
    // armed alerts reads the table sequentially (about three times faster than an index in another order, which makes
    // every row a random lookup), while the Reader's cost still follows the armed alerts only.
    // The signals table as schema version 2 created it; later columns come from the migrations after it.
    private const string SignalsTableV2Sql = """
        CREATE TABLE IF NOT EXISTS signals (
            id TEXT NOT NULL PRIMARY KEY,
            name TEXT NOT NULL,
            exchange TEXT NOT NULL,
            symbol TEXT NOT NULL,
            condition TEXT NOT NULL,
            target_price TEXT,
            status TEXT NOT NULL,
            active INTEGER NOT NULL,
            created_at TEXT NOT NULL,
            triggered_at TEXT,
            triggered_count INTEGER NOT NULL,
            user_id TEXT,
            notes TEXT,
            expires_at TEXT,
            source TEXT NOT NULL,
            version INTEGER NOT NULL,
            base_asset TEXT NOT NULL,
            quote_asset TEXT NOT NULL,
            sheet_key TEXT,
            rule TEXT,
            side TEXT
        ) STRICT;
        """;

    private const string ArmedIndexSql =
        "CREATE INDEX IF NOT EXISTS signals_armed ON signals (active) WHERE active = 1 AND status IN ('pending', 'waiting');";

    /// <summary>Schema version 2, the first a new database is given; the migrations after it bring it to <see cref="Version"/>.</summary>
    public const string SchemaV2Sql = SignalsTableV2Sql + ArmedIndexSql + """

        CREATE TABLE IF NOT EXISTS firings (
            trigger_id TEXT NOT NULL PRIMARY KEY,
            signal_id TEXT NOT NULL,
            cycle_id TEXT NOT NULL,
            fired_at TEXT NOT NULL,
            price TEXT NOT NULL,
            price_exchange TEXT NOT NULL,
            recipient TEXT,
            title TEXT NOT NULL,
            message TEXT NOT NULL,
            delivery_status TEXT NOT NULL,
            attempts INTEGER NOT NULL,
            next_attempt_at TEXT,
            last_response TEXT,
            sent_at TEXT,
            channel TEXT NOT NULL DEFAULT 'pushover',
            urgent INTEGER NOT NULL DEFAULT 0,
            receipt TEXT,
            held INTEGER NOT NULL DEFAULT 0,
            facts TEXT
        ) STRICT;

        CREATE INDEX IF NOT EXISTS firings_by_signal ON firings (signal_id, fired_at);

        CREATE INDEX IF NOT EXISTS firings_due ON firings (next_attempt_at) WHERE delivery_status = 'pending';

        CREATE TABLE IF NOT EXISTS cycles (
            cycle_id TEXT NOT NULL PRIMARY KEY,
            finished_at TEXT NOT NULL,
            record TEXT NOT NULL
        ) STRICT;

        CREATE INDEX IF NOT EXISTS cycles_by_time ON cycles (finished_at);
        """ + RecipientsTableSql;

    private const string RecipientsTableSql = """

        CREATE TABLE IF NOT EXISTS recipients (
            id TEXT NOT NULL PRIMARY KEY,
            settings TEXT NOT NULL
        ) STRICT;
        """;

    /// <summary>The columns of the signals table in schema version 1, which the migration to version 2 copies.</summary>
    private const string SignalColumnsV1 =
        "id, name, exchange, symbol, condition, target_price, status, active, created_at, triggered_at, " +
        "triggered_count, user_id, notes, expires_at, source, version, base_asset, quote_asset";

    // The columns every query of alerts and of firings selects (rows are read by column name); an insert's VALUES
    // follow the same order.
    public const string SignalColumns = SignalColumnsV1 + ", sheet_key, rule, side, armed_at, owner";

    public const string FiringColumns =
        "trigger_id, signal_id, cycle_id, fired_at, price, price_exchange, recipient, title, message, " +
        "delivery_status, attempts, next_attempt_at, last_response, sent_at, channel, urgent, receipt, held, facts, maybe_sent";

    /// <summary>
    /// Version 2 adds sheet_key, rule and side and lets target_price be null (channel and percent-move alerts): SQLite
    /// cannot drop a NOT NULL, so the table is rebuilt, its rows copied. Firings get their channel, urgency, receipt,
    /// hold and facts; recipients get their table.
    /// </summary>
    private const string MigrateToV2Sql = $"""
        ALTER TABLE signals RENAME TO signals_v1;
        DROP INDEX IF EXISTS signals_armed;
        {SignalsTableV2Sql}
        INSERT INTO signals ({SignalColumnsV1}) SELECT {SignalColumnsV1} FROM signals_v1;
        DROP TABLE signals_v1;
        {ArmedIndexSql}
        ALTER TABLE firings ADD COLUMN channel TEXT NOT NULL DEFAULT 'pushover';
        ALTER TABLE firings ADD COLUMN urgent INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE firings ADD COLUMN receipt TEXT;
        ALTER TABLE firings ADD COLUMN held INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE firings ADD COLUMN facts TEXT;
        {RecipientsTableSql}
        """;

    /// <summary>
    /// Version 3 keeps since when each alert has been armed (null for the alerts armed before it was kept), whether a
    /// delivery's earlier attempt may have arrived, and each exchange's coverage.
    /// </summary>
    private const string MigrateToV3Sql = """
        ALTER TABLE signals ADD COLUMN armed_at TEXT;
        ALTER TABLE firings ADD COLUMN maybe_sent INTEGER NOT NULL DEFAULT 0;
        CREATE TABLE IF NOT EXISTS coverage (
            exchange TEXT NOT NULL PRIMARY KEY,
            through TEXT,
            gap_since TEXT,
            gap_cycle TEXT
        ) STRICT;
        """;

    /// <summary>
    /// Version 4 keeps what each day's cycles add up to (<see cref="Core.Pipeline.DayTally"/>: one row per day and
    /// count) and indexes the firings by time, for the dashboard's period; and the fan-out Workers' batch outcomes for
    /// the cycle watch: one row per batch of a cycle, the outcome as JSON, found by when it finished.
    /// </summary>
    private const string MigrateToV4Sql = """
        CREATE INDEX IF NOT EXISTS firings_by_time ON firings (fired_at);
        CREATE TABLE IF NOT EXISTS cycle_days (
            day TEXT NOT NULL,
            name TEXT NOT NULL,
            value INTEGER NOT NULL,
            PRIMARY KEY (day, name)
        ) STRICT;

        CREATE TABLE IF NOT EXISTS batch_outcomes (
            cycle_id TEXT NOT NULL,
            batch TEXT NOT NULL,
            done INTEGER NOT NULL,
            finished_at TEXT NOT NULL,
            record TEXT NOT NULL,
            PRIMARY KEY (cycle_id, batch)
        ) STRICT;

        CREATE INDEX IF NOT EXISTS batch_outcomes_by_time ON batch_outcomes (finished_at);
        """;

    /// <summary>
    /// Version 5 keeps the prices the checks saw (one row per exchange, symbol and check, forgotten after the history's
    /// retention) and the backtests' candles (one row per exchange, symbol and UTC day, the day's candles as text).
    /// </summary>
    private const string MigrateToV5Sql = """
        CREATE TABLE IF NOT EXISTS prices_seen (
            exchange TEXT NOT NULL,
            symbol TEXT NOT NULL,
            seen_at TEXT NOT NULL,
            seen TEXT NOT NULL,
            forget_at TEXT NOT NULL,
            PRIMARY KEY (exchange, symbol, seen_at)
        ) STRICT, WITHOUT ROWID;

        CREATE INDEX IF NOT EXISTS prices_seen_to_forget ON prices_seen (forget_at);

        CREATE TABLE IF NOT EXISTS candle_days (
            exchange TEXT NOT NULL,
            symbol TEXT NOT NULL,
            day TEXT NOT NULL,
            since TEXT NOT NULL,
            through TEXT NOT NULL,
            candles TEXT NOT NULL,
            forget_at TEXT NOT NULL,
            PRIMARY KEY (exchange, symbol, day)
        ) STRICT;
        """;

    /// <summary>
    /// Version 6 is for teams: each alert's owner (null for the alerts from before, which the first admin takes), the
    /// accounts (one JSON document a row, as recipients) and the credentials handed to them, by their hash, with the
    /// account's to revoke them with it.
    /// </summary>
    private const string MigrateToV6Sql = """
        ALTER TABLE signals ADD COLUMN owner TEXT;

        CREATE TABLE IF NOT EXISTS accounts (
            name TEXT NOT NULL PRIMARY KEY,
            settings TEXT NOT NULL
        ) STRICT;

        CREATE TABLE IF NOT EXISTS credentials (
            hash TEXT NOT NULL PRIMARY KEY,
            account TEXT NOT NULL,
            kind TEXT NOT NULL,
            created_at TEXT NOT NULL,
            expires_at TEXT
        ) STRICT;

        CREATE INDEX IF NOT EXISTS credentials_by_account ON credentials (account);
        """;

    /// <summary>
    /// Version 7 is the trigger book (<see cref="Core.Signals.TriggerBook"/>): beside each armed alert, the price it waits
    /// to rise to, the price it waits to fall to (REAL, for the order only: a double's rounding keeps the order of the
    /// decimals, and the check decides on the exact prices) and when it is due whatever the price, each indexed per
    /// market, so a cycle reads only the alerts the price reached. A market's armed alerts are indexed too, for the list
    /// of markets a cycle prices. The places of the alerts already stored are filled in by
    /// <see cref="SqliteSignals.PlaceAllAsync"/> in the same start-up transaction.
    /// </summary>
    private const string MigrateToV7Sql = """
        ALTER TABLE signals ADD COLUMN rises_to REAL;
        ALTER TABLE signals ADD COLUMN falls_to REAL;
        ALTER TABLE signals ADD COLUMN book_due TEXT;

        CREATE INDEX IF NOT EXISTS signals_rises ON signals (exchange, symbol, rises_to) WHERE rises_to IS NOT NULL;
        CREATE INDEX IF NOT EXISTS signals_falls ON signals (exchange, symbol, falls_to) WHERE falls_to IS NOT NULL;
        CREATE INDEX IF NOT EXISTS signals_book_due ON signals (exchange, symbol, book_due) WHERE book_due IS NOT NULL;
        CREATE INDEX IF NOT EXISTS signals_markets ON signals (exchange, symbol) WHERE active = 1 AND status IN ('pending', 'waiting');
        """;

    /// <summary>
    /// Version 8 places the pending percent moves by their move (<see cref="Core.Signals.MovePlace"/>): the window (in
    /// milliseconds) and direction of their group, and their percent (REAL, for the order only), indexed per market and
    /// group, so a check reads only those its market's move reaches, not every one. They are placed again by
    /// <see cref="SqliteSignals.PlaceAllAsync"/>.
    /// </summary>
    private const string MigrateToV8Sql = """
        ALTER TABLE signals ADD COLUMN move_window INTEGER;
        ALTER TABLE signals ADD COLUMN move_direction TEXT;
        ALTER TABLE signals ADD COLUMN move_percent REAL;

        CREATE INDEX IF NOT EXISTS signals_moves ON signals (exchange, symbol, move_window, move_direction, move_percent) WHERE move_percent IS NOT NULL;
        """;

    /// <summary>The schema version of the trigger book as this code keeps it: a database older than it has its alerts placed at start-up.</summary>
    public const int BookVersion = 8;

    /// <summary>
    /// What turns a database of schema version N into N + 1 (entry N - 1), run in order inside the start-up transaction:
    /// a database written by an older TradingAlerts keeps working. A new database is created at version 2
    /// (<see cref="SchemaV2Sql"/>) and brought up the same way, so new and migrated files are alike.
    /// </summary>
    public static readonly string[] Migrations = [MigrateToV2Sql, MigrateToV3Sql, MigrateToV4Sql, MigrateToV5Sql, MigrateToV6Sql, MigrateToV7Sql, MigrateToV8Sql];
}
