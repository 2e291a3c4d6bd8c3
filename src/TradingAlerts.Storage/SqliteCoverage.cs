using TradingAlerts.Core.Pipeline;

namespace TradingAlerts.Storage;

/// <summary>Each exchange's coverage, a row of the coverage table.</summary>
internal sealed class SqliteCoverage(SqliteDatabase database) : ICoverageStore
{
    private const string SelectSql = "SELECT exchange, through, gap_since, gap_cycle FROM coverage";

    public async Task<IReadOnlyList<ExchangeCoverage>> ListCoverageAsync(CancellationToken ct) =>
        await database.QueryAsync(SelectSql, bind: null, ReadCoverage, ct).ToListAsync(ct);

    public async Task UpdateCoverageAsync(ExchangeId exchange, Func<ExchangeCoverage, ExchangeCoverage> change, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(change);
        await using var connection = await database.OpenAsync(ct);

        // BeginTransaction is BEGIN IMMEDIATE: the read and the write are one step for every other writer.
        await using var transaction = connection.BeginTransaction();
        await using var select = connection.CreateCommand();
        select.CommandText = SelectSql + " WHERE exchange = $exchange";
        Bind(select, "$exchange", exchange.ToWire());
        var current = ExchangeCoverage.None(exchange);
        await using (var row = await select.ExecuteReaderAsync(ct))
        {
            if (await row.ReadAsync(ct))
                current = ReadCoverage(row);
        }

        var next = change(current);
        await using var put = connection.CreateCommand();
        put.CommandText = "INSERT OR REPLACE INTO coverage (exchange, through, gap_since, gap_cycle) VALUES ($exchange, $through, $gap_since, $gap_cycle)";
        Bind(put, "$exchange", exchange.ToWire());
        Bind(put, "$through", TimeOrNull(next.Through));
        Bind(put, "$gap_since", TimeOrNull(next.GapSince));
        Bind(put, "$gap_cycle", TimeOrNull(next.GapCycle));
        await put.ExecuteNonQueryAsync(ct);
        await transaction.CommitAsync(ct);
    }

    private static ExchangeCoverage ReadCoverage(SqliteDataReader row) =>
        new(row.Word<ExchangeId>("exchange"), row.TimeOrNull("through"), row.TimeOrNull("gap_since"), row.TimeOrNull("gap_cycle"));
}
