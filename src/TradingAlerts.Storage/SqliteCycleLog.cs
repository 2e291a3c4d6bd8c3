using TradingAlerts.Core.Pipeline;

namespace TradingAlerts.Storage;

/// <summary>The newest cycles' records, one JSON document a row of the cycles table.</summary>
internal sealed class SqliteCycleLog(SqliteDatabase database) : ICycleLog
{
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
        Bind(command, "$finished_at", StoredText.FromTime(record.FinishedAt));
        Bind(command, "$record", record.ToJson());
        Bind(command, "$keep", keep);
        await command.ExecuteNonQueryAsync(ct);
        await transaction.CommitAsync(ct);
    }

    public async Task<IReadOnlyList<CycleRecord>> RecentAsync(int count, CancellationToken ct) =>
        await database.QueryAsync(
                "SELECT record FROM cycles ORDER BY finished_at DESC LIMIT $count",
                select => Bind(select, "$count", count),
                row => CycleRecord.FromJson(row.Text("record")),
                ct)
            .ToListAsync(ct);
}
