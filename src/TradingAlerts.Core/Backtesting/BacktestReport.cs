using System.Text.Json;
using System.Text.Json.Serialization;
using TradingAlerts.Core.Prices;
using TradingAlerts.Core.Signals;

namespace TradingAlerts.Core.Backtesting;

/// <summary>A backtest's answer: the exchange, its spelling of the symbol, the candles the rule ran over, and what it would have done.</summary>
public sealed record BacktestReport(ExchangeId Exchange, string Symbol, IReadOnlyList<Candle> Candles, BacktestResult Result)
{
    /// <summary>
    /// The JSON of <c>backtest --json</c> and <c>GET /api/backtest</c> (the README's contract): snake_case, times ISO
    /// 8601 UTC with a <c>Z</c>, prices numbers; not the candles themselves, only their count.
    /// </summary>
    public string ToJson() => JsonSerializer.Serialize(
        new BacktestWire(
            Exchange.ToWire(),
            Symbol,
            Result.From.UtcDateTime,
            Result.To.UtcDateTime,
            Result.Candles,
            Result.Firings.Select(f => new FiringWire(f.Time.UtcDateTime, f.Price, f.Wick)).ToList(),
            Result.Pushes,
            Result.Paused.Select(p => p.UtcDateTime).ToList(),
            Result.Gaps.Select(g => new GapWire(g.From.UtcDateTime, g.To.UtcDateTime)).ToList(),
            Result.Unchecked),
        BacktestJsonContext.Default.BacktestWire);
}

internal sealed record BacktestWire(
    string Exchange,
    string Symbol,
    DateTime From,
    DateTime To,
    int Candles,
    IReadOnlyList<FiringWire> Firings,
    int Pushes,
    IReadOnlyList<DateTime> Paused,
    IReadOnlyList<GapWire> Gaps,
    int Unchecked);

internal sealed record FiringWire(DateTime Time, decimal Price, bool Wick);

internal sealed record GapWire(DateTime From, DateTime To);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(BacktestWire))]
internal sealed partial class BacktestJsonContext : JsonSerializerContext;
