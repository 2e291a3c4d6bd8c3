using TradingAlerts.Exchanges.Binance;

namespace TradingAlerts.Exchanges.Tests;

/// <summary>
/// Bodies as Binance documents them (shared/reference/api-facts.md, 4.1), verbatim unless named otherwise, and the
/// cases the contracts test on them.
/// </summary>
internal static class BinanceBodies
{
    public const string Multiple = """[{"symbol":"LTCBTC","price":"4.00000200"},{"symbol":"ETHBTC","price":"0.07946600"}]""";

    public const string Single = """{"symbol":"LTCBTC","price":"4.00000200"}""";

    public const string RestrictedLocation = """{"code": 0, "msg": "Service unavailable from a restricted location according to 'b. Eligibility' in https://www.binance.com/en/terms. Please contact customer service if you believe you received this message in error."}""";

    public const string InvalidSymbol = """{"code": -1121, "msg": "Invalid symbol."}""";

    /// <summary>The documented list plus a large price with all eight decimals, as BTC pairs quote.</summary>
    public const string WithLargePrice = """[{"symbol":"LTCBTC","price":"4.00000200"},{"symbol":"ETHBTC","price":"0.07946600"},{"symbol":"BTCUSDT","price":"123456789012.12345678"}]""";

    /// <summary>
    /// exchangeInfo shaped like the documented example (rest-api.md, General endpoints), trimmed to three symbols: one
    /// trading, one halted (status BREAK) and one margin-only (not open to spot trading).
    /// </summary>
    public const string ExchangeInfo = """
        {"timezone":"UTC","serverTime":1565246363776,"rateLimits":[{"rateLimitType":"REQUEST_WEIGHT","interval":"MINUTE","intervalNum":1,"limit":6000}],"exchangeFilters":[],
        "symbols":[
        {"symbol":"ETHBTC","status":"TRADING","baseAsset":"ETH","baseAssetPrecision":8,"quoteAsset":"BTC","quotePrecision":8,"quoteAssetPrecision":8,"orderTypes":["LIMIT","LIMIT_MAKER","MARKET","STOP_LOSS_LIMIT","TAKE_PROFIT_LIMIT"],"icebergAllowed":true,"ocoAllowed":true,"isSpotTradingAllowed":true,"isMarginTradingAllowed":true,"filters":[],"permissions":[],"permissionSets":[["SPOT","MARGIN"]],"defaultSelfTradePreventionMode":"NONE","allowedSelfTradePreventionModes":["NONE"]},
        {"symbol":"LUNABTC","status":"BREAK","baseAsset":"LUNA","baseAssetPrecision":8,"quoteAsset":"BTC","quotePrecision":8,"quoteAssetPrecision":8,"orderTypes":["LIMIT","MARKET"],"icebergAllowed":true,"ocoAllowed":true,"isSpotTradingAllowed":true,"isMarginTradingAllowed":false,"filters":[],"permissions":[],"permissionSets":[["SPOT"]],"defaultSelfTradePreventionMode":"NONE","allowedSelfTradePreventionModes":["NONE"]},
        {"symbol":"XMRBTC","status":"TRADING","baseAsset":"XMR","baseAssetPrecision":8,"quoteAsset":"BTC","quotePrecision":8,"quoteAssetPrecision":8,"orderTypes":["LIMIT","MARKET"],"icebergAllowed":true,"ocoAllowed":true,"isSpotTradingAllowed":false,"isMarginTradingAllowed":true,"filters":[],"permissions":[],"permissionSets":[["MARGIN"]],"defaultSelfTradePreventionMode":"NONE","allowedSelfTradePreventionModes":["NONE"]}
        ]}
        """;

    /// <summary>
    /// Klines of 2017-07-03 23:59 to 00:03 UTC, oldest first as Binance sends them. The 00:00 row is the documented
    /// example verbatim; the others repeat its layout.
    /// </summary>
    public const string Klines = """
        [
        [1499039940000,"0.01630000","0.01640000","0.01620000","0.01634790","100.00000000",1499039999999,"1.63000000",10,"50.00000000","0.81000000","0"],
        [1499040000000,"0.01634790","0.80000000","0.01575800","0.01577100","148976.11427815",1499644799999,"2434.19055334",308,"1756.87402397","28.46694368","0"],
        [1499040060000,"0.01577100","0.01580000","0.01570000","0.01575000","12.00000000",1499040119999,"0.18900000",4,"6.00000000","0.09450000","0"],
        [1499040120000,"0.01575000","0.01579999","0.01574001","0.01578888","8.00000000",1499040179999,"0.12600000",3,"4.00000000","0.06300000","0"],
        [1499040180000,"0.01578888","0.01590000","0.01578000","0.01589000","9.00000000",1499040239999,"0.14200000",3,"4.00000000","0.07100000","0"]
        ]
        """;

    public static readonly PriceCase Prices = new(
        ExchangeId.Binance, "/api/v3/ticker/price", WithLargePrice,
        new Dictionary<string, decimal> { ["LTCBTC"] = 4.000002m, ["ETHBTC"] = 0.079466m, ["BTCUSDT"] = 123456789012.12345678m },
        Query: new Dictionary<string, string[]>(),
        IsCompleteListing: true, RequestsFor: _ => 1, "BTCUSDT", (http, clock) => new BinancePriceSource(http, clock));

    /// <summary>The spot markets of <see cref="ExchangeInfo"/>: margin-only XMRBTC is not one of them.</summary>
    public static readonly CatalogCase Catalog = new(
        ExchangeId.Binance, "/api/v3/exchangeInfo", new Dictionary<string, string[]>(), ExchangeInfo,
        [new("ETHBTC", "ETH", "BTC", IsTrading: true), new("LUNABTC", "LUNA", "BTC", IsTrading: false)],
        (http, clock) => new BinanceCatalog(http, clock));

    /// <summary>Of the 23:59 to 00:03 of <see cref="Klines"/>, 00:00 to 00:02; open and volumes are not kept.</summary>
    public static readonly CandleCase Candles = new(
        ExchangeId.Binance, Klines, "BTCUSDT", Midnight, Midnight.AddMinutes(3),
        CandleCase.Minutes(Midnight, (0.8m, 0.015758m, 0.015771m), (0.0158m, 0.0157m, 0.01575m), (0.01579999m, 0.01574001m, 0.01578888m)),
        new(_ => "/api/v3/klines", new Dictionary<string, string> { ["symbol"] = "BTCUSDT", ["interval"] = "1m" }, "startTime", "endTime", TimeSpan.FromMilliseconds(1), 1000),
        (http, clock) => new BinanceCandleSource(http, clock));

    private static DateTimeOffset Midnight => new(2017, 7, 3, 0, 0, 0, TimeSpan.Zero);
}
