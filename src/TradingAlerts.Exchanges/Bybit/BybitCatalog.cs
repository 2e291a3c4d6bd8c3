namespace TradingAlerts.Exchanges.Bybit;

/// <summary>
/// Bybit's spot instruments from <c>GET /v5/market/instruments-info?category=spot</c>, following
/// <c>nextPageCursor</c> while Bybit gives one. Status "Trading" is trading; PreLaunch, Delivering and Closed are not.
/// </summary>
public sealed class BybitCatalog(HttpClient http, TimeProvider clock) : ExchangeSource(new BybitApi(http, clock)), IExchangeCatalog
{
    public Task<IReadOnlyList<Instrument>> GetInstrumentsAsync(CancellationToken ct) => Api.GetInstrumentsAsync(ct);
}
