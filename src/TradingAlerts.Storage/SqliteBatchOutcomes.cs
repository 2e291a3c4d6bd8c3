using TradingAlerts.Core.Pipeline;

namespace TradingAlerts.Storage;

/// <summary>The fan-out Workers' batch outcomes, one JSON document a row of the batch_outcomes table.</summary>
internal sealed class SqliteBatchOutcomes(SqliteDatabase database) : IBatchOutcomeLog
{
    /// <summary>Keeps the outcome unless a done one of the same batch is kept, then forgets those finished <see cref="BatchOutcome.KeptFor"/> before it.</summary>
    public async Task RecordOutcomeAsync(BatchOutcome outcome, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        await database.ExecuteAsync(
            """
            INSERT INTO batch_outcomes (cycle_id, batch, done, finished_at, record) VALUES ($cycle_id, $batch, $done, $finished_at, $record)
                ON CONFLICT (cycle_id, batch) DO UPDATE SET done = excluded.done, finished_at = excluded.finished_at, record = excluded.record
                WHERE batch_outcomes.done = 0;
            DELETE FROM batch_outcomes WHERE finished_at < $forget_before;
            """,
            command =>
            {
                Bind(command, "$cycle_id", outcome.CycleId);
                Bind(command, "$batch", outcome.Batch);
                Bind(command, "$done", outcome.Done ? 1 : 0);
                Bind(command, "$finished_at", StoredText.FromTime(outcome.FinishedAt));
                Bind(command, "$record", outcome.ToJson());
                Bind(command, "$forget_before", StoredText.FromTime(outcome.FinishedAt - BatchOutcome.KeptFor));
            },
            ct);
    }

    public async Task<IReadOnlyList<BatchOutcome>> ListOutcomesAsync(DateTimeOffset since, CancellationToken ct) =>
        await database.QueryAsync(
                "SELECT record FROM batch_outcomes WHERE finished_at > $since",
                select => Bind(select, "$since", StoredText.FromTime(since)),
                row => BatchOutcome.FromJson(row.Text("record")),
                ct)
            .ToListAsync(ct);
}
