using TradingAlerts.Exchanges.Binance;
using TradingAlerts.Exchanges.Bybit;
using TradingAlerts.Exchanges.Coinbase;
using TradingAlerts.Http;

namespace TradingAlerts.Exchanges;

/// <summary>
/// The three exchanges wired once for a composition root (CLI, Lambda): one HTTP client per exchange, shared by its
/// price source, instrument list and candles, each counting the requests that reach the exchange.
/// </summary>
public sealed class ExchangeSet : IDisposable
{
    private readonly List<HttpClient> clients = [];

    public ExchangeSet(Uri binance, Uri bybit, Uri coinbase, HttpRetryOptions retry, TimeProvider clock, HttpRuntime? runtime = null)
    {
        var requests = new Dictionary<ExchangeId, RequestCounter>();
        HttpClient Client(ExchangeId exchange, Uri url)
        {
            requests[exchange] = new RequestCounter();
            var client = ResilientHttp.Create(url, retry, requests[exchange], runtime);
            clients.Add(client);
            return client;
        }

        var binanceHttp = Client(ExchangeId.Binance, binance);
        var bybitHttp = Client(ExchangeId.Bybit, bybit);
        var coinbaseHttp = Client(ExchangeId.Coinbase, coinbase);
        Requests = requests;
        PriceSources = [new BinancePriceSource(binanceHttp, clock), new BybitPriceSource(bybitHttp, clock), new CoinbasePriceSource(coinbaseHttp, clock)];
        Catalogs = [new BinanceCatalog(binanceHttp, clock), new BybitCatalog(bybitHttp, clock), new CoinbaseCatalog(coinbaseHttp, clock)];
        Candles = [new BinanceCandleSource(binanceHttp, clock), new BybitCandleSource(bybitHttp, clock), new CoinbaseCandleSource(coinbaseHttp, clock)];
    }

    public IReadOnlyList<IPriceSource> PriceSources { get; }

    public IReadOnlyList<IExchangeCatalog> Catalogs { get; }

    public IReadOnlyList<ICandleSource> Candles { get; }

    /// <summary>Requests that reached each exchange (retries included) since the set was built.</summary>
    public IReadOnlyDictionary<ExchangeId, RequestCounter> Requests { get; }

    public void Dispose()
    {
        foreach (var client in clients)
            client.Dispose();
    }
}
