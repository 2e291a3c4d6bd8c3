using static TradingAlerts.Storage.SqliteRows;

namespace TradingAlerts.Storage;

/// <summary>
/// The firings and their deliveries, in the firings table: each write of a delivery is conditional on its lease, so no
/// two workers send it and a late outcome never undoes a newer one.
/// </summary>
internal sealed class SqliteDeliveries(SqliteDatabase database) : IDeliveryStore
{
    /// <summary>Inserts a firing with its delivery pending: for a delivery of its own, and for the alerts' trigger claim.</summary>
    internal const string InsertSql = $"""
        INSERT INTO firings ({SqliteSchema.FiringColumns})
        VALUES ($trigger_id, $signal_id, $cycle_id, $fired_at, $price, $price_exchange, $recipient, $title, $message,
                'pending', $attempts, $next_attempt_at, $last_response, $sent_at, $channel, $urgent, $receipt, $held, $facts, $maybe_sent)
        """;

    internal const string ListDueSql = $"""
        SELECT {SqliteSchema.FiringColumns} FROM firings
        WHERE delivery_status = 'pending' AND (next_attempt_at IS NULL OR next_attempt_at <= $now)
        ORDER BY fired_at, trigger_id
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

    public async Task<bool> AddDeliveryAsync(Delivery delivery, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        try
        {
            await database.ExecuteAsync(InsertSql, insert => BindDelivery(insert, delivery), ct);
            return true;
        }
        catch (SqliteException e) when (e.SqliteExtendedErrorCode == SqliteDatabase.PrimaryKeyViolation)
        {
            return false;
        }
    }

    public async Task<Delivery?> GetDeliveryAsync(string triggerId, CancellationToken ct) =>
        await database.QueryAsync(
                $"SELECT {SqliteSchema.FiringColumns} FROM firings WHERE trigger_id = $trigger_id",
                select => Bind(select, "$trigger_id", triggerId),
                ReadDelivery,
                ct)
            .FirstOrDefaultAsync(ct);

    public async Task<IReadOnlyList<Delivery>> ListDeliveriesAsync(string signalId, CancellationToken ct) =>
        await database.QueryAsync(
                $"SELECT {SqliteSchema.FiringColumns} FROM firings WHERE signal_id = $signal_id ORDER BY fired_at DESC, trigger_id DESC",
                select => Bind(select, "$signal_id", signalId),
                ReadDelivery,
                ct)
            .ToListAsync(ct);

    public IAsyncEnumerable<Delivery> ListDeliveriesFiredAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken ct) =>
        database.QueryAsync(
            $"SELECT {SqliteSchema.FiringColumns} FROM firings WHERE fired_at >= $from AND fired_at < $to ORDER BY fired_at, trigger_id",
            select =>
            {
                Bind(select, "$from", StoredText.FromTime(from));
                Bind(select, "$to", StoredText.FromTime(to));
            },
            ReadDelivery,
            ct);

    public IAsyncEnumerable<Delivery> ListDueDeliveriesAsync(DateTimeOffset now, CancellationToken ct) =>
        database.QueryAsync(ListDueSql, select => Bind(select, "$now", StoredText.FromTime(now)), ReadDelivery, ct);

    public Task<bool> TryLeaseDeliveryAsync(string triggerId, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken ct) =>
        UpdateLeaseAsync(LeaseSql, triggerId, ("$now", now), ("$lease_until", leaseUntil), ct);

    public Task<bool> RenewLeaseAsync(string triggerId, DateTimeOffset heldUntil, DateTimeOffset until, CancellationToken ct) =>
        UpdateLeaseAsync(RenewLeaseSql, triggerId, ("$held", heldUntil), ("$until", until), ct);

    /// <summary>Takes or moves a delivery's lease: one update, conditional on a time; true when it applied.</summary>
    private async Task<bool> UpdateLeaseAsync(string sql, string triggerId, (string Name, DateTimeOffset Time) condition, (string Name, DateTimeOffset Time) lease, CancellationToken ct) =>
        await database.ExecuteAsync(
            sql,
            update =>
            {
                Bind(update, "$trigger_id", triggerId);
                Bind(update, condition.Name, StoredText.FromTime(condition.Time));
                Bind(update, lease.Name, StoredText.FromTime(lease.Time));
            },
            ct) == 1;

    public async Task<bool> RecordDeliveryAsync(string triggerId, DateTimeOffset heldUntil, DeliveryAttempt attempt, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        return await database.ExecuteAsync(
            RecordDeliverySql,
            record =>
            {
                Bind(record, "$trigger_id", triggerId);
                Bind(record, "$held_until", StoredText.FromTime(heldUntil));
                Bind(record, "$delivery_status", attempt.Status.ToWire());
                Bind(record, "$attempts", attempt.Attempts);
                Bind(record, "$last_response", attempt.Response);
                Bind(record, "$next_attempt_at", TimeOrNull(attempt.NextAttemptAt));
                Bind(record, "$sent_at", TimeOrNull(attempt.SentAt));
                Bind(record, "$receipt", attempt.Receipt);
                Bind(record, "$held", attempt.Held);
                Bind(record, "$maybe_sent", attempt.MaybeSent);
            },
            ct) == 1;
    }
}
