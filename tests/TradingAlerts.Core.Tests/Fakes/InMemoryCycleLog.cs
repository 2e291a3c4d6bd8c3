using TradingAlerts.Core.Pipeline;

namespace TradingAlerts.Core.Tests.Fakes;

/// <summary>The cycle log as both stores keep it: one record per cycle id, newest first, stored as JSON, and each day's tally.</summary>
internal sealed class InMemoryCycleLog : ICycleLog
{
    private readonly List<(string CycleId, DateTimeOffset FinishedAt, string Json)> records = [];
    private readonly SortedDictionary<DateOnly, Dictionary<string, long>> tallies = [];

    public Task RecordAsync(CycleRecord record, int keep, CancellationToken ct)
    {
        var replaced = records.FirstOrDefault(r => r.CycleId == record.Report.CycleId).Json;
        foreach (var (day, counts) in CycleTally.Changes(record, replaced is null ? null : CycleRecord.FromJson(replaced)))
        {
            var tally = tallies.TryGetValue(day, out var kept) ? kept : tallies[day] = [];
            foreach (var (name, value) in counts)
                tally[name] = tally.GetValueOrDefault(name) + value;
        }

        foreach (var old in tallies.Keys.Where(day => day < CycleTally.OldestKept(CycleTally.DayOf(record))).ToList())
            tallies.Remove(old);

        records.RemoveAll(r => r.CycleId == record.Report.CycleId);
        records.Add((record.Report.CycleId, record.FinishedAt, record.ToJson()));
        records.Sort((a, b) => b.FinishedAt.CompareTo(a.FinishedAt));
        if (records.Count > keep)
            records.RemoveRange(keep, records.Count - keep);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<CycleRecord>> RecentAsync(int count, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<CycleRecord>>(records.Take(count).Select(r => CycleRecord.FromJson(r.Json)).ToList());

    public Task<IReadOnlyList<DayTally>> TalliesAsync(DateOnly from, DateOnly to, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<DayTally>>(tallies.Where(t => t.Key >= from && t.Key <= to).Select(t => new DayTally(t.Key, new Dictionary<string, long>(t.Value))).ToList());
}
