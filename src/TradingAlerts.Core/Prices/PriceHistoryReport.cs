using System.Text.Json;
using System.Text.Json.Serialization;
using TradingAlerts.Core.Signals;

namespace TradingAlerts.Core.Prices;

/// <summary>A pair's prices as the checks saw them over a period, per exchange (<c>history</c>, <c>/api/history</c>, the alert page's chart).</summary>
public sealed record PairHistory(string Pair, DateTimeOffset From, DateTimeOffset To, IReadOnlyList<ExchangeHistory> Exchanges)
{
    public string ToJson() => JsonSerializer.Serialize(this, HistoryJsonContext.Default.PairHistory);
}

/// <summary>One exchange's prices of the pair, under its own symbol, oldest first.</summary>
public sealed record ExchangeHistory(string Exchange, string Symbol, IReadOnlyList<HistoryPoint> Points);

/// <summary>Reads a pair's price history from the store: nothing is asked of an exchange but, when the text does not tell base from quote, its listing.</summary>
public sealed class PriceHistoryReport(IPriceHistory history, PriceCheck check, TimeProvider clock)
{
    public const string DefaultPeriod = "24h";

    public static readonly TimeSpan LongestPeriod = TimeSpan.FromDays(90);

    public static bool TryParsePeriod(string? text, out TimeSpan period, out string? error) =>
        DurationText.TryParsePeriod(text, LongestPeriod, out period, out error);

    /// <summary>
    /// The pair's history over the <paramref name="period"/> up to now: on <paramref name="only"/>, or on every exchange
    /// that saw it. Throws <see cref="SignalValidationException"/> naming <c>symbol</c> when it is not one.
    /// </summary>
    public async Task<PairHistory> ForAsync(string? symbol, ExchangeId? only, TimeSpan period, CancellationToken ct)
    {
        var pair = await check.PairOfAsync(symbol, only, ct);
        var to = clock.GetUtcNow();
        var from = to - period;
        var exchanges = new List<ExchangeHistory>();
        foreach (var exchange in only is { } one ? [one] : check.Exchanges)
        {
            var native = check.SymbolFor(exchange, pair);
            var points = await history.ListPricesAsync(exchange, native, from, to, ct);
            if (points.Count > 0 || only is not null)
                exchanges.Add(new ExchangeHistory(exchange.ToWire(), native, points));
        }

        return new PairHistory(pair.ToString(), from, to, exchanges);
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(PairHistory))]
internal sealed partial class HistoryJsonContext : JsonSerializerContext;
