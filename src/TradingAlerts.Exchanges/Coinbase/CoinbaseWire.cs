using System.Text.Json.Serialization;

namespace TradingAlerts.Exchanges.Coinbase;

/// <summary>Advanced Trade <c>GET /api/v3/brokerage/market/products</c>: <c>{"products":[…],"num_products":1}</c>.</summary>
internal sealed record CoinbaseProducts(CoinbaseProduct?[]? Products);

/// <summary>
/// One product, the fields we read: <c>{"product_id":"BTC-USD","price":"140.21","status":"online",
/// "trading_disabled":false,"is_disabled":false,"cancel_only":false,"auction_mode":false,
/// "quote_currency_id":"USD","base_currency_id":"BTC", …}</c>.
/// </summary>
internal sealed record CoinbaseProduct(
    string? ProductId,
    string? Price,
    string? BaseCurrencyId,
    string? QuoteCurrencyId,
    string? Status,
    bool? TradingDisabled,
    bool? IsDisabled,
    bool? CancelOnly,
    bool? AuctionMode);

/// <summary>Advanced Trade public candles: <c>{"candles":[{"start":"1639508050","low":"140.21","high":"140.21","open":"140.21","close":"140.21","volume":"56437345"}]}</c>.</summary>
internal sealed record CoinbaseCandles(CoinbaseCandle?[]? Candles);

internal sealed record CoinbaseCandle(string? Start, string? Low, string? High, string? Close);

/// <summary>
/// Advanced Trade's public market trades (<c>/market/products/{id}/ticker</c>): <c>{"trades":[{"trade_id":"…","product_id":"BTC-USD",
/// "price":"140.91","size":"4","time":"2021-05-31T09:59:59.000Z","side":"BUY"}],"best_bid":"291.13","best_ask":"292.40"}</c>.
/// </summary>
internal sealed record CoinbaseTrades(CoinbaseTrade?[]? Trades);

internal sealed record CoinbaseTrade(string? Price, string? Time);

/// <summary>
/// Coinbase's error bodies: Advanced Trade <c>{"error":"NOT_FOUND","error_details":"…","message":"…"}</c>,
/// Exchange <c>{"message":"NotFound"}</c>.
/// </summary>
internal sealed record CoinbaseError(string? Error, string? ErrorDetails, string? Message);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(CoinbaseProducts))]
[JsonSerializable(typeof(CoinbaseCandles))]
[JsonSerializable(typeof(CoinbaseTrades))]
[JsonSerializable(typeof(CoinbaseError))]
internal sealed partial class CoinbaseJsonContext : JsonSerializerContext;
