namespace TradingAlerts.Exchanges.Bybit;

/// <summary>
/// Bybit spot one-minute candles from <c>GET /v5/market/kline?category=spot&amp;interval=1</c>: up to 1000 a request,
/// so a longer range is paged. Bybit lists them newest first; they come back oldest first.
/// </summary>
public sealed class BybitCandleSource(HttpClient http, TimeProvider clock) : ExchangeSource(new BybitApi(http, clock)), ICandleSource
{
    public Task<IReadOnlyList<Candle>> GetMinuteCandlesAsync(string symbol, DateTimeOffset from, DateTimeOffset to, CancellationToken ct) =>
        Api.GetMinuteCandlesAsync(symbol, from, to, ct);

    public Task<FinePrices> GetFinePricesAsync(string symbol, DateTimeOffset from, DateTimeOffset to, CancellationToken ct) =>
        Api.GetFinePricesAsync(symbol, from, to, ct);
}
