using Microsoft.Extensions.Logging;
using TradingAlerts.Core.Notifications;
using TradingAlerts.Core.Pipeline;
using TradingAlerts.Core.Prices;
using TradingAlerts.Core.Signals;
using TradingAlerts.Core.Transfer;
using TradingAlerts.Exchanges.Binance;
using TradingAlerts.Http;
using TradingAlerts.Notifications;
using TradingAlerts.Notifications.Pushover;
using TradingAlerts.Storage;

namespace TradingAlerts.Cli;

/// <summary>The composition root of one CLI run: every adapter built once, with plain constructors.</summary>
public sealed class Composition : IDisposable
{
    private readonly List<IDisposable> owned = [];

    public Composition(Settings settings, TimeProvider clock, ILoggerFactory logs, TextWriter console, HttpRetryOptions? exchangeRetry = null, HttpRetryOptions? pushoverRetry = null)
    {
        Settings = settings;
        Clock = clock;
        Store = new SqliteSignalStore(settings.DatabasePath);

        var binanceRequests = new RequestCounter();
        var binanceHttp = Own(ResilientHttp.Create(settings.BinanceApiUrl, exchangeRetry ?? new HttpRetryOptions(), binanceRequests));
        PriceSources = [new BinancePriceSource(binanceHttp, clock)];
        ExchangeRequests = new Dictionary<ExchangeId, RequestCounter> { [ExchangeId.Binance] = binanceRequests };

        Notifier = settings.PushoverAppToken is { } token
            ? new PushoverNotifier(Own(ResilientHttp.Create(settings.PushoverApiUrl, pushoverRetry ?? PushoverRetry, null)), token, clock)
            : new ConsoleNotifier(console);

        Validator = new SignalValidator(PriceSources.Select(s => s.Exchange).ToList(), clock);
        var deliveries = new DeliveryService(Store, Notifier, clock, new DeliveryOptions(), logs.CreateLogger<DeliveryService>());
        var queue = new ChannelSignalQueue();
        var reader = new ReaderService(Store, queue, clock, new ReaderOptions(), logs.CreateLogger<ReaderService>());
        var worker = new WorkerService(Store, new CyclePrices(PriceSources), deliveries, clock, new WorkerOptions { DefaultRecipient = settings.PushoverUserKey }, logs.CreateLogger<WorkerService>());
        Cycle = new LocalCycle(reader, queue, worker, deliveries, clock);
        Importer = new SignalImporter(Store, Validator);
    }

    /// <summary>Pushover asks for at least 5 seconds between retries of a failed request, and at most 2 connections.</summary>
    public static HttpRetryOptions PushoverRetry { get; } = new() { BaseDelay = TimeSpan.FromSeconds(5), MaxConnectionsPerServer = 2 };

    public Settings Settings { get; }
    public TimeProvider Clock { get; }
    public SqliteSignalStore Store { get; }
    public IReadOnlyList<IPriceSource> PriceSources { get; }
    /// <summary>Requests that reached each exchange (retries included) since this composition was built.</summary>
    public IReadOnlyDictionary<ExchangeId, RequestCounter> ExchangeRequests { get; }
    public INotifier Notifier { get; }
    public bool PrintsNotifications => Notifier is ConsoleNotifier;
    public SignalValidator Validator { get; }
    public LocalCycle Cycle { get; }
    public SignalImporter Importer { get; }

    public void Dispose()
    {
        foreach (var item in owned)
            item.Dispose();
    }

    private T Own<T>(T item)
        where T : IDisposable
    {
        owned.Add(item);
        return item;
    }
}
