using TradingAlerts.Core.Accounts;
using TradingAlerts.Core.Prices;
using TradingAlerts.Core.Signals;

namespace TradingAlerts.Testing;

/// <summary>An exchange whose listing is BTC, ETH, SOL and COIN0..COIN999 against USDT, all trading (the sheet tests' and bench's symbols).</summary>
public sealed class FixedListing(ExchangeId exchange) : IExchangeCatalog
{
    private static readonly IReadOnlyList<Instrument> Instruments =
        new[] { "BTC", "ETH", "SOL" }.Concat(Enumerable.Range(0, 1000).Select(i => $"COIN{i}"))
            .Select(b => new Instrument(b + "USDT", b, "USDT", IsTrading: true))
            .ToList();

    public ExchangeId Exchange { get; } = exchange;

    public Task<IReadOnlyList<Instrument>> GetInstrumentsAsync(CancellationToken ct) => Task.FromResult(Instruments);

    /// <summary>Intake for the three exchanges, each listing these instruments; owners are <paramref name="accounts"/>' (none when null).</summary>
    public static SignalIntake Intake(TimeProvider clock, IAccountStore? accounts = null) => new(
        new SignalValidator([ExchangeId.Binance, ExchangeId.Bybit, ExchangeId.Coinbase], clock),
        new MarketDirectory([new FixedListing(ExchangeId.Binance), new FixedListing(ExchangeId.Bybit), new FixedListing(ExchangeId.Coinbase)], clock, MarketDirectory.DefaultCacheFor),
        accounts);
}
