namespace TradingAlerts.Exchanges.Coinbase;

/// <summary>
/// Coinbase one-minute candles from Advanced Trade's public
/// <c>GET /api/v3/brokerage/market/products/{product_id}/candles?granularity=ONE_MINUTE</c> (start and end in Unix
/// seconds): up to 350 a request, so a longer range is paged. They come back oldest first.
/// </summary>
public sealed class CoinbaseCandleSource(HttpClient http, TimeProvider clock) : ExchangeSource(new CoinbaseApi(http, clock)), ICandleSource
{
    public Task<IReadOnlyList<Candle>> GetMinuteCandlesAsync(string symbol, DateTimeOffset from, DateTimeOffset to, CancellationToken ct) =>
        Api.GetMinuteCandlesAsync(symbol, from, to, ct);

    public Task<FinePrices> GetFinePricesAsync(string symbol, DateTimeOffset from, DateTimeOffset to, CancellationToken ct) =>
        Api.GetFinePricesAsync(symbol, from, to, ct);
}
