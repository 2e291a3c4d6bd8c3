using TradingAlerts.Core.Pipeline;
using static TradingAlerts.Aws.DynamoTable;

namespace TradingAlerts.Aws;

/// <summary>
/// The cycle log, items under <c>cycle#&lt;cycle id&gt;</c> that hold a record as JSON, newest first in the cycles
/// index.
/// </summary>
internal sealed class DynamoCycleLog(DynamoTable table) : ICycleLog
{
    /// <summary>
    /// Puts the record, then deletes what falls beyond the newest <paramref name="keep"/> (normally the one oldest
    /// record, so a cycle costs one put, one delete and one index query of about <paramref name="keep"/> items).
    /// </summary>
    public async Task RecordAsync(CycleRecord record, int keep, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(record);
        await table.PutAsync(
            new Dictionary<string, AttributeValue>
            {
                [Attr.Id] = S(CyclePrefix + record.Report.CycleId),
                [Attr.Kind] = S(Kinds.Cycle),
                [Attr.CycleId] = S(record.Report.CycleId),
                [Attr.CycleLog] = S(Attr.CycleLog),
                [Attr.FinishedAt] = S(StoredText.FromTime(record.FinishedAt)),
                [Attr.Record] = S(record.ToJson()),
            },
            ct);

        var seen = 0;
        var stale = new List<string>();
        await foreach (var item in table.QueryAllAsync(NewestCyclesQuery(projectIdOnly: true), ct))
        {
            if (++seen > keep)
                stale.Add(item[Attr.Id].S);
        }

        foreach (var id in stale)
            await table.DeleteAsync(id, ct);
    }

    public async Task<IReadOnlyList<CycleRecord>> RecentAsync(int count, CancellationToken ct)
    {
        var records = new List<CycleRecord>();
        if (count <= 0)
            return records;

        var query = NewestCyclesQuery(projectIdOnly: false);
        query.Limit = Math.Min(count, table.Options.PageSize ?? count);
        await foreach (var item in table.QueryAllAsync(query, ct))
        {
            records.Add(CycleRecord.FromJson(item[Attr.Record].S));
            if (records.Count == count)
                break;
        }

        return records;
    }

    private static QueryRequest NewestCyclesQuery(bool projectIdOnly) => new()
    {
        IndexName = CyclesIndex,
        KeyConditionExpression = "#cycle_log = :cycle_log",
        ExpressionAttributeNames = projectIdOnly ? NamesFor("#cycle_log", "#id") : NamesFor("#cycle_log"),
        ExpressionAttributeValues = new() { [":cycle_log"] = S(Attr.CycleLog) },
        ProjectionExpression = projectIdOnly ? "#id" : null,
        ScanIndexForward = false,
    };
}
