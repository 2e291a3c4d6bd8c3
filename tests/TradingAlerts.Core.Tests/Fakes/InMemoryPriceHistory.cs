using TradingAlerts.Core.Prices;
using TradingAlerts.Core.Signals;

namespace TradingAlerts.Core.Tests.Fakes;

/// <summary>The price history as both stores keep it: a sample per exchange and time that later batches add symbols to, and a day of candles per key.</summary>
internal sealed class InMemoryPriceHistory : IPriceHistory
{
    private readonly Lock gate = new();
    private readonly Dictionary<(ExchangeId Exchange, DateTimeOffset At), Dictionary<string, string>> samples = [];
    private readonly Dictionary<(ExchangeId Exchange, string Symbol, DateOnly Day), (DateTimeOffset From, DateTimeOffset Through, string Candles)> days = [];

    public Task RecordPricesAsync(PriceSample sample, CancellationToken ct)
    {
        lock (gate)
        {
            var kept = samples.TryGetValue((sample.Exchange, sample.At), out var found) ? found : samples[(sample.Exchange, sample.At)] = [];
            foreach (var (symbol, seen) in sample.Symbols)
                kept[symbol] = HistoryText.FromSeen(seen);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<HistoryPoint>> ListPricesAsync(ExchangeId exchange, string symbol, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        lock (gate)
        {
            return Task.FromResult<IReadOnlyList<HistoryPoint>>(samples
                .Where(s => s.Key.Exchange == exchange && s.Key.At >= from && s.Key.At <= to && s.Value.ContainsKey(symbol))
                .OrderBy(s => s.Key.At)
                .Select(s => PointOf(s.Key.At, s.Value[symbol]))
                .ToList());
        }
    }

    public Task<CandleDay?> GetCandleDayAsync(ExchangeId exchange, string symbol, DateOnly day, CancellationToken ct)
    {
        lock (gate)
        {
            return Task.FromResult(days.TryGetValue((exchange, symbol, day), out var kept)
                ? new CandleDay(exchange, symbol, day, kept.From, kept.Through, HistoryText.ToCandles(day, kept.Candles))
                : null);
        }
    }

    public Task PutCandleDayAsync(CandleDay day, CancellationToken ct)
    {
        lock (gate)
            days[(day.Exchange, day.Symbol, day.Day)] = (day.From, day.Through, HistoryText.FromCandles(day));
        return Task.CompletedTask;
    }

    private static HistoryPoint PointOf(DateTimeOffset at, string text)
    {
        var seen = HistoryText.ToSeen(text);
        return new HistoryPoint(at, seen.Price, seen.High, seen.Low);
    }
}
