using System.Runtime.CompilerServices;
using TradingAlerts.Core.Pipeline;
using static TradingAlerts.Aws.DynamoTable;
using static TradingAlerts.Aws.DeliveryItems;
using static TradingAlerts.Aws.SignalItems;

namespace TradingAlerts.Aws;

/// <summary>
/// The alerts, items under their plain ids, and the trigger claim: one transaction over the alert and the firings it
/// records. Every write is conditional on the alert's item and its version, never on an index.
/// </summary>
internal sealed class DynamoSignals(DynamoTable table) : ISignalStore
{
    /// <summary>How often a claim that collided with another transaction on the same alert is tried again.</summary>
    private const int ClaimAttempts = 10;

    public async Task AddAsync(Signal signal, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(signal);
        RequirePlainId(signal.Id);
        if (!await table.PutNewAsync(ToItem(signal, signal.Version), ct))
            throw new DuplicateSignalException(signal.Id);
    }

    public async Task<Signal?> GetAsync(string id, CancellationToken ct)
    {
        var item = await table.GetAsync(id, ct);
        return IsKind(item, Kinds.Signal) ? ToSignal(item!) : null;
    }

    public async IAsyncEnumerable<Signal> ListAsync([EnumeratorCancellation] CancellationToken ct)
    {
        var segments = Enumerable.Range(0, table.Options.ScanSegments).Select(segment => (PageSource)((start, token) => ScanSignalsAsync(segment, start, token)));
        await foreach (var item in Pages.MergeAsync(segments.ToList(), ct))
            yield return ToSignal(item);
    }

    public async IAsyncEnumerable<Signal> ListArmedAsync([EnumeratorCancellation] CancellationToken ct)
    {
        var shards = Enumerable.Range(0, ArmedShards).Select(shard => (PageSource)((start, token) => QueryArmedAsync(shard, start, token)));
        await foreach (var item in Pages.MergeAsync(shards.ToList(), ct))
            yield return ToSignal(item);
    }

    public async Task<bool> UpdateAsync(Signal signal, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(signal);
        if (!IsPlainId(signal.Id))
            return false;

        return await table.PutIfAsync(
            new PutItemRequest
            {
                Item = ToItem(signal, signal.Version + 1),
                ConditionExpression = "#kind = :signal AND #version = :expected",
                ExpressionAttributeNames = NamesFor("#kind", "#version"),
                ExpressionAttributeValues = new() { [":signal"] = S(Kinds.Signal), [":expected"] = N(signal.Version) },
            },
            ct);
    }

    public async Task<bool> RemoveAsync(string id, CancellationToken ct) =>
        IsPlainId(id) && await table.DeleteAsync(id, Kinds.Signal, ct);

    public async Task<bool> MoveAsync(SignalSnapshot snapshot, SignalState next, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(next);
        if (!IsPlainId(snapshot.Id))
            return false;

        var values = SnapshotValues(snapshot);
        return await table.UpdateIfAsync(
            new UpdateItemRequest
            {
                Key = Key(snapshot.Id),
                ConditionExpression = "#kind = :signal AND #version = :version AND #active = :true",
                UpdateExpression = "SET #version = #version + :one, " + StateUpdate(snapshot.Id, next, values),
                ExpressionAttributeNames = NamesFor("#kind", "#version", "#active", "#status", "#side", "#armed_at", "#armed_shard"),
                ExpressionAttributeValues = values,
            },
            ct);
    }

