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
public sealed class BinancePriceSource(HttpClient http, TimeProvider clock) : ExchangeSource(new BinanceApi(http, clock)), IPriceSource
{
    public Task<PriceQuotes> GetPricesAsync(IReadOnlyCollection<string> symbols, CancellationToken ct) => Api.GetPricesAsync(symbols, ct);
}
