using TradingAlerts.Http;

namespace TradingAlerts.Exchanges.Bybit;

/// <summary>
/// Bybit spot prices from <c>GET /v5/market/tickers?category=spot</c>: every symbol in one request, whatever the
/// number asked, keyed as Bybit spells them (<c>BTCUSDT</c>). A symbol without a last price yet is left out.
/// </summary>
/// <remarks>
/// Give it a client from <see cref="ResilientHttp.Create"/> with a Bybit base address (https://api.bybit.com).
/// After a rate limit (retCode 10006, HTTP 429) it sends nothing until Bybit's reset time
/// (X-Bapi-Limit-Reset-Timestamp or Retry-After), or for 60 s when Bybit does not say.
/// </remarks>
public sealed class BybitPriceSource(HttpClient http, TimeProvider clock) : ExchangeSource(new BybitApi(http, clock)), IPriceSource
{
    public Task<PriceQuotes> GetPricesAsync(IReadOnlyCollection<string> symbols, CancellationToken ct) => Api.GetPricesAsync(symbols, ct);
}
