using TradingAlerts.Core.Prices;
using TradingAlerts.Core.Signals;
using TradingAlerts.Http;

namespace TradingAlerts.Exchanges.Binance;

/// <summary>
/// Binance spot prices from the all-symbols ticker: one request (weight 4) whatever the number of symbols asked.
/// </summary>
/// <remarks>
/// Give it a client from <see cref="ResilientHttp.Create"/> with a Binance base address (for market data only,
/// https://data-api.binance.vision). After a 429 or 418 it sends nothing until the Retry-After has passed: Binance
/// bans an IP that keeps asking, for up to 3 days.
/// </remarks>
public sealed class BinancePriceSource(HttpClient http, TimeProvider clock) : IPriceSource
{
    private const string TickerPath = "api/v3/ticker/price";

    private static readonly JsonShape TickerShape = new("the array of prices", """[{"symbol":"…","price":"…"}, …]""");

    private readonly BinanceApi api = new(http, clock);

    public ExchangeId Exchange => ExchangeId.Binance;

    public async Task<PriceQuotes> GetPricesAsync(IReadOnlyCollection<string> symbols, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(symbols);
        ct.ThrowIfCancellationRequested();
        if (symbols.Count == 0)
            return new PriceQuotes(new Dictionary<string, decimal>(), IsCompleteListing: false);

        var entries = await api.GetAsync(TickerPath, BinanceJsonContext.Default.BinanceTickerPriceArray, TickerShape, ct);
        return api.CompleteListing(entries, e => e.Symbol, e => e.Price, Symbols.Normalize, unpricedIsAbsent: false);
    }
}
