using TradingAlerts.Exchanges.Bybit;

namespace TradingAlerts.Exchanges.Tests;

/// <summary>
/// Bodies as Bybit documents them (shared/reference/api-facts.md, 4.2), verbatim unless named otherwise, and the
/// cases the contracts test on them.
/// </summary>
internal static class BybitBodies
{
    public const string Tickers = """{"retCode":0,"retMsg":"OK","result":{"category":"spot","list":[{"symbol":"BTCUSDT","bid1Price":"20517.96","bid1Size":"2","ask1Price":"20527.77","ask1Size":"1.862172","lastPrice":"20533.13","prevPrice24h":"20393.48","price24hPcnt":"0.0068","highPrice24h":"21128.12","lowPrice24h":"20318.89","turnover24h":"243765620.65899866","volume24h":"11801.27771","usdIndexPrice":"20784.12009279"}]},"retExtInfo":{},"time":1673859087947}""";

    /// <summary>The documented tickers plus a symbol whose price has more digits than a double holds.</summary>
    public const string TickersWithLargePrice = """{"retCode":0,"retMsg":"OK","result":{"category":"spot","list":[{"symbol":"BTCUSDT","bid1Price":"20517.96","bid1Size":"2","ask1Price":"20527.77","ask1Size":"1.862172","lastPrice":"20533.13","prevPrice24h":"20393.48","price24hPcnt":"0.0068","highPrice24h":"21128.12","lowPrice24h":"20318.89","turnover24h":"243765620.65899866","volume24h":"11801.27771","usdIndexPrice":"20784.12009279"},{"symbol":"BIGUSDT","lastPrice":"123456789012.12345678"}]},"retExtInfo":{},"time":1673859087947}""";

    /// <summary>A v5 error: HTTP 200 with a non-zero retCode (docs/v5/error.mdx).</summary>
    public static string Error(int retCode, string retMsg) =>
        $$"""{"retCode":{{retCode}},"retMsg":"{{retMsg}}","result":{},"retExtInfo":{},"time":1673859087947}""";

    /// <summary>
    /// instruments-info, spot, in the documented layout (docs/v5/market/instrument.mdx): BTCUSDT trading and
    /// LUNAUSDT closed; the second entry is ours.
    /// </summary>
    public const string Instruments = """{"retCode":0,"retMsg":"OK","result":{"category":"spot","list":[{"symbol":"BTCUSDT","baseCoin":"BTC","quoteCoin":"USDT","innovation":"0","status":"Trading","marginTrading":"both","lotSizeFilter":{"basePrecision":"0.000001","quotePrecision":"0.00000001","minOrderQty":"0.000048","maxOrderQty":"71.73956243","minOrderAmt":"1","maxOrderAmt":"2000000"},"priceFilter":{"tickSize":"0.01"},"riskParameters":{"limitParameter":"0.05","marketParameter":"0.05"}},{"symbol":"LUNAUSDT","baseCoin":"LUNA","quoteCoin":"USDT","innovation":"1","status":"Closed","marginTrading":"none","lotSizeFilter":{"basePrecision":"0.01","quotePrecision":"0.000001","minOrderQty":"0.01","maxOrderQty":"100000","minOrderAmt":"1","maxOrderAmt":"200000"},"priceFilter":{"tickSize":"0.0001"},"riskParameters":{"limitParameter":"0.05","marketParameter":"0.05"}}],"nextPageCursor":""},"retExtInfo":{},"time":1672712468011}""";

    /// <summary>One page of instruments-info that names a next page.</summary>
    public static string InstrumentsPage(string symbol, string baseCoin, string nextPageCursor) =>
        $$"""{"retCode":0,"retMsg":"OK","result":{"category":"spot","list":[{"symbol":"{{symbol}}","baseCoin":"{{baseCoin}}","quoteCoin":"USDT","innovation":"0","status":"Trading"}],"nextPageCursor":"{{nextPageCursor}}"},"retExtInfo":{},"time":1672712468011}""";

    /// <summary>
    /// kline of 2022-12-09 17:59 to 18:03 UTC, newest first as Bybit sends them, in the documented layout
    /// [startTime, open, high, low, close, volume, turnover]; the 18:00 prices are the documented example's.
    /// </summary>
    public const string Kline = """{"retCode":0,"retMsg":"OK","result":{"symbol":"BTCUSDT","category":"spot","list":[["1670608980000","17060","17066.25","17058.5","17064","12.5","213300"],["1670608920000","17057","17062","17049.01","17060","20.1","342906"],["1670608860000","17055.5","17070.5","17050","17057","31.7","540702.9"],["1670608800000","17071","17073","17027","17055.5","268611","15.74462667"],["1670608740000","17080","17081","17070","17071","4177","0.24469757"]]},"retExtInfo":{},"time":1672025956592}""";

    public static readonly PriceCase Prices = new(
        ExchangeId.Bybit, "/v5/market/tickers", TickersWithLargePrice, new Dictionary<string, decimal> { ["BTCUSDT"] = 20533.13m, ["BIGUSDT"] = 123456789012.12345678m },
        Query: new Dictionary<string, string[]> { ["category"] = ["spot"] },
        IsCompleteListing: true, RequestsFor: _ => 1, BtcUsdt: "BTCUSDT", (http, clock) => new BybitPriceSource(http, clock));

    public static readonly CatalogCase Catalog = new(
        ExchangeId.Bybit,
        "/v5/market/instruments-info",
        new Dictionary<string, string[]> { ["category"] = ["spot"] },
        Instruments,
        [new("BTCUSDT", "BTC", "USDT", IsTrading: true), new("LUNAUSDT", "LUNA", "USDT", IsTrading: false)],
        (http, clock) => new BybitCatalog(http, clock));

    /// <summary>Of the 17:59 to 18:03 of <see cref="Kline"/>, 18:00 to 18:02, oldest first.</summary>
    public static readonly CandleCase Candles = new(
        ExchangeId.Bybit, Kline, "BTCUSDT", Six, Six.AddMinutes(3), CandleCase.Minutes(Six, (17073m, 17027m, 17055.5m), (17070.5m, 17050m, 17057m), (17062m, 17049.01m, 17060m)),
        new(_ => "/v5/market/kline", new Dictionary<string, string> { ["category"] = "spot", ["symbol"] = "BTCUSDT", ["interval"] = "1" }, "start", "end", TimeSpan.FromMilliseconds(1), 1000),
        (http, clock) => new BybitCandleSource(http, clock));

    private static DateTimeOffset Six => new(2022, 12, 9, 18, 0, 0, TimeSpan.Zero);
}
