using TradingAlerts.Core.Pipeline;
using static TradingAlerts.Aws.DynamoTable;

namespace TradingAlerts.Aws;

/// <summary>
/// The fan-out batches' outcomes, items under <c>batch#&lt;cycle id&gt;#&lt;batch&gt;</c> that hold an outcome as JSON,
/// found through the cycles index (<see cref="BatchLog"/>) by when they finished, and deleted by the table's time to
/// live.
/// </summary>
internal sealed class DynamoBatchOutcomes(DynamoTable table) : IBatchOutcomeLog
{
    /// <summary>One put, conditional on no done outcome of the batch being there (a redelivered batch's is refused).</summary>
    public async Task RecordOutcomeAsync(BatchOutcome outcome, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        await table.PutIfAsync(
            new PutItemRequest
            {
                Item = new Dictionary<string, AttributeValue>
                {
                    [Attr.Id] = S($"{BatchPrefix}{outcome.CycleId}#{outcome.Batch}"),
                    [Attr.Kind] = S(Kinds.Batch),
                    [Attr.CycleId] = S(outcome.CycleId),
                    [Attr.CycleLog] = S(BatchLog),
                    [Attr.FinishedAt] = S(StoredText.FromTime(outcome.FinishedAt)),
                    [Attr.Done] = new AttributeValue { BOOL = outcome.Done },
                    [Attr.Record] = S(outcome.ToJson()),
                    [Attr.ForgetAt] = N((outcome.FinishedAt + BatchOutcome.KeptFor).ToUnixTimeSeconds()),
                },
                ConditionExpression = "attribute_not_exists(#id) OR #done = :not_done",
                ExpressionAttributeNames = NamesFor("#id", "#done"),
                ExpressionAttributeValues = new() { [":not_done"] = new AttributeValue { BOOL = false } },
            },
            ct);
    }

    public async Task<IReadOnlyList<BatchOutcome>> ListOutcomesAsync(DateTimeOffset since, CancellationToken ct)
    {
        var query = new QueryRequest
        {
            IndexName = CyclesIndex,
            KeyConditionExpression = "#cycle_log = :batches AND #finished_at > :since",
            ExpressionAttributeNames = NamesFor("#cycle_log", "#finished_at"),
            ExpressionAttributeValues = new() { [":batches"] = S(BatchLog), [":since"] = S(StoredText.FromTime(since)) },
        };
        var outcomes = new List<BatchOutcome>();
        await foreach (var item in table.QueryAllAsync(query, ct))
            outcomes.Add(BatchOutcome.FromJson(item[Attr.Record].S));
        return outcomes;
    }
}
