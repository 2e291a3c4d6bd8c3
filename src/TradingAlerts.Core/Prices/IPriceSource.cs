using TradingAlerts.Core.Signals;

namespace TradingAlerts.Core.Prices;

/// <summary>One exchange's current prices.</summary>
public interface IPriceSource
{
    ExchangeId Exchange { get; }

    /// <summary>The exchange's own spelling of a pair: <c>BTCUSDT</c> on Binance and Bybit, <c>BTC-USDT</c> on Coinbase.</summary>
    string SymbolFor(string baseAsset, string quoteAsset);

    /// <summary>
    /// The last prices of <paramref name="symbols"/> (the exchange's own spelling), in as few requests as the exchange allows. A source may return
    /// more symbols than asked (a bulk ticker returns them all). Throws <see cref="ExchangeUnavailableException"/>
    /// when the exchange cannot answer at all.
    /// </summary>
    Task<PriceQuotes> GetPricesAsync(IReadOnlyCollection<string> symbols, CancellationToken ct);
}

/// <param name="Prices">Last price by normalised symbol.</param>
/// <param name="IsCompleteListing">True when the answer holds every symbol the exchange trades, so a missing symbol is unknown there.</param>
public sealed record PriceQuotes(IReadOnlyDictionary<string, decimal> Prices, bool IsCompleteListing)
{
    /// <summary>
    /// Symbols the answer named without a usable price (zero, malformed, no trade yet), with why: the exchange cannot
    /// price them now, though it lists them; the rest of the answer still counts.
    /// </summary>
    public IReadOnlyDictionary<string, string> Unpriced { get; init; } = new Dictionary<string, string>();
}

/// <summary>The exchange could not answer: down, rate limited, region-blocked, or an unreadable body. The message says which.</summary>
public sealed class ExchangeUnavailableException(ExchangeId exchange, string reason, Exception? inner = null)
    : Exception($"{exchange.ToWire()}: {reason}", inner)
{
    public ExchangeId Exchange { get; } = exchange;
    public string Reason { get; } = reason;

    /// <summary>When the exchange refused for a rate limit: the moment it may be asked again (null otherwise).</summary>
    public DateTimeOffset? RetryAt { get; init; }
}
