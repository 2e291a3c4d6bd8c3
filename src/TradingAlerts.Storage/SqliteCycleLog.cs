using TradingAlerts.Core.Pipeline;

namespace TradingAlerts.Storage;

/// <summary>
/// The newest cycles' records, one JSON document a row of the cycles table, and each day's tally, one row per day and
/// count of cycle_days; a record and its tally are written in one transaction.
/// </summary>
internal sealed class SqliteCycleLog(SqliteDatabase database) : ICycleLog
{
    public async Task RecordAsync(CycleRecord record, int keep, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(record);
        await using var connection = await database.OpenAsync(ct);
        await using var transaction = connection.BeginTransaction();

        CycleRecord? replaced = null;
        await using (var select = connection.CreateCommand())
        {
            select.CommandText = "SELECT record FROM cycles WHERE cycle_id = $cycle_id";
            Bind(select, "$cycle_id", record.Report.CycleId);
            if (await select.ExecuteScalarAsync(ct) is string json)
                replaced = CycleRecord.FromJson(json);
        }

        await using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                INSERT OR REPLACE INTO cycles (cycle_id, finished_at, record) VALUES ($cycle_id, $finished_at, $record);
                DELETE FROM cycles WHERE cycle_id NOT IN (SELECT cycle_id FROM cycles ORDER BY finished_at DESC LIMIT $keep);
                DELETE FROM cycle_days WHERE day < $oldest;
                """;
            Bind(command, "$cycle_id", record.Report.CycleId);
            Bind(command, "$finished_at", StoredText.FromTime(record.FinishedAt));
            Bind(command, "$record", record.ToJson());
            Bind(command, "$keep", keep);
            Bind(command, "$oldest", StoredText.FromDay(CycleTally.OldestKept(CycleTally.DayOf(record))));
            await command.ExecuteNonQueryAsync(ct);
        }

        foreach (var (day, counts) in CycleTally.Changes(record, replaced))
        {
            foreach (var (name, value) in counts)
            {
                await using var add = connection.CreateCommand();
                add.CommandText = """
                    INSERT INTO cycle_days (day, name, value) VALUES ($day, $name, $value)
                    ON CONFLICT (day, name) DO UPDATE SET value = value + excluded.value
                    """;
                Bind(add, "$day", StoredText.FromDay(day));
                Bind(add, "$name", name);
                Bind(add, "$value", value);
                await add.ExecuteNonQueryAsync(ct);
            }
        }

        await transaction.CommitAsync(ct);
    }

    public async Task<IReadOnlyList<CycleRecord>> RecentAsync(int count, CancellationToken ct) =>
        await database.QueryAsync(
                "SELECT record FROM cycles ORDER BY finished_at DESC LIMIT $count",
                select => Bind(select, "$count", count),
                row => CycleRecord.FromJson(row.Text("record")),
                ct)
            .ToListAsync(ct);

    public async Task<IReadOnlyList<DayTally>> TalliesAsync(DateOnly from, DateOnly to, CancellationToken ct)
    {
        var rows = await database.QueryAsync(
                "SELECT day, name, value FROM cycle_days WHERE day >= $from AND day <= $to ORDER BY day",
                select =>
                {
                    Bind(select, "$from", StoredText.FromDay(from));
                    Bind(select, "$to", StoredText.FromDay(to));
                },
                row => (Day: row.Text("day"), Name: row.Text("name"), Value: row.GetInt64(row.GetOrdinal("value"))),
                ct)
            .ToListAsync(ct);
        return rows
            .GroupBy(r => r.Day, StringComparer.Ordinal)
            .Select(day => new DayTally(
                StoredText.ToDay(day.Key),
                day.ToDictionary(r => r.Name, r => r.Value, StringComparer.Ordinal)))
            .ToList();
    }
}
