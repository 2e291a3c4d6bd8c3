using TradingAlerts.Core.Signals;

namespace TradingAlerts.Core.Prices;

/// <summary>A market as one exchange lists it: its own symbol (<c>BTCUSDT</c>, <c>BTC-USD</c>) and the pair it trades.</summary>
/// <param name="Symbol">The exchange's own spelling, used in its requests and answers.</param>
/// <param name="Base">Upper-case base asset, e.g. BTC.</param>
/// <param name="Quote">Upper-case quote asset, e.g. USDT. USDT is not USD: quotes are never swapped.</param>
/// <param name="IsTrading">False while the market is halted, in auction or delisted.</param>
public sealed record Instrument(string Symbol, string Base, string Quote, bool IsTrading);

/// <summary>The instruments one exchange lists (Binance exchangeInfo, Bybit instruments-info, Coinbase products).</summary>
public interface IExchangeCatalog
{
    ExchangeId Exchange { get; }

    /// <summary>Every spot instrument; throws <see cref="ExchangeUnavailableException"/> when the exchange cannot answer.</summary>
    Task<IReadOnlyList<Instrument>> GetInstrumentsAsync(CancellationToken ct);
}

/// <summary>One candle of an exchange's price history.</summary>
public sealed record Candle(DateTimeOffset OpenTime, decimal High, decimal Low, decimal Close);

/// <summary>One second's prices (a one-second candle's high and low) or one trade's price: finer than a one-minute candle.</summary>
public sealed record PricePoint(DateTimeOffset Time, decimal High, decimal Low);

/// <summary>Prices finer than one-minute candles over a span.</summary>
/// <param name="Points">Oldest first.</param>
/// <param name="ReachesBack">
/// Whether the points hold everything traded since the start asked for: one-second candles always do; a list of the
/// most recent trades does only when its oldest trade is older than that start (or it holds every trade there was).
/// </param>
public sealed record FinePrices(IReadOnlyList<PricePoint> Points, bool ReachesBack);

/// <summary>Recent price history, for crossings that happened between two polls.</summary>
public interface ICandleSource
{
    ExchangeId Exchange { get; }

    /// <summary>
    /// The prices traded in [<paramref name="from"/>, <paramref name="to"/>], finer than one-minute candles: for the
    /// minute in which an alert armed, where a candle cannot tell which of its prices came after the arming. Binance
    /// has one-second candles; Bybit and Coinbase give their most recent trades, which may not reach back that far.
    /// Throws <see cref="ExchangeUnavailableException"/> when the exchange cannot answer.
    /// </summary>
    Task<FinePrices> GetFinePricesAsync(string symbol, DateTimeOffset from, DateTimeOffset to, CancellationToken ct);

    /// <summary>
    /// The one-minute candles of <paramref name="symbol"/> (the exchange's own spelling) whose open time lies in
    /// [<paramref name="from"/>, <paramref name="to"/>), oldest first, in as few requests as the exchange allows.
    /// Throws <see cref="ExchangeUnavailableException"/> when the exchange cannot answer.
    /// </summary>
    Task<IReadOnlyList<Candle>> GetMinuteCandlesAsync(string symbol, DateTimeOffset from, DateTimeOffset to, CancellationToken ct);
}
