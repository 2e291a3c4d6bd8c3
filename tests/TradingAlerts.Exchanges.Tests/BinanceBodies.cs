namespace TradingAlerts.Exchanges.Tests;

/// <summary>Bodies as Binance documents them (shared/reference/api-facts.md, 4.1), verbatim unless named otherwise.</summary>
internal static class BinanceBodies
{
    public const string Multiple = """[{"symbol":"LTCBTC","price":"4.00000200"},{"symbol":"ETHBTC","price":"0.07946600"}]""";

    public const string Single = """{"symbol":"LTCBTC","price":"4.00000200"}""";

    public const string RestrictedLocation = """{"code": 0, "msg": "Service unavailable from a restricted location according to 'b. Eligibility' in https://www.binance.com/en/terms. Please contact customer service if you believe you received this message in error."}""";

    public const string InvalidSymbol = """{"code": -1121, "msg": "Invalid symbol."}""";

    /// <summary>The documented list plus a large price with all eight decimals, as BTC pairs quote.</summary>
    public const string WithLargePrice = """[{"symbol":"LTCBTC","price":"4.00000200"},{"symbol":"ETHBTC","price":"0.07946600"},{"symbol":"BTCUSDT","price":"123456789012.12345678"}]""";
}
