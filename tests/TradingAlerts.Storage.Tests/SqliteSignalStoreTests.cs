using Microsoft.Data.Sqlite;
using TradingAlerts.Core.Accounts;
using TradingAlerts.Core.Notifications;
using TradingAlerts.Core.Pipeline;
using TradingAlerts.Core.Prices;
using TradingAlerts.Core.Signals;
using TradingAlerts.Testing;

namespace TradingAlerts.Storage.Tests;

/// <summary>The store contract on real SQLite files, plus what only the SQLite store has: schema versions, the file, bulk adds.</summary>
public sealed class SqliteSignalStoreTests : SignalStoreContract, IDisposable
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    private readonly string folder = Path.Combine(Path.GetTempPath(), "tradingalerts-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        // Pooled connections keep the file open; the folder cannot be deleted on every platform until they are closed.
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(folder))
            Directory.Delete(folder, recursive: true);
    }

    protected override async Task<IStore> CreateStoreAsync() => await CreateSqliteStoreAsync();

    protected override Task<ISignalStore> OpenSameStoreAsync(ISignalStore store) =>
        Task.FromResult<ISignalStore>(new SqliteSignalStore(((SqliteSignalStore)store).DatabasePath));

    [Fact]
    public async Task Constructor_MissingParentFolders_CreatesThem()
    {
        var path = Path.Combine(folder, "a", "b", "alerts.db");

        var store = new SqliteSignalStore(path);
        await store.InitializeAsync(Ct);

        store.DatabasePath.Should().Be(path);
        File.Exists(path).Should().BeTrue();
    }

    [Fact]
    public async Task InitializeAsync_FreshFile_SetsSchemaVersionAndWal()
    {
        var store = await CreateSqliteStoreAsync();

        (await QueryScalarAsync(store.DatabasePath, "PRAGMA user_version")).Should().Be(SqliteSignalStore.SchemaVersion);
        (await QueryScalarAsync(store.DatabasePath, "PRAGMA journal_mode")).Should().Be("wal");
    }

    [Fact]
    public async Task InitializeAsync_Twice_IsHarmlessAndDataSurvivesReopening()
    {
        var store = await CreateSqliteStoreAsync();
        var signal = SignalFactory.EveryFieldSet("eth-dip");
        await store.AddAsync(signal, Ct);
        await store.InitializeAsync(Ct);

        SqliteConnection.ClearAllPools();
        var reopened = new SqliteSignalStore(store.DatabasePath);
        await reopened.InitializeAsync(Ct);

        (await reopened.GetAsync("eth-dip", Ct)).Should().Be(signal);
        (await reopened.ListAsync(Ct).ToListAsync(Ct)).Should().ContainSingle();
    }

    [Fact]
    public async Task InitializeAsync_VersionOneFile_MigratesKeepingEveryAlertAndTakesTheNewFields()
    {
        var path = Path.Combine(folder, "v1.db");
        Directory.CreateDirectory(folder);
        // The schema and a row exactly as version 1 wrote them.
        await ExecuteAsync(path, """
            CREATE TABLE signals (
                id TEXT NOT NULL PRIMARY KEY, name TEXT NOT NULL, exchange TEXT NOT NULL, symbol TEXT NOT NULL,
                condition TEXT NOT NULL, target_price TEXT NOT NULL, status TEXT NOT NULL, active INTEGER NOT NULL,
                created_at TEXT NOT NULL, triggered_at TEXT, triggered_count INTEGER NOT NULL, user_id TEXT, notes TEXT,
                expires_at TEXT, source TEXT NOT NULL, version INTEGER NOT NULL, base_asset TEXT NOT NULL, quote_asset TEXT NOT NULL
            ) STRICT;
            CREATE INDEX signals_armed ON signals (active) WHERE active = 1 AND status = 'pending';
            CREATE TABLE firings (
                trigger_id TEXT NOT NULL PRIMARY KEY, signal_id TEXT NOT NULL, cycle_id TEXT NOT NULL, fired_at TEXT NOT NULL,
                price TEXT NOT NULL, price_exchange TEXT NOT NULL, recipient TEXT, title TEXT NOT NULL, message TEXT NOT NULL,
                delivery_status TEXT NOT NULL, attempts INTEGER NOT NULL, next_attempt_at TEXT, last_response TEXT, sent_at TEXT
            ) STRICT;
            INSERT INTO firings VALUES ('old:7@c1', 'old', 'c1', '2026-03-14T09:26:53.5897932Z', '100001', 'binance', NULL, 't', 'm',
                'sent', 1, NULL, 'ok', '2026-03-14T09:26:54.0000000Z');
            CREATE TABLE cycles (cycle_id TEXT NOT NULL PRIMARY KEY, finished_at TEXT NOT NULL, record TEXT NOT NULL) STRICT;
            INSERT INTO signals VALUES ('old', 'BTCUSDT above 100000.5', 'binance', 'BTCUSDT', 'above', '100000.5', 'pending', 1,
                '2026-03-14T09:26:53.5897932Z', NULL, 2, NULL, 'kept', NULL, 'cli', 7, 'BTC', 'USDT');
            PRAGMA user_version = 1;
            """);
        var store = new SqliteSignalStore(path);

        await store.InitializeAsync(Ct);

        (await QueryScalarAsync(path, "PRAGMA user_version")).Should().Be(SqliteSignalStore.SchemaVersion);
        var old = await store.GetAsync("old", Ct);
        (old!.TargetPrice, old.Notes, old.TriggeredCount, old.Version, old.Rule).Should().Be((100_000.5m, "kept", 2, 7L, SignalRule.Default));
        old.SheetKey.Should().BeNull();
        old.ArmedAt.Should().BeNull("a version 1 file did not keep it: the alert counts prices from its creation, as it did");
        (await store.ReachedAsync(ExchangeId.Binance, "BTCUSDT", BookWindow.Around(100_000.5m, 0m, SignalFactory.Now), Ct)).Select(s => s.Id)
            .Should().Equal(["old"], "the migration placed it in the trigger book at its target");
        (await store.UpdateAsync(old with { SheetKey = "id:old", Source = SignalSource.Sheets }, Ct)).Should().BeTrue();
        (await store.GetAsync("old", Ct))!.SheetKey.Should().Be("id:old");
        var band = SignalFactory.Armed("band") with { Condition = Condition.ChannelExit, TargetPrice = null, Rule = new SignalRule { Low = 1m, High = 2m } };
        await store.AddAsync(band, Ct);
        (await store.GetAsync("band", Ct)).Should().Be(band);
        (await store.ListArmedAsync(Ct).Select(s => s.Id).ToListAsync(Ct)).Should().BeEquivalentTo("old", "band");
        var firing = (await store.ListDeliveriesAsync("old", Ct)).Should().ContainSingle().Subject;
        (firing.Channel, firing.Urgent, firing.Held, firing.Receipt, firing.Facts, firing.MaybeSent).Should().Be((Channels.Pushover, false, false, (string?)null, (FiringFacts?)null, false));
        await store.PutRecipientAsync(new Recipient { Id = "default", TelegramChatId = "42" }, Ct);
        (await store.GetRecipientAsync("default", Ct))!.TelegramChatId.Should().Be("42");
        old.Owner.Should().BeNull("an alert from before teams belongs to no account until the first admin takes it");
        (await store.AddAccountAsync(new Account { Name = "ann", Role = AccountRole.Admin, PasswordHash = "hash", CreatedAt = SignalFactory.Now }, Ct)).Should().BeTrue();
        (await store.ListAccountsAsync(Ct)).Should().ContainSingle();
    }

    [Fact]
    public async Task InitializeAsync_FileFromNewerVersion_FailsNamingTheFile()
    {
        var path = Path.Combine(folder, "future.db");
        Directory.CreateDirectory(folder);
        await ExecuteAsync(path, $"PRAGMA user_version = {SqliteSignalStore.SchemaVersion + 1}");
        var store = new SqliteSignalStore(path);

        var initializing = () => store.InitializeAsync(Ct);

        (await initializing.Should().ThrowAsync<InvalidOperationException>())
            .WithMessage($"*{path}*newer TradingAlerts*");
    }

    [Fact]
    public async Task AddAsync_Prices_AreStoredAsExactInvariantText()
    {
        var store = await CreateSqliteStoreAsync();

        await store.AddAsync(SignalFactory.Armed("tiny") with { TargetPrice = 0.00000123m }, Ct);

        (await QueryScalarAsync(store.DatabasePath, "SELECT typeof(target_price) || ' ' || target_price FROM signals"))
            .Should().Be("text 0.00000123");
    }

    [Fact]
    public async Task AddAsync_Times_AreStoredAsFixedWidthUtcText()
    {
        var store = await CreateSqliteStoreAsync();
        var createdAt = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromHours(2));

        await store.AddAsync(SignalFactory.Armed("btc") with { CreatedAt = createdAt }, Ct);

        (await QueryScalarAsync(store.DatabasePath, "SELECT created_at FROM signals")).Should().Be("2026-01-02T01:04:05.0000000Z");
    }

    [Fact]
    public async Task AddManyAsync_Mix_ListArmedAsyncReturnsExactlyTheArmedOnes()
    {
        var store = await CreateSqliteStoreAsync();
        var signals = Enumerable.Range(0, 3_000).Select(i => (i % 4) switch
        {
            0 => SignalFactory.Armed($"s{i}", $"SYM{i % 37}USDT", (ExchangeId)(i % 3)),
            1 => SignalFactory.Armed($"s{i}") with { Active = false },
            2 => SignalFactory.Armed($"s{i}") with { Status = SignalStatus.Triggered, TriggeredAt = SignalFactory.Now },
            _ => SignalFactory.Armed($"s{i}") with { Status = SignalStatus.Expired },
        }).ToList();

        await store.AddManyAsync(signals, Ct);

        var armed = await store.ListArmedAsync(Ct).ToListAsync(Ct);
        armed.OrderBy(s => s.Id, StringComparer.Ordinal).Should().Equal(signals.Where(s => s.IsArmed).OrderBy(s => s.Id, StringComparer.Ordinal));
        (await store.ListAsync(Ct).CountAsync(Ct)).Should().Be(3_000);
    }

    [Fact]
    public async Task AddManyAsync_DuplicateInTheBatch_ThrowsAndAddsNone()
    {
        var store = await CreateSqliteStoreAsync();
        Signal[] signals = [SignalFactory.Armed("a"), SignalFactory.Armed("b"), SignalFactory.Armed("a")];

        var adding = () => store.AddManyAsync(signals, Ct);

        (await adding.Should().ThrowAsync<DuplicateSignalException>()).Which.Id.Should().Be("a");
        (await store.ListAsync(Ct).ToListAsync(Ct)).Should().BeEmpty();
    }

    [Fact]
    public async Task ListArmedAsync_QueryPlan_UsesTheArmedPartialIndex()
    {
        var store = await CreateSqliteStoreAsync();

        var plan = await QueryPlanAsync(store.DatabasePath, SqliteSignalStore.ListArmedSql);

        plan.Should().Contain("signals_armed");
    }

    [Fact]
    public async Task ListReachedAsync_QueryPlan_SearchesEachSideOfTheBookByItsIndex()
    {
        var store = await CreateSqliteStoreAsync();

        var plan = await QueryPlanAsync(store.DatabasePath, SqliteSignalStore.ListReachedSql
            .Replace("$exchange", "'binance'", StringComparison.Ordinal).Replace("$symbol", "'BTCUSDT'", StringComparison.Ordinal)
            .Replace("$rises_up_to", "1.0", StringComparison.Ordinal).Replace("$falls_down_to", "1.0", StringComparison.Ordinal)
            .Replace("$due_by", "'2026-01-01T00:00:00.0000000Z'", StringComparison.Ordinal));

        plan.Should().Contain("SEARCH signals USING INDEX signals_rises").And.Contain("USING INDEX signals_falls").And.Contain("USING INDEX signals_book_due");
    }

    [Fact]
    public async Task ListMarketsAsync_QueryPlan_SeeksTheMarketsIndexOncePerMarket()
    {
        var store = await CreateSqliteStoreAsync();

        var plan = await QueryPlanAsync(store.DatabasePath, SqliteSignalStore.NextMarketSql
            .Replace("$exchange", "''", StringComparison.Ordinal).Replace("$symbol", "''", StringComparison.Ordinal));

        plan.Should().Contain("SEARCH signals USING INDEX signals_markets (exchange=? AND symbol>?)", "the next symbol of the exchange is one seek")
            .And.Contain("SEARCH signals USING INDEX signals_markets (exchange>?)", "so is the first of the next exchange");
    }

    [Fact]
    public async Task ListDueDeliveriesAsync_QueryPlan_UsesTheDuePartialIndex()
    {
        var store = await CreateSqliteStoreAsync();

        var plan = await QueryPlanAsync(store.DatabasePath, SqliteSignalStore.ListDueSql.Replace("$now", "'2026-01-01T00:00:00.0000000Z'", StringComparison.Ordinal));

        plan.Should().Contain("firings_due");
    }

    [Fact]
    public async Task ClaimTriggerAsync_FiringInsertFails_RollsBackTheClaim()
    {
        // A trigger id already taken makes the insert fail after the update matched: the update must not stay.
        var store = await CreateSqliteStoreAsync();
        var first = SignalFactory.Armed("btc");
        await store.AddAsync(first, Ct);
        var firstSnapshot = SignalSnapshot.From(first);
        (await store.ClaimTriggerAsync(firstSnapshot, SignalFactory.FiringFor(firstSnapshot, SignalFactory.Now), new SignalState(SignalStatus.Triggered), Ct)).Should().BeTrue();
        var other = SignalFactory.Armed("eth", "ETHUSDT");
        await store.AddAsync(other, Ct);
        var otherSnapshot = SignalSnapshot.From(other);
        var clashing = SignalFactory.FiringFor(otherSnapshot, SignalFactory.Now) with { TriggerId = SignalFactory.FiringFor(firstSnapshot, SignalFactory.Now).TriggerId };

        var claiming = () => store.ClaimTriggerAsync(otherSnapshot, clashing, new SignalState(SignalStatus.Triggered), Ct);

        await claiming.Should().ThrowAsync<SqliteException>();
        (await store.GetAsync("eth", Ct)).Should().Be(other);
    }

    [Fact]
    public async Task CycleLog_RecordsNewestFirst_KeepsOnlyTheNewest_RoundTripsEveryField()
    {
        var store = await CreateSqliteStoreAsync();
        CycleRecord Record(int minute) => new(
            new CycleReport($"cycle-{minute}", SignalFactory.Now.AddMinutes(minute), 10, 1, 2, 1, 1, 0, [new CheckFailure("btc", ExchangeId.Binance, "BTCUSDT", "HTTP 503 after 3 attempts", NotCheckedBecause.NoPrice)], TimeSpan.FromMilliseconds(1234)),
            SignalFactory.Now.AddMinutes(minute).AddSeconds(2),
            new Dictionary<ExchangeId, long> { [ExchangeId.Binance] = 3, [ExchangeId.Bybit] = 1 },
            [new ExchangeStatus(ExchangeId.Binance, ExchangeState.Down, SignalFactory.Now, SignalFactory.Now.AddMinutes(minute), "HTTP 503 after 3 attempts", 3, SignalFactory.Now.AddMinutes(minute + 2))]);

        foreach (var minute in new[] { 1, 3, 2 })
            await store.RecordAsync(Record(minute), keep: 2, Ct);
        var recent = await store.RecentAsync(10, Ct);

        recent.Select(r => r.Report.CycleId).Should().Equal("cycle-3", "cycle-2");
        recent[0].Should().BeEquivalentTo(Record(3));
    }

    [Fact]
    public async Task BatchOutcomes_FinishedMoreThanADayBeforeTheOneRecorded_AreForgotten()
    {
        var store = await CreateSqliteStoreAsync();
        BatchOutcome Outcome(string cycleId, DateTimeOffset finishedAt) => new(cycleId, finishedAt, "binance:btc", 1, 1, true, finishedAt, new Dictionary<ExchangeId, long>(), []);

        await store.RecordOutcomeAsync(Outcome("old", SignalFactory.Now), Ct);
        await store.RecordOutcomeAsync(Outcome("kept", SignalFactory.Now.AddHours(1)), Ct);
        await store.RecordOutcomeAsync(Outcome("new", SignalFactory.Now + BatchOutcome.KeptFor + TimeSpan.FromSeconds(1)), Ct);

        (await store.ListOutcomesAsync(DateTimeOffset.MinValue, Ct)).Select(o => o.CycleId).Should().BeEquivalentTo("kept", "new");
    }

    [Fact]
    public async Task CycleLog_OpenIncidentsAndABrokenOffCycle_RoundTrip()
    {
        var store = await CreateSqliteStoreAsync();
        var incidents = new[]
        {
            new OperatorIncident(IncidentKind.ExchangeDown, ExchangeId.Coinbase, SignalFactory.Now),
            new OperatorIncident(IncidentKind.NoCompletedCycle, null, SignalFactory.Now.AddMinutes(1)),
        };
        var record = new CycleRecord(
            CycleReport.BrokenOff("cycle-1", SignalFactory.Now, TimeSpan.FromSeconds(2), new IOException("disk full")),
            SignalFactory.Now.AddSeconds(2),
            new Dictionary<ExchangeId, long>(),
            [])
        {
            OpenIncidents = incidents,
        };

        await store.RecordAsync(record, keep: 10, Ct);
        var read = (await store.RecentAsync(1, Ct)).Single();

        read.OpenIncidents.Should().Equal(incidents);
        read.Report.Error.Should().Be("IOException: disk full");
        read.Report.Completed.Should().BeFalse();
    }

    [Fact]
    public async Task CycleLog_RecordWrittenBeforeIncidentsExisted_ReadsWithNone()
    {
        var path = Path.Combine(folder, $"{Guid.NewGuid():N}.db");
        var store = new SqliteSignalStore(path);
        await store.InitializeAsync(Ct);
        await ExecuteAsync(path, """
            INSERT INTO cycles (cycle_id, finished_at, record) VALUES ('old', '2026-01-01T00:00:01.0000000Z',
            '{"report":{"cycle_id":"old","started_at":"2026-01-01T00:00:00+00:00","checked":1,"expired":0,"fired":0,"notified":0,"notification_failures":0,"retried_deliveries":0,"check_failures":[],"duration":"00:00:01","failed_batches":0},"finished_at":"2026-01-01T00:00:01+00:00","requests":{"binance":1},"health":[]}')
            """);

        var read = (await store.RecentAsync(1, Ct)).Single();

        read.Report.CycleId.Should().Be("old");
        read.OpenIncidents.Should().BeEmpty();
        read.Report.Completed.Should().BeTrue();
    }

    private async Task<SqliteSignalStore> CreateSqliteStoreAsync()
    {
        var store = new SqliteSignalStore(Path.Combine(folder, $"{Guid.NewGuid():N}.db"));
        await store.InitializeAsync(Ct);
        return store;
    }

    private static async Task<object?> QueryScalarAsync(string path, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={path}");
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var value = await command.ExecuteScalarAsync(Ct);
        return value is long number ? (int)number : value;
    }

    private static async Task ExecuteAsync(string path, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={path}");
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(Ct);
    }

    private static async Task<string> QueryPlanAsync(string path, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={path}");
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = $"EXPLAIN QUERY PLAN {sql}";
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var details = new List<string>();
        while (await reader.ReadAsync(Ct))
            details.Add(reader.GetString(3));

        return string.Join("\n", details);
    }
}
