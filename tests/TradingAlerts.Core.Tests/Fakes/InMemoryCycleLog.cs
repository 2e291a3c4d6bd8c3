using TradingAlerts.Core.Pipeline;

namespace TradingAlerts.Core.Tests.Fakes;

/// <summary>The cycle log as both stores keep it: one record per cycle id, newest first, stored as JSON.</summary>
internal sealed class InMemoryCycleLog : ICycleLog
{
    private readonly List<(string CycleId, DateTimeOffset FinishedAt, string Json)> records = [];

    public Task RecordAsync(CycleRecord record, int keep, CancellationToken ct)
    {
        records.RemoveAll(r => r.CycleId == record.Report.CycleId);
        records.Add((record.Report.CycleId, record.FinishedAt, record.ToJson()));
        records.Sort((a, b) => b.FinishedAt.CompareTo(a.FinishedAt));
        if (records.Count > keep)
            records.RemoveRange(keep, records.Count - keep);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<CycleRecord>> RecentAsync(int count, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<CycleRecord>>(records.Take(count).Select(r => CycleRecord.FromJson(r.Json)).ToList());
}
