using TradingAlerts.Core.Prices;

namespace TradingAlerts.Aws;

/// <summary>
/// The prices the checks saw, one item per sample (a batch's symbols on one exchange, at its cycle's start) under
/// <c>prices#&lt;exchange&gt;#&lt;time&gt;#&lt;first symbol&gt;</c> with an attribute per symbol (<c>seen_BTCUSDT</c>),
/// found through the cycles index (partition <c>prices#&lt;exchange&gt;</c>) by time; and the backtests' candles, one item per exchange, symbol and day under
/// <c>candles#&lt;exchange&gt;#&lt;symbol&gt;#&lt;day&gt;</c>. Both are forgotten by the table's time to live.
/// </summary>
internal sealed class DynamoPriceHistory(DynamoTable table) : IPriceHistory
{
    /// <summary>Symbols of one item: keeps an update's expression well within DynamoDB's 4 KB, and the item near 4 KB.</summary>
    private const int SymbolsPerItem = 100;

    /// <summary>
    /// One update per <see cref="SymbolsPerItem"/> symbols of the sample, each of its own item (keyed by its first symbol):
    /// an update is billed by the whole item's size, so the batches of a cycle do not add to one ever larger item. The
    /// Reader's batches hold alerts in symbol order, so each batch's symbols are a run of their own; a sample whose first
    /// symbol another sample of the same time already has is added to that item.
    /// </summary>
    public async Task RecordPricesAsync(PriceSample sample, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(sample);
        foreach (var chunk in sample.Symbols.OrderBy(s => s.Key, StringComparer.Ordinal).Chunk(SymbolsPerItem))
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
                    Key = Key($"{PricesPrefix}{sample.Exchange.ToWire()}#{StoredText.FromTime(sample.At)}#{chunk[0].Key}"),
                    UpdateExpression = "SET " + string.Join(", ", sets),
                    ExpressionAttributeNames = names,
                    ExpressionAttributeValues = values,
                },
                ct);
        }
    }

    /// <summary>One query of the exchange's samples in the period, each item read for the symbol's attribute only (most have none).</summary>
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

        // A symbol whose alerts two batches shared was seen by both: one point a check.
        return points.DistinctBy(p => p.Time).ToList();
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
