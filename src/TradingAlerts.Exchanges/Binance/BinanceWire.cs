using System.Text.Json.Serialization;

namespace TradingAlerts.Exchanges.Binance;

/// <summary>One entry of <c>GET /api/v3/ticker/price</c>: <c>{"symbol":"LTCBTC","price":"4.00000200"}</c>.</summary>
internal sealed record BinanceTickerPrice(string? Symbol, string? Price);

/// <summary>Binance's error body: <c>{"code": -1121, "msg": "Invalid symbol."}</c>.</summary>
internal sealed record BinanceError(int? Code, string? Msg);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(BinanceTickerPrice[]))]
[JsonSerializable(typeof(BinanceError))]
internal sealed partial class BinanceJsonContext : JsonSerializerContext;
