using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using TradingAlerts.Core.Notifications;
using TradingAlerts.Core.Pipeline;
using TradingAlerts.Core.Signals;

namespace TradingAlerts.Storage;

/// <summary>
/// The embedded store: one SQLite file, shared safely by the CLI, the web UI and the local monitor, even from several
/// processes. Every operation takes its own pooled connection; conditional writes carry the concurrency guarantees.
/// </summary>
public sealed class SqliteSignalStore : IStore
{
    /// <summary>The schema this code writes, kept in <c>PRAGMA user_version</c>.</summary>
    public const int SchemaVersion = SqliteSchema.Version;

    private const string SignalColumns = SqliteSchema.SignalColumns;

    private const string FiringColumns = SqliteSchema.FiringColumns;

    private const string InsertSignalSql = $"""
        INSERT INTO signals ({SignalColumns})
        VALUES ($id, $name, $exchange, $symbol, $condition, $target_price, $status, $active, $created_at, $triggered_at,
                $triggered_count, $user_id, $notes, $expires_at, $source, $version, $base_asset, $quote_asset, $sheet_key, $rule, $side, $armed_at)
        """;

    private const string UpdateSignalSql = """
        UPDATE signals
        SET name = $name, exchange = $exchange, symbol = $symbol, condition = $condition, target_price = $target_price,
            status = $status, active = $active, created_at = $created_at, triggered_at = $triggered_at,
            triggered_count = $triggered_count, user_id = $user_id, notes = $notes, expires_at = $expires_at,
            source = $source, base_asset = $base_asset, quote_asset = $quote_asset, sheet_key = $sheet_key, rule = $rule,
            side = $side, armed_at = $armed_at,
            version = version + 1
        WHERE id = $id AND version = $version
        """;

    private const string ClaimSql = """
        UPDATE signals
        SET status = $status, side = $side, armed_at = $armed_at, triggered_at = $fired_at, triggered_count = triggered_count + 1, version = version + 1
        WHERE id = $id AND version = $version AND status = 'pending' AND active = 1
        """;

    private const string InsertFiringSql = $"""
        INSERT INTO firings ({FiringColumns})
        VALUES ($trigger_id, $signal_id, $cycle_id, $fired_at, $price, $price_exchange, $recipient, $title, $message,
                'pending', $attempts, $next_attempt_at, $last_response, $sent_at, $channel, $urgent, $receipt, $held, $facts, $maybe_sent)
        """;

    private const string MoveSql = """
        UPDATE signals SET status = $status, side = $side, armed_at = $armed_at, version = version + 1
        WHERE id = $id AND version = $version AND active = 1
        """;

    private const string LeaseSql = """
        UPDATE firings SET next_attempt_at = $lease_until
        WHERE trigger_id = $trigger_id AND delivery_status = 'pending' AND (next_attempt_at IS NULL OR next_attempt_at <= $now)
        """;

    private const string RenewLeaseSql = """
        UPDATE firings SET next_attempt_at = $until
        WHERE trigger_id = $trigger_id AND delivery_status = 'pending' AND next_attempt_at = $held
        """;

    private const string RecordDeliverySql = """
        UPDATE firings
        SET delivery_status = $delivery_status, attempts = $attempts, last_response = $last_response,
            next_attempt_at = $next_attempt_at, sent_at = $sent_at, receipt = coalesce($receipt, receipt), held = $held,
            maybe_sent = $maybe_sent
        WHERE trigger_id = $trigger_id AND delivery_status = 'pending' AND next_attempt_at = $held_until
        """;

    internal const string ListArmedSql = $"SELECT {SignalColumns} FROM signals WHERE active = 1 AND status IN ('pending', 'waiting')";

    internal const string ListDueSql = $"""
        SELECT {FiringColumns} FROM firings
        WHERE delivery_status = 'pending' AND (next_attempt_at IS NULL OR next_attempt_at <= $now)
        ORDER BY fired_at, trigger_id
        """;

    private readonly SqliteDatabase database;

    public SqliteSignalStore(string databasePath)
    {
        database = new SqliteDatabase(databasePath);
    }

    public string DatabasePath => database.FilePath;

    public Task InitializeAsync(CancellationToken ct) => database.InitializeAsync(ct);

