using System.Text.Json;
using System.Text.Json.Serialization;

namespace TradingAlerts.Exchanges.Binance;

/// <summary>One entry of <c>GET /api/v3/ticker/price</c>: <c>{"symbol":"LTCBTC","price":"4.00000200"}</c>.</summary>
internal sealed record BinanceTickerPrice(string? Symbol, string? Price);

/// <summary>Binance's error body: <c>{"code": -1121, "msg": "Invalid symbol."}</c>.</summary>
internal sealed record BinanceError(int? Code, string? Msg);

/// <summary>The part of <c>GET /api/v3/exchangeInfo</c> the catalog reads.</summary>
internal sealed record BinanceExchangeInfo(BinanceSymbol?[]? Symbols);

/// <summary>One market of exchangeInfo: <c>{"symbol":"ETHBTC","status":"TRADING","baseAsset":"ETH","quoteAsset":"BTC","isSpotTradingAllowed":true, …}</c>.</summary>
internal sealed record BinanceSymbol(string? Symbol, string? Status, string? BaseAsset, string? QuoteAsset, bool? IsSpotTradingAllowed);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(BinanceTickerPrice[]))]
[JsonSerializable(typeof(BinanceError))]
[JsonSerializable(typeof(BinanceExchangeInfo))]
[JsonSerializable(typeof(JsonElement[][]), TypeInfoPropertyName = "Klines")]
internal sealed partial class BinanceJsonContext : JsonSerializerContext;
