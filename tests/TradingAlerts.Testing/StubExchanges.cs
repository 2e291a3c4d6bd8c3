using System.Globalization;
using System.Text.Json;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace TradingAlerts.Testing;

/// <summary>
/// Binance, Bybit and Coinbase as real HTTP servers on loopback, answering in their documented shapes (see
/// shared/reference/api-facts.md and the Exchanges tests' bodies). An exchange not told to price anything answers 404
/// to everything: "not listed", never the internet.
/// </summary>
public sealed class StubExchanges : IDisposable
{
    /// <summary>Serves the ticker and, for the symbols it prices, the listing (exchangeInfo).</summary>
    public WireMockServer Binance { get; } = WireMockServer.Start();

    public WireMockServer Bybit { get; } = WireMockServer.Start();

    /// <summary>The product list, which is both Coinbase's price source and its listing.</summary>
    public WireMockServer Coinbase { get; } = WireMockServer.Start();

    /// <summary>Binance's ticker (<c>/api/v3/ticker/price</c>) and exchangeInfo for these symbols, each ending in a 4-letter quote.</summary>
    public void BinancePrices(params (string Symbol, string Price)[] prices)
    {
        Binance.Reset();
        var body = JsonSerializer.Serialize(prices.Select(p => new Dictionary<string, string> { ["symbol"] = p.Symbol, ["price"] = p.Price }));
        Answer(Binance, "/api/v3/ticker/price", 200, body);
        var listing = JsonSerializer.Serialize(new
        {
            symbols = prices.Select(p => new { symbol = p.Symbol, status = "TRADING", baseAsset = p.Symbol[..^4], quoteAsset = p.Symbol[^4..], isSpotTradingAllowed = true }),
        });
        Answer(Binance, "/api/v3/exchangeInfo", 200, listing);
    }

    /// <summary>Binance's one-minute klines, in the documented row layout (open time, open, high, low, close, volume, close time, …).</summary>
    public void BinanceKlines(params (DateTimeOffset OpenTime, decimal High, decimal Low, decimal Close)[] candles)
    {
        string Text(decimal value) => value.ToString(CultureInfo.InvariantCulture);
        var rows = candles.Select(c =>
        {
            var open = c.OpenTime.ToUnixTimeMilliseconds();
            return $"[{open},\"{Text(c.Close)}\",\"{Text(c.High)}\",\"{Text(c.Low)}\",\"{Text(c.Close)}\",\"1.0\",{open + 59_999},\"1.0\",1,\"0.5\",\"0.5\",\"0\"]";
        });
        Answer(Binance, "/api/v3/klines", 200, $"[{string.Join(',', rows)}]");
    }

    public void BinanceAnswers(int status, string body)
    {
        Binance.Reset();
        Answer(Binance, "/api/v3/ticker/price", status, body);
    }

    /// <summary>Bybit's spot tickers, in the documented v5 shape.</summary>
    public void BybitPrices(params (string Symbol, string Price)[] prices)
    {
        Bybit.Reset();
        var body = JsonSerializer.Serialize(new
        {
            retCode = 0,
            retMsg = "OK",
            result = new { category = "spot", list = prices.Select(p => new { symbol = p.Symbol, lastPrice = p.Price }) },
            retExtInfo = new { },
            time = 1673859087947,
        });
        Answer(Bybit, "/v5/market/tickers", 200, body);
    }

    /// <summary>Coinbase's public product list with these products (BASE-QUOTE) online and priced.</summary>
    public void CoinbasePrices(params (string Product, string Price)[] prices)
    {
        Coinbase.Reset();
        var body = JsonSerializer.Serialize(new
        {
            products = prices.Select(p => new
            {
                product_id = p.Product,
                price = p.Price,
                status = "online",
                trading_disabled = false,
                is_disabled = false,
                cancel_only = false,
                auction_mode = false,
                product_type = "SPOT",
                base_currency_id = p.Product.Split('-')[0],
                quote_currency_id = p.Product.Split('-')[1],
            }),
            num_products = prices.Length,
        });
        Answer(Coinbase, "/api/v3/brokerage/market/products", 200, body);
    }

    public void Dispose()
    {
        Binance.Stop();
        Bybit.Stop();
        Coinbase.Stop();
    }

    private static void Answer(WireMockServer server, string path, int status, string body) =>
        server.Given(Request.Create().WithPath(path).UsingGet())
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(body));
}