    public async Task RecordAsync(CycleRecord record, int keep, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(record);
        await using var connection = await database.OpenAsync(ct);
        await using var transaction = connection.BeginTransaction();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT OR REPLACE INTO cycles (cycle_id, finished_at, record) VALUES ($cycle_id, $finished_at, $record);
            DELETE FROM cycles WHERE cycle_id NOT IN (SELECT cycle_id FROM cycles ORDER BY finished_at DESC LIMIT $keep);
            """;
        Bind(command, "$cycle_id", record.Report.CycleId);
        Bind(command, "$finished_at", SqliteText.FromTime(record.FinishedAt));
        Bind(command, "$record", record.ToJson());
        Bind(command, "$keep", keep);
        await command.ExecuteNonQueryAsync(ct);
        await transaction.CommitAsync(ct);
    }

    public async Task<IReadOnlyList<CycleRecord>> RecentAsync(int count, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT record FROM cycles ORDER BY finished_at DESC LIMIT $count";
        Bind(command, "$count", count);
        var records = new List<CycleRecord>();
        await using var row = await command.ExecuteReaderAsync(ct);
        while (await row.ReadAsync(ct))
            records.Add(CycleRecord.FromJson(row.GetString(0)));
        return records;
    }

    public async Task AddAsync(Signal signal, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(signal);
        await using var connection = await database.OpenAsync(ct);
        await using var insert = connection.CreateCommand();
        insert.CommandText = InsertSignalSql;
        await InsertSignalAsync(insert, signal, ct);
    }

    /// <summary>Adds many alerts in one transaction (all or none), for imports and benchmarks; not part of the port.</summary>
    public async Task AddManyAsync(IEnumerable<Signal> signals, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(signals);
        await using var connection = await database.OpenAsync(ct);
        await using var transaction = connection.BeginTransaction();
        await using var insert = connection.CreateCommand();
        insert.CommandText = InsertSignalSql;
        await insert.PrepareAsync(ct);
        foreach (var signal in signals)
            await InsertSignalAsync(insert, signal, ct);

        await transaction.CommitAsync(ct);
    }

    public async Task<Signal?> GetAsync(string id, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var select = connection.CreateCommand();
        select.CommandText = $"SELECT {SignalColumns} FROM signals WHERE id = $id";
        Bind(select, "$id", id);
        await using var reader = await select.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? ReadSignal(reader) : null;
    }

    public IAsyncEnumerable<Signal> ListAsync(CancellationToken ct) => QuerySignalsAsync($"SELECT {SignalColumns} FROM signals", ct);

    public IAsyncEnumerable<Signal> ListArmedAsync(CancellationToken ct) => QuerySignalsAsync(ListArmedSql, ct);

    public async Task<bool> UpdateAsync(Signal signal, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(signal);
        await using var connection = await database.OpenAsync(ct);
        await using var update = connection.CreateCommand();
        update.CommandText = UpdateSignalSql;
        BindSignal(update, signal);
        return await update.ExecuteNonQueryAsync(ct) == 1;
    }

    public async Task<bool> MoveAsync(SignalSnapshot snapshot, SignalState next, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(next);
        await using var connection = await database.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = MoveSql;
        Bind(command, "$id", snapshot.Id);
        Bind(command, "$version", snapshot.Version);
        BindState(command, next);
        return await command.ExecuteNonQueryAsync(ct) == 1;
    }

    public async Task<bool> RemoveAsync(string id, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var delete = connection.CreateCommand();
        delete.CommandText = "DELETE FROM signals WHERE id = $id";
        Bind(delete, "$id", id);
        return await delete.ExecuteNonQueryAsync(ct) == 1;
    }

    public async Task<bool> ClaimTriggerAsync(SignalSnapshot snapshot, IReadOnlyList<Firing> firings, SignalState next, CancellationToken ct)
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
            Bind(claim, "$id", snapshot.Id);
            Bind(claim, "$version", snapshot.Version);
            Bind(claim, "$fired_at", SqliteText.FromTime(firings.Min(f => f.FiredAt)));
            BindState(claim, next);
            if (await claim.ExecuteNonQueryAsync(ct) != 1)
                return false;
        }

        await using (var insert = connection.CreateCommand())
        {
            insert.CommandText = InsertFiringSql;
            foreach (var firing in firings)
            {
                BindFiring(insert, firing);
                await insert.ExecuteNonQueryAsync(ct);
            }
        }

        await transaction.CommitAsync(ct);
        return true;
    }

    public async Task<bool> AddDeliveryAsync(Firing delivery, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        await using var connection = await database.OpenAsync(ct);
        await using var insert = connection.CreateCommand();
        insert.CommandText = InsertFiringSql;
        BindFiring(insert, delivery);
        try
        {
            await insert.ExecuteNonQueryAsync(ct);
            return true;
        }
        catch (SqliteException e) when (e.SqliteExtendedErrorCode == SqliteDatabase.PrimaryKeyViolation)
        {
            return false;
        }
    }

    public async Task<IReadOnlyList<ExchangeCoverage>> ListCoverageAsync(CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var select = connection.CreateCommand();
        select.CommandText = "SELECT exchange, through, gap_since, gap_cycle FROM coverage";
        var coverage = new List<ExchangeCoverage>();
        await using var row = await select.ExecuteReaderAsync(ct);
        while (await row.ReadAsync(ct))
            coverage.Add(new ExchangeCoverage(SqliteText.ToExchange(row.GetString(0)), TimeOrNull(row, 1), TimeOrNull(row, 2), TimeOrNull(row, 3)));
        return coverage;
    }

    public async Task UpdateCoverageAsync(ExchangeId exchange, Func<ExchangeCoverage, ExchangeCoverage> change, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(change);
        await using var connection = await database.OpenAsync(ct);

        // BeginTransaction is BEGIN IMMEDIATE: the read and the write are one step for every other writer.
        await using var transaction = connection.BeginTransaction();
        await using var select = connection.CreateCommand();
        select.CommandText = "SELECT through, gap_since, gap_cycle FROM coverage WHERE exchange = $exchange";
        Bind(select, "$exchange", exchange.ToWire());
        var current = ExchangeCoverage.None(exchange);
        await using (var row = await select.ExecuteReaderAsync(ct))
        {
            if (await row.ReadAsync(ct))
                current = new ExchangeCoverage(exchange, TimeOrNull(row, 0), TimeOrNull(row, 1), TimeOrNull(row, 2));
        }

        var next = change(current);
        await using var put = connection.CreateCommand();
        put.CommandText = "INSERT OR REPLACE INTO coverage (exchange, through, gap_since, gap_cycle) VALUES ($exchange, $through, $gap_since, $gap_cycle)";
        Bind(put, "$exchange", exchange.ToWire());
        Bind(put, "$through", TimeOrNull(next.Through));
        Bind(put, "$gap_since", TimeOrNull(next.GapSince));
        Bind(put, "$gap_cycle", TimeOrNull(next.GapCycle));
        await put.ExecuteNonQueryAsync(ct);
        await transaction.CommitAsync(ct);
    }

    public async Task PutRecipientAsync(Recipient recipient, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        await using var connection = await database.OpenAsync(ct);
        await using var put = connection.CreateCommand();
        put.CommandText = "INSERT OR REPLACE INTO recipients (id, settings) VALUES ($id, $settings)";
        Bind(put, "$id", recipient.Id);
        Bind(put, "$settings", recipient.ToJson());
        await put.ExecuteNonQueryAsync(ct);
    }

    public async Task<Recipient?> GetRecipientAsync(string id, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var select = connection.CreateCommand();
        select.CommandText = "SELECT settings FROM recipients WHERE id = $id";
        Bind(select, "$id", id);
        return await select.ExecuteScalarAsync(ct) is string json ? Recipient.FromJson(json) : null;
    }

    public async Task<IReadOnlyList<Recipient>> ListRecipientsAsync(CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var select = connection.CreateCommand();
        select.CommandText = "SELECT settings FROM recipients ORDER BY id";
        var recipients = new List<Recipient>();
        await using var row = await select.ExecuteReaderAsync(ct);
        while (await row.ReadAsync(ct))
            recipients.Add(Recipient.FromJson(row.GetString(0)));
        return recipients;
    }

    public async Task<bool> RemoveRecipientAsync(string id, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var delete = connection.CreateCommand();
        delete.CommandText = "DELETE FROM recipients WHERE id = $id";
        Bind(delete, "$id", id);
        return await delete.ExecuteNonQueryAsync(ct) == 1;
    }

    private static void BindFiring(SqliteCommand insert, Firing firing)
    {
        Bind(insert, "$trigger_id", firing.TriggerId);
        Bind(insert, "$signal_id", firing.SignalId);
        Bind(insert, "$cycle_id", firing.CycleId);
        Bind(insert, "$fired_at", SqliteText.FromTime(firing.FiredAt));
        Bind(insert, "$price", SqliteText.FromPrice(firing.Price));
        Bind(insert, "$price_exchange", firing.PriceExchange.ToWire());
        Bind(insert, "$recipient", firing.Recipient);
        Bind(insert, "$title", firing.Title);
        Bind(insert, "$message", firing.Message);
        Bind(insert, "$attempts", firing.Attempts);
        Bind(insert, "$next_attempt_at", TimeOrNull(firing.NextAttemptAt));
        Bind(insert, "$last_response", firing.LastResponse);
        Bind(insert, "$sent_at", TimeOrNull(firing.SentAt));
        Bind(insert, "$channel", firing.Channel.ToWire());
        Bind(insert, "$urgent", firing.Urgent);
        Bind(insert, "$receipt", firing.Receipt);
        Bind(insert, "$held", firing.Held);
        Bind(insert, "$facts", FiringFactsJson.Write(firing.Facts));
        Bind(insert, "$maybe_sent", firing.MaybeSent);
    }

    public async Task<Firing?> GetFiringAsync(string triggerId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var select = connection.CreateCommand();
        select.CommandText = $"SELECT {FiringColumns} FROM firings WHERE trigger_id = $trigger_id";
        Bind(select, "$trigger_id", triggerId);
        await using var reader = await select.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? ReadFiring(reader) : null;
    }

    public async Task<IReadOnlyList<Firing>> ListFiringsAsync(string signalId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var select = connection.CreateCommand();
        select.CommandText = $"SELECT {FiringColumns} FROM firings WHERE signal_id = $signal_id ORDER BY fired_at DESC, trigger_id DESC";
        Bind(select, "$signal_id", signalId);
        await using var reader = await select.ExecuteReaderAsync(ct);
        var firings = new List<Firing>();
        while (await reader.ReadAsync(ct))
            firings.Add(ReadFiring(reader));

        return firings;
    }

    public async IAsyncEnumerable<Firing> ListDueDeliveriesAsync(DateTimeOffset now, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var select = connection.CreateCommand();
        select.CommandText = ListDueSql;
        Bind(select, "$now", SqliteText.FromTime(now));
        await using var reader = await select.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            yield return ReadFiring(reader);
    }

    public async Task<bool> TryLeaseDeliveryAsync(string triggerId, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var lease = connection.CreateCommand();
        lease.CommandText = LeaseSql;
        Bind(lease, "$trigger_id", triggerId);
        Bind(lease, "$now", SqliteText.FromTime(now));
        Bind(lease, "$lease_until", SqliteText.FromTime(leaseUntil));
        return await lease.ExecuteNonQueryAsync(ct) == 1;
    }

    public async Task<bool> RenewLeaseAsync(string triggerId, DateTimeOffset heldUntil, DateTimeOffset until, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var renew = connection.CreateCommand();
        renew.CommandText = RenewLeaseSql;
        Bind(renew, "$trigger_id", triggerId);
        Bind(renew, "$held", SqliteText.FromTime(heldUntil));
        Bind(renew, "$until", SqliteText.FromTime(until));
        return await renew.ExecuteNonQueryAsync(ct) == 1;
    }

    public async Task<bool> RecordDeliveryAsync(string triggerId, DateTimeOffset heldUntil, DeliveryAttempt attempt, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        await using var connection = await database.OpenAsync(ct);
        await using var record = connection.CreateCommand();
        record.CommandText = RecordDeliverySql;
        Bind(record, "$trigger_id", triggerId);
        Bind(record, "$held_until", SqliteText.FromTime(heldUntil));
        Bind(record, "$delivery_status", attempt.Status.ToWire());
        Bind(record, "$attempts", attempt.Attempts);
        Bind(record, "$last_response", attempt.Response);
        Bind(record, "$next_attempt_at", TimeOrNull(attempt.NextAttemptAt));
        Bind(record, "$sent_at", TimeOrNull(attempt.SentAt));
        Bind(record, "$receipt", attempt.Receipt);
        Bind(record, "$held", attempt.Held);
        Bind(record, "$maybe_sent", attempt.MaybeSent);
        return await record.ExecuteNonQueryAsync(ct) == 1;
    }

    private async IAsyncEnumerable<Signal> QuerySignalsAsync(string sql, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var select = connection.CreateCommand();
        select.CommandText = sql;
        await using var reader = await select.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            yield return ReadSignal(reader);
    }

    private static async Task InsertSignalAsync(SqliteCommand insert, Signal signal, CancellationToken ct)
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

    private static void BindSignal(SqliteCommand command, Signal signal)
    {
        Bind(command, "$id", signal.Id);
        Bind(command, "$name", signal.Name);
        Bind(command, "$exchange", signal.Exchange.ToWire());
        Bind(command, "$symbol", signal.Symbol);
        Bind(command, "$condition", signal.Condition.ToWire());
        Bind(command, "$target_price", signal.TargetPrice is { } target ? SqliteText.FromPrice(target) : null);
        Bind(command, "$status", signal.Status.ToWire());
        Bind(command, "$active", signal.Active);
        Bind(command, "$created_at", SqliteText.FromTime(signal.CreatedAt));
        Bind(command, "$triggered_at", TimeOrNull(signal.TriggeredAt));
        Bind(command, "$triggered_count", signal.TriggeredCount);
        Bind(command, "$user_id", signal.UserId);
        Bind(command, "$notes", signal.Notes);
        Bind(command, "$expires_at", TimeOrNull(signal.ExpiresAt));
        Bind(command, "$source", signal.Source.ToWire());
        Bind(command, "$version", signal.Version);
        Bind(command, "$base_asset", signal.Base);
        Bind(command, "$quote_asset", signal.Quote);
        Bind(command, "$sheet_key", signal.SheetKey);
        Bind(command, "$rule", signal.Rule == AlertRule.Default ? null : signal.Rule.ToJson());
        Bind(command, "$side", signal.Side?.ToWire());
        Bind(command, "$armed_at", TimeOrNull(signal.ArmedAt));
    }

    private static void BindState(SqliteCommand command, SignalState state)
    {
        Bind(command, "$status", state.Status.ToWire());
        Bind(command, "$side", state.Side?.ToWire());
        Bind(command, "$armed_at", TimeOrNull(state.ArmedAt));
    }

    /// <summary>Sets a parameter, adding it on first use, so a reused command keeps its prepared statement.</summary>
    private static void Bind(SqliteCommand command, string name, object? value)
    {
        var parameters = command.Parameters;
        var parameter = parameters.Contains(name) ? parameters[name] : parameters.Add(new SqliteParameter { ParameterName = name });
        parameter.Value = value ?? DBNull.Value;
    }

    private static string? TimeOrNull(DateTimeOffset? time) => time is { } value ? SqliteText.FromTime(value) : null;

    private static DateTimeOffset? TimeOrNull(SqliteDataReader row, int ordinal) =>
        row.IsDBNull(ordinal) ? null : SqliteText.ToTime(row.GetString(ordinal));

    private static string? TextOrNull(SqliteDataReader row, int ordinal) => row.IsDBNull(ordinal) ? null : row.GetString(ordinal);

    private static Signal ReadSignal(SqliteDataReader row) => new()
    {
        Id = row.GetString(0),
        Name = row.GetString(1),
        Exchange = SqliteText.ToExchange(row.GetString(2)),
        Symbol = row.GetString(3),
        Condition = SqliteText.ToCondition(row.GetString(4)),
        TargetPrice = row.IsDBNull(5) ? null : SqliteText.ToPrice(row.GetString(5)),
        Status = SqliteText.ToStatus(row.GetString(6)),
        Active = row.GetBoolean(7),
        CreatedAt = SqliteText.ToTime(row.GetString(8)),
        TriggeredAt = TimeOrNull(row, 9),
        TriggeredCount = row.GetInt32(10),
        UserId = TextOrNull(row, 11),
        Notes = TextOrNull(row, 12),
        ExpiresAt = TimeOrNull(row, 13),
        Source = SqliteText.ToSource(row.GetString(14)),
        Version = row.GetInt64(15),
        Base = row.GetString(16),
        Quote = row.GetString(17),
        SheetKey = TextOrNull(row, 18),
        Rule = AlertRule.FromJson(TextOrNull(row, 19)),
        Side = row.IsDBNull(20) ? null : SqliteText.ToSide(row.GetString(20)),
        ArmedAt = TimeOrNull(row, 21),
    };

    private static Firing ReadFiring(SqliteDataReader row) => new()
    {
        TriggerId = row.GetString(0),
        SignalId = row.GetString(1),
        CycleId = row.GetString(2),
        FiredAt = SqliteText.ToTime(row.GetString(3)),
        Price = SqliteText.ToPrice(row.GetString(4)),
        PriceExchange = SqliteText.ToExchange(row.GetString(5)),
        Recipient = TextOrNull(row, 6),
        Title = row.GetString(7),
        Message = row.GetString(8),
        DeliveryStatus = SqliteText.ToDeliveryStatus(row.GetString(9)),
        Attempts = row.GetInt32(10),
        NextAttemptAt = TimeOrNull(row, 11),
        LastResponse = TextOrNull(row, 12),
        SentAt = TimeOrNull(row, 13),
        Channel = SqliteText.ToChannel(row.GetString(14)),
        Urgent = row.GetBoolean(15),
        Receipt = TextOrNull(row, 16),
        Held = row.GetBoolean(17),
        Facts = FiringFactsJson.Read(TextOrNull(row, 18)),
        MaybeSent = row.GetBoolean(19),
    };
}