    public async Task<bool> ClaimTriggerAsync(SignalSnapshot snapshot, IReadOnlyList<Delivery> firings, SignalState next, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(firings);
        ArgumentNullException.ThrowIfNull(next);
        if (!IsPlainId(snapshot.Id))
            return false;

        var values = SnapshotValues(snapshot);
        values[":pending"] = S(SignalStatus.Pending.ToWire());
        values[":fired_at"] = S(StoredText.FromTime(firings.Min(f => f.FiredAt)));

        var request = new TransactWriteItemsRequest
        {
            TransactItems =
            [
                new TransactWriteItem
                {
                    Update = new Update
                    {
                        TableName = table.Name,
                        Key = Key(snapshot.Id),
                        ConditionExpression = "#kind = :signal AND #version = :version AND #status = :pending AND #active = :true",
                        UpdateExpression =
                            "SET #triggered_at = :fired_at, #triggered_count = #triggered_count + :one, #version = #version + :one, " +
                            StateUpdate(snapshot.Id, next, values),
                        ExpressionAttributeNames = NamesFor("#kind", "#version", "#status", "#active", "#triggered_at", "#triggered_count", "#side", "#armed_at", "#armed_shard"),
                        ExpressionAttributeValues = values,
                    },
                },
                .. firings.Select(firing => new TransactWriteItem { Put = table.NewItem(ToClaimedItem(firing)) }),
            ],
        };

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await table.TransactWriteAsync(request, ct);
                return true;
            }
            catch (TransactionCanceledException e) when (ReasonFor(e, 0) == ConditionalCheckFailed)
            {
                // The alert moved on (claimed, edited, disabled, removed): the claim is lost and nothing was written.
                return false;
            }
            catch (TransactionCanceledException e) when (attempt < ClaimAttempts && e.CancellationReasons?.Any(r => r.Code == TransactionConflict) == true)
            {
                // Another claim on the same alert was in flight. Once it commits, the retry's condition sees its version.
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 20 * attempt)), ct);
            }
        }
    }

    /// <summary>
    /// The values a move of the alert from the snapshot names: the alert's kind, the snapshot's version, an active
    /// alert's flag and the version's step.
    /// </summary>
    private static Dictionary<string, AttributeValue> SnapshotValues(SignalSnapshot snapshot) => new()
    {
        [":signal"] = S(Kinds.Signal),
        [":version"] = N(snapshot.Version),
        [":true"] = new AttributeValue { BOOL = true },
        [":one"] = N(1),
    };

    /// <summary>
    /// The part of an update expression that sets status, side and arming time and keeps the armed index right: an
    /// alert left pending or waiting stays in it, any other status leaves it. Adds the values it names to
    /// <paramref name="values"/>.
    /// </summary>
    private static string StateUpdate(string id, SignalState next, Dictionary<string, AttributeValue> values)
    {
        values[":status"] = S(next.Status.ToWire());
        var set = "#status = :status";
        var remove = new List<string>();
        void SetOrRemove(string name, string? value)
        {
            if (value is null)
            {
                remove.Add(name);
                return;
            }

            values[":" + name[1..]] = S(value);
            set += $", {name} = :{name[1..]}";
        }

        SetOrRemove("#side", next.Side?.ToWire());
        SetOrRemove("#armed_at", next.ArmedAt is { } armedAt ? StoredText.FromTime(armedAt) : null);

        if (next.Status.IsWatched())
        {
            values[":armed_shard"] = N(ArmedShardOf(id));
            set += ", #armed_shard = :armed_shard";
        }
        else
        {
            remove.Add("#armed_shard");
        }

        return remove.Count == 0 ? set : $"{set} REMOVE {string.Join(", ", remove)}";
    }

    /// <summary>Alert ids never contain '#', which is what keeps them apart from the prefixed firing and cycle keys.</summary>
    private static bool IsPlainId(string id) => !string.IsNullOrEmpty(id) && !id.Contains('#', StringComparison.Ordinal);

    private static void RequirePlainId(string id)
    {
        if (!IsPlainId(id))
            throw new ArgumentException($"An alert id must not be empty or contain '#' (got '{id}').", nameof(id));
    }

    private Task<Page> ScanSignalsAsync(int segment, Dictionary<string, AttributeValue>? start, CancellationToken ct) => table.ScanPageAsync(
        new ScanRequest
        {
            FilterExpression = "#kind = :signal",
            ExpressionAttributeNames = NamesFor("#kind"),
            ExpressionAttributeValues = new() { [":signal"] = S(Kinds.Signal) },
            Segment = segment,
            TotalSegments = table.Options.ScanSegments,
            Limit = table.Options.PageSize,
        },
        start,
        ct);

    private Task<Page> QueryArmedAsync(int shard, Dictionary<string, AttributeValue>? start, CancellationToken ct) => table.QueryPageAsync(
        new QueryRequest
        {
            IndexName = ArmedIndex,
            KeyConditionExpression = "#armed_shard = :shard",
            ExpressionAttributeNames = NamesFor("#armed_shard"),
            ExpressionAttributeValues = new() { [":shard"] = N(shard) },
        },
        start,
        ct);
}
