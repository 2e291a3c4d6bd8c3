namespace TradingAlerts.Exchanges.Binance;

/// <summary>
/// Binance's spot markets from <c>GET /api/v3/exchangeInfo</c>: one request, no caching (Core caches). Margin-only
/// symbols are left out; a halted or delisted one (status other than TRADING) is kept, not trading.
/// </summary>
public sealed class BinanceCatalog(HttpClient http, TimeProvider clock) : ExchangeSource(new BinanceApi(http, clock)), IExchangeCatalog
{
    public Task<IReadOnlyList<Instrument>> GetInstrumentsAsync(CancellationToken ct) => Api.GetInstrumentsAsync(ct);
}
