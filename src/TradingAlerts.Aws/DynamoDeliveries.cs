using System.Runtime.CompilerServices;
using static TradingAlerts.Aws.DynamoTable;
using static TradingAlerts.Aws.DeliveryItems;

namespace TradingAlerts.Aws;

/// <summary>
/// The firings and their deliveries, items under <c>firing#&lt;trigger id&gt;</c>: a pending one is in the due index,
/// and its lease is its <c>next_attempt_at</c>, so every lease and record is conditional on the item's own value.
/// </summary>
internal sealed class DynamoDeliveries(DynamoTable table) : IDeliveryStore
{
    public async Task<bool> AddDeliveryAsync(Delivery delivery, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        return await table.PutNewAsync(ToClaimedItem(delivery), ct);
    }

    public async Task<Delivery?> GetDeliveryAsync(string triggerId, CancellationToken ct)
    {
        var item = await table.GetAsync(DeliveryKey(triggerId), ct);
        return IsKind(item, Kinds.Firing) ? ToDelivery(item!) : null;
    }

    public async Task<IReadOnlyList<Delivery>> ListDeliveriesAsync(string signalId, CancellationToken ct)
    {
        var firings = new List<Delivery>();
        await foreach (var item in table.QueryAllAsync(
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
            firings.Add(ToDelivery(item));
        }

        // The index orders by fired_at alone; the trigger id breaks ties, so equal times always list in one order.
        return firings.OrderByDescending(f => f.FiredAt).ThenByDescending(f => f.TriggerId, StringComparer.Ordinal).ToList();
    }

    /// <summary>The day index's keys, a query per day of the period, then the items themselves (the index holds keys only).</summary>
    public async IAsyncEnumerable<Delivery> ListDeliveriesFiredAsync(DateTimeOffset from, DateTimeOffset to, [EnumeratorCancellation] CancellationToken ct)
    {
        var ids = new List<string>();
        for (var day = DateOnly.FromDateTime(from.UtcDateTime); day <= DateOnly.FromDateTime(to.UtcDateTime); day = day.AddDays(1))
        {
            await foreach (var key in table.QueryAllAsync(
                new QueryRequest
                {
                    IndexName = FiringsByDayIndex,
                    KeyConditionExpression = "#fired_day = :day AND #fired_at BETWEEN :from AND :to",
                    ExpressionAttributeNames = new() { ["#fired_day"] = Attr.FiredDay, ["#fired_at"] = Attr.FiredAt },
                    ExpressionAttributeValues = new()
                    {
                        [":day"] = S(StoredText.FromDay(day)),
                        [":from"] = S(StoredText.FromTime(from)),
                        [":to"] = S(StoredText.FromTime(to)),
                    },
                },
                ct))
            {
                ids.Add(key[Attr.Id].S);
            }
        }

        var firings = (await table.GetManyAsync(ids, ct)).Where(item => IsKind(item, Kinds.Firing)).Select(ToDelivery);
        foreach (var firing in firings.Where(f => f.FiredAt < to).OrderBy(f => f.FiredAt).ThenBy(f => f.TriggerId, StringComparer.Ordinal))
            yield return firing;
    }

    public async IAsyncEnumerable<Delivery> ListDueDeliveriesAsync(DateTimeOffset now, [EnumeratorCancellation] CancellationToken ct)
    {
        var due = new List<Delivery>();
        await foreach (var item in table.QueryAllAsync(
            new QueryRequest
            {
                IndexName = DueIndex,
                KeyConditionExpression = "#due_shard = :zero AND #due_at <= :now",
                ExpressionAttributeNames = NamesFor("#due_shard", "#due_at"),
                ExpressionAttributeValues = new() { [":zero"] = N(0), [":now"] = S(StoredText.FromTime(now)) },
            },
            ct))
        {
            due.Add(ToDelivery(item));
        }

        // Oldest crossing first, then by trigger id; the index orders by due time, and pending deliveries are few.
        foreach (var firing in due.OrderBy(f => f.FiredAt).ThenBy(f => f.TriggerId, StringComparer.Ordinal))
            yield return firing;
    }

    public Task<bool> TryLeaseDeliveryAsync(string triggerId, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken ct) =>
        MoveLeaseAsync(triggerId, "(attribute_not_exists(#next_attempt_at) OR #next_attempt_at <= :now)", ":now", now, leaseUntil, ct);

    public Task<bool> RenewLeaseAsync(string triggerId, DateTimeOffset heldUntil, DateTimeOffset until, CancellationToken ct) =>
        MoveLeaseAsync(triggerId, "#next_attempt_at = :lease", ":lease", heldUntil, until, ct);

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
        return await table.UpdateIfAsync(
            new UpdateItemRequest
            {
                Key = Key(DeliveryKey(triggerId)),

                // Only under the lease the attempt was made under; an unknown trigger id matches nothing (no stray item).
                ConditionExpression = "#kind = :firing AND #delivery_status = :pending AND #next_attempt_at = :lease",
                UpdateExpression = expression,
                ExpressionAttributeNames = NamesFor(["#kind", "#delivery_status", "#next_attempt_at", .. set.Select(s => s[..s.IndexOf(' ', StringComparison.Ordinal)]), .. remove]),
                ExpressionAttributeValues = values,
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
    /// Moves a pending delivery's lease (its next attempt, and so its due time) to <paramref name="until"/> if
    /// <paramref name="condition"/> on its next attempt holds, <paramref name="placeholder"/> in it standing for
    /// <paramref name="time"/>: a new lease on a due delivery, or the renewal of the lease the caller holds.
    /// </summary>
    private Task<bool> MoveLeaseAsync(string triggerId, string condition, string placeholder, DateTimeOffset time, DateTimeOffset until, CancellationToken ct) =>
        table.UpdateIfAsync(
            new UpdateItemRequest
            {
                Key = Key(DeliveryKey(triggerId)),
                ConditionExpression = "#kind = :firing AND #delivery_status = :pending AND " + condition,
                UpdateExpression = "SET #next_attempt_at = :until, #due_at = :until",
                ExpressionAttributeNames = NamesFor("#kind", "#delivery_status", "#next_attempt_at", "#due_at"),
                ExpressionAttributeValues = new()
                {
                    [":firing"] = S(Kinds.Firing),
                    [":pending"] = S(DeliveryStatus.Pending.ToWire()),
                    [placeholder] = S(StoredText.FromTime(time)),
                    [":until"] = S(StoredText.FromTime(until)),
                },
            },
            ct);
}
