using TradingAlerts.Core.Prices;

namespace TradingAlerts.Storage;

/// <summary>
/// The prices the checks saw, one row of prices_seen per exchange, symbol and check, and the backtests' candles, one
/// row of candle_days per exchange, symbol and day. Each write forgets what its own table no longer keeps.
/// </summary>
internal sealed class SqlitePriceHistory(SqliteDatabase database) : IPriceHistory
{
    public async Task RecordPricesAsync(PriceSample sample, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(sample);
        await using var connection = await database.OpenAsync(ct);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = """
            INSERT INTO prices_seen (exchange, symbol, seen_at, seen, forget_at) VALUES ($exchange, $symbol, $seen_at, $seen, $forget_at)
                ON CONFLICT (exchange, symbol, seen_at) DO UPDATE SET seen = excluded.seen, forget_at = excluded.forget_at
            """;
        Bind(insert, "$exchange", sample.Exchange.ToWire());
        Bind(insert, "$seen_at", StoredText.FromTime(sample.At));
        Bind(insert, "$forget_at", StoredText.FromTime(sample.ForgetAt));
        var symbol = insert.Parameters.AddWithValue("$symbol", string.Empty);
        var seen = insert.Parameters.AddWithValue("$seen", string.Empty);
        foreach (var (name, price) in sample.Symbols)
        {
            symbol.Value = name;
            seen.Value = HistoryText.FromSeen(price);
            await insert.ExecuteNonQueryAsync(ct);
        }

        await using var forget = connection.CreateCommand();
        forget.Transaction = transaction;
        forget.CommandText = "DELETE FROM prices_seen WHERE forget_at <= $now";
        Bind(forget, "$now", StoredText.FromTime(sample.At));
        await forget.ExecuteNonQueryAsync(ct);
        await transaction.CommitAsync(ct);
    }

    public async Task<IReadOnlyList<HistoryPoint>> ListPricesAsync(ExchangeId exchange, string symbol, DateTimeOffset from, DateTimeOffset to, CancellationToken ct) =>
        await database.QueryAsync(
                "SELECT seen_at, seen FROM prices_seen WHERE exchange = $exchange AND symbol = $symbol AND seen_at >= $from AND seen_at <= $to ORDER BY seen_at",
                select =>
                {
                    Bind(select, "$exchange", exchange.ToWire());
                    Bind(select, "$symbol", symbol);
                    Bind(select, "$from", StoredText.FromTime(from));
                    Bind(select, "$to", StoredText.FromTime(to));
                },
                row =>
                {
                    var seen = HistoryText.ToSeen(row.Text("seen"));
                    return new HistoryPoint(row.Time("seen_at"), seen.Price, seen.High, seen.Low);
                },
                ct)
            .ToListAsync(ct);

    public async Task<CandleDay?> GetCandleDayAsync(ExchangeId exchange, string symbol, DateOnly day, CancellationToken ct) =>
        await database.QueryAsync(
                "SELECT since, through, candles FROM candle_days WHERE exchange = $exchange AND symbol = $symbol AND day = $day",
                select =>
                {
                    Bind(select, "$exchange", exchange.ToWire());
                    Bind(select, "$symbol", symbol);
                    Bind(select, "$day", StoredText.FromDay(day));
                },
                row => new CandleDay(exchange, symbol, day, row.Time("since"), row.Time("through"), HistoryText.ToCandles(day, row.Text("candles"))),
                ct)
            .FirstOrDefaultAsync(ct);

    public async Task PutCandleDayAsync(CandleDay day, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(day);
        await database.ExecuteAsync(
            """
            INSERT INTO candle_days (exchange, symbol, day, since, through, candles, forget_at) VALUES ($exchange, $symbol, $day, $since, $through, $candles, $forget_at)
                ON CONFLICT (exchange, symbol, day) DO UPDATE SET since = excluded.since, through = excluded.through, candles = excluded.candles, forget_at = excluded.forget_at;
            DELETE FROM candle_days WHERE forget_at <= $forget_before;
            """,
            command =>
            {
                Bind(command, "$exchange", day.Exchange.ToWire());
                Bind(command, "$symbol", day.Symbol);
                Bind(command, "$day", StoredText.FromDay(day.Day));
                Bind(command, "$since", StoredText.FromTime(day.From));
                Bind(command, "$through", StoredText.FromTime(day.Through));
                Bind(command, "$candles", HistoryText.FromCandles(day));
                Bind(command, "$forget_at", StoredText.FromTime(day.ForgetAt));
                Bind(command, "$forget_before", StoredText.FromTime(day.End));
            },
            ct);
    }
}
