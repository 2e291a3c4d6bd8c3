using TradingAlerts.Core.Pipeline;
using static TradingAlerts.Aws.DynamoTable;

namespace TradingAlerts.Aws;

/// <summary>
/// The cycle log, items under <c>cycle#&lt;cycle id&gt;</c> that hold a record as JSON, newest first in the cycles
/// index, and each day's tally, an item under <c>tally#&lt;day&gt;</c> with a number per count.
/// </summary>
internal sealed class DynamoCycleLog(DynamoTable table) : ICycleLog
{
    /// <summary>
    /// Puts the record, adds it to its day's tally (one update; one more when it replaced a record of an earlier day),
    /// then deletes what falls beyond the newest <paramref name="keep"/> (normally the one oldest record, so a cycle
    /// costs one put, one update, one delete and one index query of about <paramref name="keep"/> items). The tallies
    /// are forgotten by the table's time to live.
    /// </summary>
    public async Task RecordAsync(CycleRecord record, int keep, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(record);
        var replaced = await table.ReplaceAsync(
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

        var earlier = replaced is null ? null : CycleRecord.FromJson(Text(replaced, Attr.Record));
        foreach (var (day, counts) in CycleTally.Changes(record, earlier))
            await AddToTallyAsync(day, counts, ct);

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

    /// <summary>
    /// The days' items in batches; never a day before the kept period up to <paramref name="to"/>, which the time to
    /// live may not have deleted yet (DynamoDB deletes expired items within a few days, not at once).
    /// </summary>
    public async Task<IReadOnlyList<DayTally>> TalliesAsync(DateOnly from, DateOnly to, CancellationToken ct)
    {
        var first = CycleTally.OldestKept(to) > from ? CycleTally.OldestKept(to) : from;
        var days = Enumerable.Range(0, Math.Max(0, to.DayNumber - first.DayNumber + 1)).Select(first.AddDays);
        var items = await table.GetManyAsync(days.Select(TallyKey), ct);
        return items
            .Where(item => IsKind(item, Kinds.Tally))
            .Select(item => new DayTally(
                StoredText.ToDay(Text(item, Attr.TallyDay)),
                item.Where(a => a.Key.StartsWith(Attr.CountPrefix, StringComparison.Ordinal))
                    .ToDictionary(a => a.Key[Attr.CountPrefix.Length..], a => Long(item, a.Key), StringComparer.Ordinal)))
            .OrderBy(tally => tally.Day)
            .ToList();
    }

    private static string TallyKey(DateOnly day) => TallyPrefix + StoredText.FromDay(day);

    /// <summary>Adds <paramref name="counts"/> to the day's item (ADD makes a missing item or count start at zero).</summary>
    private async Task AddToTallyAsync(DateOnly day, Dictionary<string, long> counts, CancellationToken ct)
    {
        if (counts.Count == 0)
            return;

        // The table's time to live forgets the day once it leaves the kept period.
        var forgetAt = new DateTimeOffset(day.AddDays(CycleTally.KeepDays).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var names = new Dictionary<string, string>(StringComparer.Ordinal) { ["#kind"] = Attr.Kind, ["#day"] = Attr.TallyDay, ["#forget_at"] = Attr.ForgetAt };
        var values = new Dictionary<string, AttributeValue>
        {
            [":kind"] = S(Kinds.Tally),
            [":day"] = S(StoredText.FromDay(day)),
            [":forget_at"] = N(forgetAt.ToUnixTimeSeconds()),
        };
        var adds = new List<string>();
        foreach (var (name, value) in counts)
        {
            var n = adds.Count;
            names[$"#c{n}"] = Attr.CountPrefix + name;
            values[$":c{n}"] = N(value);
            adds.Add($"#c{n} :c{n}");
        }

        await table.UpdateAsync(
            new UpdateItemRequest
            {
                Key = Key(TallyKey(day)),
                UpdateExpression = "SET #kind = :kind, #day = :day, #forget_at = :forget_at ADD " + string.Join(", ", adds),
                ExpressionAttributeNames = names,
                ExpressionAttributeValues = values,
            },
            ct);
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
