using TradingAlerts.Core.Prices;
using TradingAlerts.Core.Signals;

namespace TradingAlerts.Core.Backtesting;

/// <summary>
/// A backtest of one alert, as the CLI's <c>backtest</c>, <c>GET /api/backtest</c> and the create form's preview all run
/// it: the exchange's own spelling of the symbol, the period's candles (through <see cref="CandleDownload"/>, which
/// pages and waits out rate limits), and the alert's rule over them from the period's start.
/// </summary>
public sealed class SignalBacktest(CandleDownload download, PriceCheck prices)
{
    /// <summary>Throws <see cref="ExchangeUnavailableException"/> when the exchange cannot give the candles; nothing is written.</summary>
    public async Task<BacktestReport> RunAsync(Signal signal, (DateTimeOffset From, DateTimeOffset To) period, IProgress<DownloadProgress>? progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(signal);
        var symbol = prices.SymbolFor(signal.Exchange, new Pair(signal.Base, signal.Quote));
        var candles = await download.GetAsync(signal.Exchange, symbol, period.From, period.To, progress, ct);
        var result = new Backtest().Run(Backtest.StartOf(signal, period.From), candles, period.From, period.To);
        return new BacktestReport(signal.Exchange, symbol, candles, result);
    }
}
