using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Microsoft.Extensions.Logging;
using TradingAlerts.Aws;
using TradingAlerts.Core.Notifications;
using TradingAlerts.Core.Pipeline;
using TradingAlerts.Core.Prices;
using TradingAlerts.Core.Signals;
using TradingAlerts.Core.Transfer;
using TradingAlerts.Exchanges.Binance;
using TradingAlerts.Exchanges.Bybit;
using TradingAlerts.Exchanges.Coinbase;
using TradingAlerts.Http;
using TradingAlerts.Notifications;
using TradingAlerts.Notifications.Pushover;
using TradingAlerts.Storage;

namespace TradingAlerts.Cli;

/// <summary>The composition root of one CLI run: every adapter built once, with plain constructors.</summary>
public sealed class Composition : IDisposable
{
    /// <summary>How many finished cycles <c>status</c> can show.</summary>
    public const int CyclesKept = 100;

    private readonly List<IDisposable> owned = [];
    private readonly LocalCycle cycle;

    public Composition(Settings settings, TimeProvider clock, ILoggerFactory logs, TextWriter console, HttpRetryOptions? exchangeRetry = null, HttpRetryOptions? pushoverRetry = null)
    {
        Settings = settings;
        Clock = clock;
        (Store, CycleLog, StoreDescription) = settings.Store == StoreKind.DynamoDb ? DynamoStore(settings) : SqliteStore(settings);

        var exchangeHttp = new Dictionary<ExchangeId, HttpClient>();
        var requests = new Dictionary<ExchangeId, RequestCounter>();
        foreach (var (exchange, url) in new[] { (ExchangeId.Binance, settings.BinanceApiUrl), (ExchangeId.Bybit, settings.BybitApiUrl), (ExchangeId.Coinbase, settings.CoinbaseApiUrl) })
        {
            requests[exchange] = new RequestCounter();
            exchangeHttp[exchange] = Own(ResilientHttp.Create(url, exchangeRetry ?? new HttpRetryOptions(), requests[exchange]));
        }

        ExchangeRequests = requests;
        PriceSources =
        [
            new BinancePriceSource(exchangeHttp[ExchangeId.Binance], clock),
            new BybitPriceSource(exchangeHttp[ExchangeId.Bybit], clock),
            new CoinbasePriceSource(exchangeHttp[ExchangeId.Coinbase], clock),
        ];
        Markets = new MarketDirectory(
            [
                new BinanceCatalog(exchangeHttp[ExchangeId.Binance], clock),
                new BybitCatalog(exchangeHttp[ExchangeId.Bybit], clock),
                new CoinbaseCatalog(exchangeHttp[ExchangeId.Coinbase], clock),
            ],
            clock,
            MarketDirectory.DefaultCacheFor);
        ICandleSource[] candles =
        [
            new BinanceCandleSource(exchangeHttp[ExchangeId.Binance], clock),
            new BybitCandleSource(exchangeHttp[ExchangeId.Bybit], clock),
            new CoinbaseCandleSource(exchangeHttp[ExchangeId.Coinbase], clock),
        ];

        Notifier = settings.PushoverAppToken is { } token
            ? new PushoverNotifier(Own(ResilientHttp.Create(settings.PushoverApiUrl, pushoverRetry ?? PushoverRetry, null)), token, clock)
            : new ConsoleNotifier(console);

        Intake = new SignalIntake(new SignalValidator(PriceSources.Select(s => s.Exchange).ToList(), clock), Markets);
        Health = new ExchangeHealth(clock, new CircuitOptions());
        Prices = new CyclePrices(PriceSources, Health, new PriceOptions { FallbackOrder = settings.FallbackOrder }, logs.CreateLogger<CyclePrices>());
        var deliveries = new DeliveryService(Store, Notifier, clock, new DeliveryOptions(), logs.CreateLogger<DeliveryService>());
        var queue = new ChannelSignalQueue();
        var reader = new ReaderService(Store, queue, new ReaderOptions(), logs.CreateLogger<ReaderService>());
        var worker = new WorkerService(
            Store,
            Prices,
            new WickWatch(candles, clock, new WickOptions(), logs.CreateLogger<WickWatch>()),
            deliveries,
            clock,
            new WorkerOptions { DefaultRecipient = settings.PushoverUserKey },
            logs.CreateLogger<WorkerService>());
        cycle = new LocalCycle(reader, queue, worker, deliveries, clock);
        Importer = new SignalImporter(Store, Intake);
    }

