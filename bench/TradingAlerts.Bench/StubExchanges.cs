using System.Globalization;
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

        // Coinbase answers only the products asked (product_ids=…), as the real endpoint does, so batching is measured.
        Coinbase.Given(Request.Create().WithPath("/api/v3/brokerage/market/products").UsingGet())
            .RespondWith(Response.Create().WithCallback(request =>
            {
                IEnumerable<string> asked = request.Query is { } query && query.TryGetValue("product_ids", out var ids) ? ids : [];
                var products = asked.Select(id => (Id: id, Index: int.Parse(id[3..id.IndexOf('-', StringComparison.Ordinal)], CultureInfo.InvariantCulture)))
                    .Select(p => $"{{\"product_id\":\"{p.Id}\",\"price\":\"{Price(p.Index)}\"}}");
                return new WireMock.ResponseMessage
                {
                    StatusCode = 200,
                    BodyData = new WireMock.Util.BodyData { BodyAsString = $"{{\"products\":[{string.Join(',', products)}]}}", DetectedBodyType = WireMock.Types.BodyType.String },
                };
            }));
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
