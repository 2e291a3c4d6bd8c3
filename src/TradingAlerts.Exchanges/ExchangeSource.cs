namespace TradingAlerts.Exchanges;

/// <summary>
/// What a price source, catalog or candle source of one exchange has in common: that exchange's API client, built
/// from the <see cref="HttpClient"/> and clock the source is given, and the exchange it names.
/// </summary>
/// <remarks>Only this assembly derives from it: the API client, which does the work, is internal.</remarks>
public abstract class ExchangeSource
{
    private protected ExchangeSource(ExchangeApi api) => Api = api;

    public ExchangeId Exchange => Api.Exchange;

    /// <summary>The exchange's own spelling of a pair: <c>BTCUSDT</c> on Binance and Bybit, <c>BTC-USDT</c> on Coinbase.</summary>
    public string SymbolFor(string baseAsset, string quoteAsset) => Api.SymbolFor(baseAsset, quoteAsset);

    private protected ExchangeApi Api { get; }
}
