using System.Globalization;
using System.Text;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

/// <summary>Binance, Bybit and Coinbase on loopback, each pricing SYM0USDT … SYM{n-1}USDT in its own bulk shape.</summary>
internal sealed class StubExchanges : IDisposable
{
    public StubExchanges(int symbols, Func<int, decimal> priceOf)
    {
        string Price(int s) => priceOf(s).ToString(CultureInfo.InvariantCulture);
        string Json(Func<int, string> item) => string.Join(',', Enumerable.Range(0, symbols).Select(item));

        Serve(Binance, "/api/v3/ticker/price", $"[{Json(s => $"{{\"symbol\":\"SYM{s}USDT\",\"price\":\"{Price(s)}\"}}")}]");
        Serve(Binance, "/api/v3/klines", "[]");
        Serve(Bybit, "/v5/market/tickers", $"{{\"retCode\":0,\"retMsg\":\"OK\",\"result\":{{\"category\":\"spot\",\"list\":[{Json(s => $"{{\"symbol\":\"SYM{s}USDT\",\"lastPrice\":\"{Price(s)}\"}}")}]}},\"time\":1673859087947}}");
        Serve(Bybit, "/v5/market/kline", """{"retCode":0,"retMsg":"OK","result":{"category":"spot","symbol":"X","list":[]},"time":1673859087947}""");
        Serve(Coinbase, "/api/v3/brokerage/market/products", new StringBuilder("{\"products\":[")
            .Append(Json(s => $"{{\"product_id\":\"SYM{s}-USDT\",\"price\":\"{Price(s)}\",\"status\":\"online\",\"product_type\":\"SPOT\",\"base_currency_id\":\"SYM{s}\",\"quote_currency_id\":\"USDT\"}}"))
            .Append("]}").ToString());
        Coinbase.Given(Request.Create().WithPath(new WireMock.Matchers.WildcardMatcher("/api/v3/brokerage/market/products/*/candles")).UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithBody("""{"candles":[]}"""));
    }

    public WireMockServer Binance { get; } = WireMockServer.Start();
    public WireMockServer Bybit { get; } = WireMockServer.Start();
    public WireMockServer Coinbase { get; } = WireMockServer.Start();

    public void Dispose()
    {
        Binance.Stop();
        Bybit.Stop();
        Coinbase.Stop();
    }

    private static void Serve(WireMockServer server, string path, string body) =>
        server.Given(Request.Create().WithPath(path).UsingGet()).RespondWith(Response.Create().WithStatusCode(200).WithBody(body));
}
