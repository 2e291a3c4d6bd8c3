using TradingAlerts.Core.Prices;

namespace TradingAlerts.Aws;

/// <summary>
/// The prices the checks saw, one item per exchange and cycle under <c>prices#&lt;exchange&gt;#&lt;time&gt;</c> with an
/// attribute per symbol (<c>seen_BTCUSDT</c>), found through the cycles index (partition <c>prices#&lt;exchange&gt;</c>) by
/// time; and the backtests' candles, one item per exchange, symbol and day under
/// <c>candles#&lt;exchange&gt;#&lt;symbol&gt;#&lt;day&gt;</c>. Both are forgotten by the table's time to live.
/// </summary>
internal sealed class DynamoPriceHistory(DynamoTable table) : IPriceHistory
{
    /// <summary>Symbols set by one update: keeps its expression well within DynamoDB's 4 KB.</summary>
    private const int SymbolsPerUpdate = 100;

    /// <summary>
    /// Updates the cycle's item, so the batches of one cycle and exchange share it: one update per batch, a few more
    /// only for a batch of more than <see cref="SymbolsPerUpdate"/> symbols.
    /// </summary>
    public async Task RecordPricesAsync(PriceSample sample, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(sample);
        foreach (var chunk in sample.Symbols.Chunk(SymbolsPerUpdate))
        {
            var names = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["#kind"] = Attr.Kind, ["#cycle_log"] = Attr.CycleLog, ["#finished_at"] = Attr.FinishedAt, ["#forget_at"] = Attr.ForgetAt,
            };
            var values = new Dictionary<string, AttributeValue>
            {
                [":kind"] = S(Kinds.Prices),
                [":log"] = S(LogOf(sample.Exchange)),
                [":at"] = S(StoredText.FromTime(sample.At)),
                [":forget_at"] = N(sample.ForgetAt.ToUnixTimeSeconds()),
            };
            var sets = new List<string> { "#kind = :kind", "#cycle_log = :log", "#finished_at = :at", "#forget_at = :forget_at" };
            foreach (var (symbol, seen) in chunk)
            {
                var n = sets.Count;
                names[$"#s{n}"] = Attr.SeenPrefix + symbol;
                values[$":s{n}"] = S(HistoryText.FromSeen(seen));
                sets.Add($"#s{n} = :s{n}");
            }

            await table.UpdateAsync(
                new UpdateItemRequest
                {
                    Key = Key($"{PricesPrefix}{sample.Exchange.ToWire()}#{StoredText.FromTime(sample.At)}"),
                    UpdateExpression = "SET " + string.Join(", ", sets),
                    ExpressionAttributeNames = names,
                    ExpressionAttributeValues = values,
                },
                ct);
        }
    }

    /// <summary>One query of the exchange's samples in the period, each item read for the symbol's attribute only.</summary>
    public async Task<IReadOnlyList<HistoryPoint>> ListPricesAsync(ExchangeId exchange, string symbol, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var query = new QueryRequest
        {
            IndexName = CyclesIndex,
            KeyConditionExpression = "#cycle_log = :log AND #finished_at BETWEEN :from AND :to",
            ExpressionAttributeNames = new() { ["#cycle_log"] = Attr.CycleLog, ["#finished_at"] = Attr.FinishedAt, ["#seen"] = Attr.SeenPrefix + symbol },
            ExpressionAttributeValues = new() { [":log"] = S(LogOf(exchange)), [":from"] = S(StoredText.FromTime(from)), [":to"] = S(StoredText.FromTime(to)) },
            ProjectionExpression = "#finished_at, #seen",
        };
        var points = new List<HistoryPoint>();
        await foreach (var item in table.QueryAllAsync(query, ct))
        {
            if (!item.TryGetValue(Attr.SeenPrefix + symbol, out var value))
                continue;

            var seen = HistoryText.ToSeen(value.S);
            points.Add(new HistoryPoint(Time(item, Attr.FinishedAt), seen.Price, seen.High, seen.Low));
        }

        return points;
    }

    public async Task<CandleDay?> GetCandleDayAsync(ExchangeId exchange, string symbol, DateOnly day, CancellationToken ct) =>
        await table.GetAsync(CandlesKey(exchange, symbol, day), ct) is { } item && IsKind(item, Kinds.Candles)
            ? new CandleDay(exchange, symbol, day, Time(item, Attr.Since), Time(item, Attr.Through), HistoryText.ToCandles(day, Text(item, Attr.Candles)))
            : null;

    public async Task PutCandleDayAsync(CandleDay day, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(day);
        await table.PutAsync(
            new Dictionary<string, AttributeValue>
            {
                [Attr.Id] = S(CandlesKey(day.Exchange, day.Symbol, day.Day)),
                [Attr.Kind] = S(Kinds.Candles),
                [Attr.Since] = S(StoredText.FromTime(day.From)),
                [Attr.Through] = S(StoredText.FromTime(day.Through)),
                [Attr.Candles] = S(HistoryText.FromCandles(day)),
                [Attr.ForgetAt] = N(day.ForgetAt.ToUnixTimeSeconds()),
            },
            ct);
    }

    /// <summary>The exchange's partition of the cycles index.</summary>
    private static string LogOf(ExchangeId exchange) => PricesPrefix + exchange.ToWire();

    private static string CandlesKey(ExchangeId exchange, string symbol, DateOnly day) => $"{CandlesPrefix}{exchange.ToWire()}#{symbol}#{StoredText.FromDay(day)}";
}
