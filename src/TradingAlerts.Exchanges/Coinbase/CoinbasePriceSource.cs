using TradingAlerts.Http;

namespace TradingAlerts.Exchanges.Coinbase;

/// <summary>
/// Coinbase prices from Advanced Trade's public product list,
/// <c>GET /api/v3/brokerage/market/products?product_ids=BTC-USD&amp;product_ids=ETH-USD</c>: the last price of up to
/// 100 products in one request, no key needed, keyed as Coinbase spells them (<c>BTC-USD</c>).
/// </summary>
/// <remarks>
/// Give it a client from <see cref="ResilientHttp.Create"/> with base address https://api.coinbase.com (it sends
/// the User-Agent Coinbase requires). The answer holds only the products asked, so it is not a complete listing; an
/// unknown product is simply absent, and so is one without a price yet.
/// </remarks>
public sealed class CoinbasePriceSource(HttpClient http, TimeProvider clock) : ExchangeSource(new CoinbaseApi(http, clock)), IPriceSource
{
    public Task<PriceQuotes> GetPricesAsync(IReadOnlyCollection<string> symbols, CancellationToken ct) => Api.GetPricesAsync(symbols, ct);
}