    /// <summary>Pushover asks for at least 5 seconds between retries of a failed request, and at most 2 connections.</summary>
    public static HttpRetryOptions PushoverRetry { get; } = new() { BaseDelay = TimeSpan.FromSeconds(5), MaxConnectionsPerServer = 2 };

    public Settings Settings { get; }
    public TimeProvider Clock { get; }
    public ISignalStore Store { get; }

    public ICycleLog CycleLog { get; }

    /// <summary>Which store, in words: "SQLite at /path" or "DynamoDB table trading-alerts".</summary>
    public string StoreDescription { get; }

    /// <summary>SQLite creates its schema on first use; a DynamoDB table is created only by <c>init</c> (or the CDK app).</summary>
    public bool CreatesStoreOnFirstUse => Settings.Store == StoreKind.Sqlite;
    public IReadOnlyList<IPriceSource> PriceSources { get; }
    public MarketDirectory Markets { get; }
    public CyclePrices Prices { get; }
    public ExchangeHealth Health { get; }

    /// <summary>Requests that reached each exchange (retries included) since this composition was built.</summary>
    public IReadOnlyDictionary<ExchangeId, RequestCounter> ExchangeRequests { get; }

    public INotifier Notifier { get; }
    public bool PrintsNotifications => Notifier is ConsoleNotifier;
    public SignalIntake Intake { get; }
    public SignalImporter Importer { get; }

    /// <summary>
    /// Picks up where the previous run left off: the exchanges' health (an open circuit stays open) and when the last
    /// cycle started (crossings between polls are looked for since then).
    /// </summary>
    public async Task RestoreAsync(CancellationToken ct)
    {
        if ((await CycleLog.RecentAsync(1, ct)).FirstOrDefault() is { } last)
        {
            Health.Restore(last.Health);
            cycle.PreviousStart = last.Report.StartedAt;
        }
    }

    /// <summary>One cycle, recorded for <c>status</c>, with the requests each exchange received during it.</summary>
    public async Task<CycleRecord> RunCycleAsync(CancellationToken ct)
    {
        var before = ExchangeRequests.ToDictionary(r => r.Key, r => r.Value.Count);
        var report = await cycle.RunOnceAsync(ct);
        var record = new CycleRecord(
            report,
            Clock.GetUtcNow(),
            ExchangeRequests.ToDictionary(r => r.Key, r => r.Value.Count - before[r.Key]),
            Prices.Health());
        await CycleLog.RecordAsync(record, CyclesKept, ct);
        return record;
    }

    private static (ISignalStore, ICycleLog, string) SqliteStore(Settings settings)
    {
        var store = new SqliteSignalStore(settings.DatabasePath);
        return (store, store, $"SQLite at {store.DatabasePath}");
    }

    /// <summary>The AWS SDK reads AWS_REGION, credentials and AWS_ENDPOINT_URL_DYNAMODB itself.</summary>
    private (ISignalStore, ICycleLog, string) DynamoStore(Settings settings)
    {
        AmazonDynamoDBClient client;
        try
        {
            client = Own(new AmazonDynamoDBClient());
        }
        catch (AmazonClientException e)
        {
            throw new ConfigurationException($"AWS_REGION must be set when TRADINGALERTS_STORE=dynamodb ({e.Message})");
        }

        var store = new DynamoSignalStore(client, settings.TableName);
        return (store, store, $"DynamoDB table {settings.TableName} ({client.Config.RegionEndpoint?.SystemName ?? client.Config.ServiceURL})");
    }

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
