namespace TradingAlerts.Exchanges.Coinbase;

/// <summary>
/// Coinbase's spot products from Advanced Trade's public <c>GET /api/v3/brokerage/market/products?product_type=SPOT</c>,
/// with base and quote from base_currency_id and quote_currency_id. A product trades when its status is "online"
/// and it is neither disabled, trading-disabled, cancel-only nor in auction.
/// </summary>
public sealed class CoinbaseCatalog(HttpClient http, TimeProvider clock) : ExchangeSource(new CoinbaseApi(http, clock)), IExchangeCatalog
{
    public Task<IReadOnlyList<Instrument>> GetInstrumentsAsync(CancellationToken ct) => Api.GetInstrumentsAsync(ct);
}
