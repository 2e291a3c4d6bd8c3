using System.Net;
using Microsoft.Extensions.Logging;
using TradingAlerts.Core.Accounts;
using TradingAlerts.Core.Analytics;
using TradingAlerts.Core.Backtesting;
using TradingAlerts.Core.Notifications;
using TradingAlerts.Core.Pipeline;
using TradingAlerts.Core.Prices;
using TradingAlerts.Core.Sheets;
using TradingAlerts.Core.Signals;

namespace TradingAlerts.Web;

/// <summary>What the web UI works with: Core's services, composed by the caller (the CLI's <c>serve</c> and <c>run</c>) for either store.</summary>
/// <param name="Firings">Each alert's firings and their deliveries, for the alert page.</param>
/// <param name="Prices">The alerts' current prices (with fallback and the circuit breaker), shared by the pages.</param>
/// <param name="Health">This process's view of the exchanges, shown until a cycle has been recorded.</param>
/// <param name="RecentPrices">A symbol's candles (from the candle cache) and the prices the checks saw, for the alert page's chart.</param>
/// <param name="Backtests">An alert's backtest over the exchange's candles, for the create form's preview and <c>/api/backtest</c>.</param>
/// <param name="Stats">The dashboard's and <c>/api/stats</c>'s figures over a period.</param>
/// <param name="History">The prices the cycles saw, for <c>/api/history</c> and the alert page's chart.</param>
/// <param name="Accounts">The team's accounts and credentials, in the same store: with one, the UI and API ask for sign-in.</param>
public sealed record WebUiServices(
    ISignalStore Store,
    IAccountStore Accounts,
    IDeliveryStore Firings,
    SignalIntake Intake,
    PriceCheck PriceCheck,
    CyclePrices Prices,
    ExchangeHealth Health,
    ICycleLog CycleLog,
    RecentPrices RecentPrices,
    SignalBacktest Backtests,
    StatsReport Stats,
    PriceHistoryReport History,
    ISheetSync SheetSync,
    TimeProvider Clock,
    ILoggerFactory Logs)
{
    /// <summary>Asks whether urgent alerts' escalations were acknowledged; null when there is no Pushover token.</summary>
    public IReceiptLookup? Receipts { get; init; }

    /// <summary>The monitor loop's live state when it runs in this process (<c>run</c>); null beside it (<c>serve</c>).</summary>
    public MonitorState<CycleRecord>? Monitor { get; init; }

    /// <summary>
    /// TRADINGALERTS_TRUSTED_PROXIES: the reverse proxies whose X-Forwarded-Proto and X-Forwarded-For are believed
    /// (the session cookie is then Secure over HTTPS, and sign-in is throttled by the real client's address). None: no
    /// forwarded header is believed.
    /// </summary>
    public IReadOnlyList<IPAddress> TrustedProxies { get; init; } = [];
}
