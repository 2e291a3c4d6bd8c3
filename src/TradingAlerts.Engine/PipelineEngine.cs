using Microsoft.Extensions.Logging;
using TradingAlerts.Core.Analytics;
using TradingAlerts.Core.Backtesting;
using TradingAlerts.Core.Notifications;
using TradingAlerts.Core.Pipeline;
using TradingAlerts.Core.Prices;
using TradingAlerts.Core.Sheets;
using TradingAlerts.Core.Signals;
using TradingAlerts.Core.Transfer;
using TradingAlerts.Exchanges;
using TradingAlerts.Sheets;

namespace TradingAlerts.Engine;

/// <summary>
/// The pipeline, composed once for every host (the CLI, each Lambda, the simulation): Core's services over the
/// exchanges, the notification channels and the sheet, with plain constructors. The host only reads its settings and
/// picks its store, its queue and where its secrets come from. What needs the secrets (the notifiers, and the Worker
/// and Delivery services that send) is built by <see cref="CreateSenders"/>, so that a Lambda that does not send never
/// reads its secret.
/// </summary>
public sealed class PipelineEngine : IDisposable
{
    private readonly Disposables owned = new();
    private readonly EngineSettings settings;
    private readonly EngineTuning tuning;
    private readonly WickWatch wicks;

    public PipelineEngine(EngineSettings settings, IStore store, TimeProvider clock, ILoggerFactory logs, EngineTuning? tuning = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(logs);
        this.settings = settings;
        this.tuning = tuning ??= new EngineTuning();
        Store = store;
        Clock = clock;
        Logs = logs;

        var exchanges = Own(new ExchangeSet(settings.BinanceApiUrl, settings.BybitApiUrl, settings.CoinbaseApiUrl, tuning.ExchangeRetry, clock, tuning.Runtime));
        var requests = exchanges.Requests;
        Traffic = () => requests.ToDictionary(r => r.Key, r => new ExchangeTraffic(r.Value.Count, r.Value.Failures));
        PriceSources = exchanges.PriceSources;
        Candles = exchanges.Candles;
        Markets = new MarketDirectory(exchanges.Catalogs, clock, MarketDirectory.DefaultCacheFor);
        PriceCheck = new PriceCheck(PriceSources, Markets, settings.FallbackOrder, clock);

        // Kept for the process's life: an exchange whose circuit opened stays skipped across cycles and invocations.
        Health = new ExchangeHealth(clock, new CircuitOptions());
        var priceOptions = new PriceOptions { FallbackOrder = settings.FallbackOrder };
        Prices = new CyclePrices(PriceSources, Health, clock, priceOptions, logs.CreateLogger<CyclePrices>());
        PagePrices = new CyclePrices(PriceSources, Health, clock, priceOptions, logs.CreateLogger<CyclePrices>());
        Deadline = new WorkDeadline(clock);
        wicks = new WickWatch(Candles, clock, new WickOptions(), Deadline, logs.CreateLogger<WickWatch>());
        Intake = new SignalIntake(new SignalValidator(PriceSources.Select(s => s.Exchange).ToList(), clock), Markets, store);
        Importer = new SignalImporter(store, Intake);
        Sheets = Own(new GoogleSheets(settings.Sheets, clock, tuning.SheetsRetry));
        Stats = new StatsReport(store, store, store, clock);
        var download = new CandleDownload(Candles, store, clock);
        Backtests = new SignalBacktest(download, PriceCheck);
        RecentPrices = new RecentPrices(download, store, clock);
        History = new PriceHistoryReport(store, PriceCheck, clock);
    }

    public IStore Store { get; }
    public TimeProvider Clock { get; }
    public ILoggerFactory Logs { get; }
    public IReadOnlyList<IPriceSource> PriceSources { get; }

    /// <summary>Each exchange's one-minute candles (the wick rule, backtests and the alert page's chart).</summary>
    public IReadOnlyList<ICandleSource> Candles { get; }
    public MarketDirectory Markets { get; }

    /// <summary>A person's price check: every exchange's answer side by side (<c>price</c>, the web UI).</summary>
    public PriceCheck PriceCheck { get; }
    public ExchangeHealth Health { get; }
    public CyclePrices Prices { get; }

    /// <summary>
    /// The web UI's current prices, with the same sources, fallback and circuit as <see cref="Prices"/> but a book of
    /// their own: a CyclePrices keeps only its latest cycle, so a page loaded during a cycle in the same process
    /// (<c>run</c>) would otherwise throw the cycle's prices away and have its exchanges asked twice.
    /// </summary>
    public CyclePrices PagePrices { get; }

    /// <summary>Requests that reached each exchange (retries included) since the engine was built, and those that failed.</summary>
    public Func<IReadOnlyDictionary<ExchangeId, ExchangeTraffic>> Traffic { get; }

    /// <summary>
    /// When new work stops: never started by the CLI (no timeout); started by each Worker and Monolith invocation, so
    /// no record, alert, history request or send starts within <see cref="WorkDeadline.Reserve"/> of its timeout.
    /// </summary>
    public WorkDeadline Deadline { get; }

    /// <summary>How new alerts are taken in: validated, symbols checked against the exchanges' listings.</summary>
    public SignalIntake Intake { get; }
    public SignalImporter Importer { get; }

    /// <summary>The configured Google Sheet, opened for a sync or an append.</summary>
    public GoogleSheets Sheets { get; }

    /// <summary>What fired, was delivered and how healthy the monitor was over a period (<c>stats</c>, the dashboard).</summary>
    public StatsReport Stats { get; }

    /// <summary>
    /// An alert's backtest (the CLI's <c>backtest</c>, the web UI's preview and <c>/api/backtest</c>): its candles from the
    /// store's cache, and what that lacks from the exchange.
    /// </summary>
    public SignalBacktest Backtests { get; }

    /// <summary>A pair's prices as the cycles saw them (<c>history</c>, the web UI).</summary>
    public PriceHistoryReport History { get; }

    /// <summary>A symbol's candles (from the backtests' cache) and the prices the checks saw, for the alert page's chart.</summary>
    public RecentPrices RecentPrices { get; }

    /// <summary>A Reader that sends its batches to <paramref name="queue"/>.</summary>
    public ReaderService CreateReader(ISignalQueue queue) => new(Store, Store, queue, new ReaderOptions(), Logs.CreateLogger<ReaderService>());

    /// <summary>The sync from <paramref name="sheet"/>, or <see cref="SheetsNotConfigured"/> when there is none.</summary>
    public ISheetSync SyncFrom(ISheetSource? sheet) =>
        sheet is null ? new SheetsNotConfigured() : new SheetSyncService(sheet, Store, Intake, Logs.CreateLogger<SheetSyncService>()) { Owner = settings.Sheets.Owner };

    /// <summary>
    /// The notifiers and the services that send, with <paramref name="secrets"/>: Pushover when they hold its token,
    /// else <paramref name="withoutPushover"/> (the CLI prints to the console). A host without such a stand-in says
    /// what is missing before it asks.
    /// </summary>
    public Senders CreateSenders(DeploymentSecrets secrets, INotifier? withoutPushover = null) => new(this, secrets, withoutPushover, settings, tuning, wicks);

    public void Dispose() => owned.Dispose();

    internal T Own<T>(T item)
        where T : IDisposable => owned.Add(item);
}
