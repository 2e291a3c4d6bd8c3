namespace TradingAlerts.Exchanges.Binance;

/// <summary>
/// Binance one-minute candles from <c>GET /api/v3/klines?interval=1m</c>: up to 1000 a request, so a range of up to
/// 16 hours 40 minutes is one request and a longer one is paged.
/// </summary>
public sealed class BinanceCandleSource(HttpClient http, TimeProvider clock) : ExchangeSource(new BinanceApi(http, clock)), ICandleSource
{
    public Task<IReadOnlyList<Candle>> GetMinuteCandlesAsync(string symbol, DateTimeOffset from, DateTimeOffset to, CancellationToken ct) =>
        Api.GetMinuteCandlesAsync(symbol, from, to, ct);

    public Task<FinePrices> GetFinePricesAsync(string symbol, DateTimeOffset from, DateTimeOffset to, CancellationToken ct) =>
        Api.GetFinePricesAsync(symbol, from, to, ct);
}
