using TradingAlerts.Exchanges.Coinbase;

namespace TradingAlerts.Exchanges.Tests;

/// <summary>
/// Bodies of Coinbase Advanced Trade's public market data, in the layout its API reference documents
/// (docs.cdp.coinbase.com/api-reference/advanced-trade-api/rest-api/public/list-public-products and
/// …/get-public-product-candles), trimmed to the fields that matter; values named where they are ours. And the
/// cases the contracts test on them.
/// </summary>
internal static class CoinbaseBodies
{
    /// <summary>
    /// The documented product (BTC-USD at 140.21) and ETH-USD with a price of more digits than a double holds.
    /// </summary>
    public const string Products = """{"products":[{"product_id":"BTC-USD","price":"140.21","price_percentage_change_24h":"9.43%","volume_24h":"1908432","volume_percentage_change_24h":"9.43%","base_increment":"0.00000001","quote_increment":"0.00000001","quote_min_size":"0.00000001","quote_max_size":"1000","base_min_size":"0.00000001","base_max_size":"1000","base_name":"Bitcoin","quote_name":"US Dollar","watched":true,"is_disabled":false,"new":true,"status":"online","cancel_only":false,"limit_only":false,"post_only":false,"trading_disabled":false,"auction_mode":false,"product_type":"SPOT","quote_currency_id":"USD","base_currency_id":"BTC","mid_market_price":"140.22","alias":"","alias_to":[],"base_display_symbol":"BTC","quote_display_symbol":"USD","view_only":false,"price_increment":"0.00000001"},{"product_id":"ETH-USD","price":"123456789012.12345678","status":"online","trading_disabled":false,"is_disabled":false,"cancel_only":false,"auction_mode":false,"product_type":"SPOT","quote_currency_id":"USD","base_currency_id":"ETH"}],"num_products":2}""";

    /// <summary>
    /// Spot products for the catalog: BTC-USD online; LUNA-USD delisted; SOL-USD online but trading disabled;
    /// and a product whose currency ids are written in lower case (ours, to show they are upper-cased).
    /// </summary>
    public const string SpotProducts = """{"products":[{"product_id":"BTC-USD","price":"140.21","status":"online","trading_disabled":false,"is_disabled":false,"cancel_only":false,"auction_mode":false,"product_type":"SPOT","quote_currency_id":"USD","base_currency_id":"BTC"},{"product_id":"LUNA-USD","price":"","status":"delisted","trading_disabled":true,"is_disabled":true,"cancel_only":false,"auction_mode":false,"product_type":"SPOT","quote_currency_id":"USD","base_currency_id":"LUNA"},{"product_id":"SOL-USD","price":"21.5","status":"online","trading_disabled":true,"is_disabled":false,"cancel_only":false,"auction_mode":false,"product_type":"SPOT","quote_currency_id":"USD","base_currency_id":"SOL"},{"product_id":"USDC-EUR","price":"0.91","status":"online","trading_disabled":false,"is_disabled":false,"cancel_only":false,"auction_mode":false,"product_type":"SPOT","quote_currency_id":"eur","base_currency_id":"usdc"}],"num_products":4}""";

    /// <summary>
    /// One-minute candles of BTC-USD from 2021-12-14 18:53 to 18:57 UTC, newest first; 18:54 carries the documented
    /// example's values.
    /// </summary>
    public const string OneMinuteCandles = """{"candles":[{"start":"1639508220","low":"140.3","high":"140.9","open":"140.4","close":"140.8","volume":"1200"},{"start":"1639508160","low":"140.25","high":"140.5","open":"140.3","close":"140.4","volume":"900.5"},{"start":"1639508100","low":"140.11","high":"140.35","open":"140.21","close":"140.3","volume":"1000"},{"start":"1639508040","low":"140.21","high":"140.21","open":"140.21","close":"140.21","volume":"56437345"},{"start":"1639507980","low":"139.9","high":"140.25","open":"140","close":"140.21","volume":"700"}]}""";

    /// <summary>Only the products asked come back, one request per hundred.</summary>
    public static readonly PriceCase Prices = new(
        ExchangeId.Coinbase,
        "/api/v3/brokerage/market/products",
        Products,
        new Dictionary<string, decimal> { ["BTC-USD"] = 140.21m, ["ETH-USD"] = 123456789012.12345678m },
        Query: new Dictionary<string, string[]> { ["product_ids"] = ["BTC-USD", "ETH-USD"] },
        IsCompleteListing: false,
        RequestsFor: symbols => (symbols + 99) / 100,
        BtcUsdt: "BTC-USDT",
        (http, clock) => new CoinbasePriceSource(http, clock));

    public static readonly CatalogCase Catalog = new(
        ExchangeId.Coinbase, "/api/v3/brokerage/market/products", new Dictionary<string, string[]> { ["product_type"] = ["SPOT"] }, SpotProducts,
        [new("BTC-USD", "BTC", "USD", IsTrading: true), new("LUNA-USD", "LUNA", "USD", IsTrading: false), new("SOL-USD", "SOL", "USD", IsTrading: false), new("USDC-EUR", "USDC", "EUR", IsTrading: true)],
        (http, clock) => new CoinbaseCatalog(http, clock));

    /// <summary>Of the 18:53 to 18:57 of <see cref="OneMinuteCandles"/>, 18:54 to 18:56, oldest first.</summary>
    public static readonly CandleCase Candles = new(
        ExchangeId.Coinbase, OneMinuteCandles, "BTC-USD", SixFiftyFour, SixFiftyFour.AddMinutes(3),
        CandleCase.Minutes(SixFiftyFour, (140.21m, 140.21m, 140.21m), (140.35m, 140.11m, 140.3m), (140.5m, 140.25m, 140.4m)),
        new(product => $"/api/v3/brokerage/market/products/{product}/candles", new Dictionary<string, string> { ["granularity"] = "ONE_MINUTE" }, "start", "end", TimeSpan.FromSeconds(1), 350),
        (http, clock) => new CoinbaseCandleSource(http, clock));

    private static DateTimeOffset SixFiftyFour => new(2021, 12, 14, 18, 54, 0, TimeSpan.Zero);
}
