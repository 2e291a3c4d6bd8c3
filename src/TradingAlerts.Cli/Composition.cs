using Amazon;
using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Amazon.SQS;
using Microsoft.Extensions.Logging;
using TradingAlerts.Core.Accounts;
using TradingAlerts.Core.Analytics;
using TradingAlerts.Core.Backtesting;
using TradingAlerts.Aws;
using TradingAlerts.Aws.Sqs;
using TradingAlerts.Core.Configuration;
using TradingAlerts.Core.Notifications;
using TradingAlerts.Core.Pipeline;
using TradingAlerts.Core.Sheets;
using TradingAlerts.Core.Prices;
using TradingAlerts.Core.Signals;
using TradingAlerts.Core.Transfer;
using TradingAlerts.Engine;
using TradingAlerts.Http;
using TradingAlerts.Notifications;
using TradingAlerts.Storage;
using TradingAlerts.Web;

namespace TradingAlerts.Cli;

/// <summary>
/// The CLI's host of the <see cref="PipelineEngine"/>: picks the store (SQLite or DynamoDB) and the queue (in-process, or SQS
/// with <c>--pipeline sqs</c>), takes the secrets from the settings, and prints notifications to the console when
/// there is no Pushover token. The engine wires the pipeline.
/// </summary>
public sealed class Composition : IDisposable
{
    private readonly Disposables owned = new();
    private readonly PipelineEngine engine;
    private readonly Senders senders;
    private readonly Lazy<ISheetSync> sheetSync;
    private readonly IStore store;
    private LocalCycle cycle;
    private CycleRecorder recorder;

    public Composition(Settings settings, TimeProvider clock, ILoggerFactory logs, TextWriter console, HttpRetryOptions? exchangeRetry = null, HttpRetryOptions? pushoverRetry = null, HttpRetryOptions? sheetsRetry = null)
    {
        Settings = settings;
        (store, StoreDescription) = settings.Store == StoreKind.DynamoDb ? DynamoStore(settings) : SqliteStore(settings);
        engine = owned.Add(new PipelineEngine(settings.Engine, store, clock, logs, new EngineTuning
        {
            ExchangeRetry = exchangeRetry ?? new HttpRetryOptions(),
            PushoverRetry = pushoverRetry ?? NotificationRetry.Pushover,
            SheetsRetry = sheetsRetry,
        }));
        senders = engine.CreateSenders(settings.Secrets, new ConsoleNotifier(console));
        var queue = new InProcessSignalQueue();
        cycle = senders.CreateCycle(queue, queue);
        recorder = senders.CreateRecorder(settings.Interval);
        sheetSync = new(() => engine.SyncFrom(engine.Sheets.OpenForSync()));
        Accounts = new TeamAccounts(store, store, clock);
    }

    public Settings Settings { get; }
    public TimeProvider Clock => engine.Clock;
    public ISignalStore Store => store;

    /// <summary>The alerts' firings and their deliveries, in the same store as the alerts.</summary>
    public IDeliveryStore Firings => store;

    /// <summary>Creates the store's schema or table when missing (<c>init</c>, and SQLite on first use).</summary>
    public Task InitializeStoreAsync(CancellationToken ct) => store.InitializeAsync(ct);

    public ICycleLog CycleLog => store;

    /// <summary>What fired, was delivered and how healthy the monitor was over a period.</summary>
    public StatsReport Stats => engine.Stats;

    public PriceHistoryReport History => engine.History;

    /// <summary>The team's accounts and the rules of adding and removing them (<c>users</c>).</summary>
    public TeamAccounts Accounts { get; }

    /// <summary>The accounts as stored, in the same store as the alerts.</summary>
    public IAccountStore AccountStore => store;

    /// <summary>Recipients' channel addresses and quiet hours, in the same store as the alerts.</summary>
    public IRecipientStore Recipients => store;

    /// <summary>Which store, in words: "SQLite at /path" or "DynamoDB table trading-alerts".</summary>
    public string StoreDescription { get; }

    /// <summary>SQLite creates its schema on first use; a DynamoDB table is created only by <c>init</c> (or the CDK app).</summary>
    public bool CreatesStoreOnFirstUse => Settings.Store == StoreKind.Sqlite;

    /// <summary>A person's price check: every exchange's answer side by side (<c>price</c>, the web UI).</summary>
    public PriceCheck PriceCheck => engine.PriceCheck;

    /// <summary>The cycle's price lookup (bulk tickers, fallback, circuit breaker), as the Worker uses it.</summary>
    public CyclePrices Prices => engine.Prices;

    public bool PrintsNotifications => senders.Pushover is ConsoleNotifier;
    public SignalIntake Intake => engine.Intake;
    public SignalImporter Importer => engine.Importer;

    /// <summary>
    /// What the web UI works with, over this composition's store and exchanges. Its sheet sync is built when first used,
    /// so a wrong sheet setting shows on the "Sync from Sheets" page instead of stopping the server.
    /// </summary>
    public SignalBacktest Backtests => engine.Backtests;

    public WebUiServices WebUiServices =>
        new(Store, store, Firings, Intake, PriceCheck, engine.PagePrices, engine.Health, CycleLog, engine.RecentPrices, Backtests, Stats, History, new SheetSyncOnDemand(this), Clock, engine.Logs)
        {
            Receipts = senders.Receipts,
            TrustedProxies = Settings.TrustedProxies,
        };

    /// <summary>
    /// The Google Sheets sync (<c>sync-sheets</c>, the web UI's "Sync from Sheets"): the configured sheet, or
    /// <see cref="Sheets.SheetsNotConfigured"/>, whose sync says how to configure one. Built on first use, so a sheet setting
    /// that is wrong only stops what uses the sheet.
    /// </summary>
    public ISheetSync SheetSync => sheetSync.Value;

    /// <summary>For <c>signals add --to-sheet</c>: appends the alert's row (read-write scope), then stores it.</summary>
    public SheetWriteThrough OpenSheetWriteThrough() => new(engine.Sheets.OpenForAppend(), Store);

    /// <summary>
    /// Picks up where the previous run left off: the exchanges' health (an open circuit stays open) and when the last
    /// cycle started (crossings between polls are looked for since then).
    /// </summary>
    public Task RestoreAsync(CancellationToken ct) => recorder.RestoreAsync(cycle, ct);

    /// <summary>
    /// From now on, cycles go through an SQS queue (Reader → SQS → Worker), to rehearse the cloud path on a laptop: the
    /// queue named by TRADINGALERTS_QUEUE_URL, or TRADINGALERTS_QUEUE (default trading-alerts). AWS_REGION and
    /// AWS_ENDPOINT_URL_SQS are the SDK's.
    /// </summary>
    public async Task UseSqsPipelineAsync(CancellationToken ct)
    {
        var sqs = SqsClient();
        var url = Settings.QueueUrl ?? (await sqs.GetQueueUrlAsync(Settings.QueueName ?? SqsQueues.DefaultName, ct)).QueueUrl;
        var previous = cycle.PreviousStart;
        cycle = senders.CreateCycle(new SqsSignalQueue(sqs, url, new SqsQueueOptions { MaxMessageBytes = SqsQueues.MaxMessageBytes, MaxBatchBytes = SqsQueues.MaxMessageBytes }), new SqsQueueReader(sqs, url));
        cycle.PreviousStart = previous;
    }

    /// <summary>The operator alert counts missed cycles in <paramref name="interval"/> (<c>run --interval</c>) instead of TRADINGALERTS_INTERVAL.</summary>
    public void UseInterval(TimeSpan interval) => recorder = senders.CreateRecorder(interval);

    /// <summary>Creates the SQS queue and its dead-letter queue (TRADINGALERTS_QUEUE or trading-alerts) when missing.</summary>
    public Task<(string QueueUrl, string DeadLetterQueueUrl)> CreateQueuesAsync(CancellationToken ct) =>
        SqsQueues.CreateAsync(SqsClient(), Settings.QueueName ?? SqsQueues.DefaultName, ct);

    /// <summary>
    /// One cycle, recorded for <c>status</c> with the requests each exchange received during it, after the operator
    /// alert had its look. A cycle that breaks off is recorded as such, then its error goes on.
    /// </summary>
    public Task<CycleRecord> RunCycleAsync(CancellationToken ct) => recorder.RunAsync(cycle, ct);

    private AmazonSQSClient SqsClient() =>
        owned.Add(Aws(Settings.Aws, Settings.Aws.SqsEndpoint, "--pipeline sqs", (credentials, config) => credentials is null ? new AmazonSQSClient(config) : new AmazonSQSClient(credentials, config), new AmazonSQSConfig()));

    /// <summary>An AWS client from AWS_REGION, the service's AWS_ENDPOINT_URL_* and the keys, or the SDK's credential chain.</summary>
    /// <param name="create">Builds the client; null credentials mean the SDK's own chain.</param>
    private static TClient Aws<TClient, TConfig>(AwsSettings aws, Uri? endpoint, string needer, Func<AWSCredentials?, TConfig, TClient> create, TConfig config)
        where TConfig : ClientConfig
    {
        var region = aws.Region ?? throw new ConfigurationException($"AWS_REGION must be set for {needer} (for example eu-central-1)");
        if (endpoint is null)
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        else
        {
            config.ServiceURL = endpoint.ToString();
            config.AuthenticationRegion = region;
        }

        AWSCredentials? credentials = aws.Keys switch
        {
            null => null,
            { SessionToken: { } token } keys => new SessionAWSCredentials(keys.AccessKeyId, keys.SecretAccessKey, token),
            var keys => new BasicAWSCredentials(keys.AccessKeyId, keys.SecretAccessKey),
        };
        return create(credentials, config);
    }

    private static (IStore, string) SqliteStore(Settings settings)
    {
        var store = new SqliteSignalStore(settings.DatabasePath);
        return (store, $"SQLite at {store.DatabasePath}");
    }

    /// <summary>The AWS SDK reads AWS_REGION, credentials and AWS_ENDPOINT_URL_DYNAMODB itself.</summary>
    private (IStore, string) DynamoStore(Settings settings)
    {
        var client = owned.Add(Aws(settings.Aws, settings.Aws.DynamoDbEndpoint, "TRADINGALERTS_STORE=dynamodb", (credentials, config) => credentials is null ? new AmazonDynamoDBClient(config) : new AmazonDynamoDBClient(credentials, config), new AmazonDynamoDBConfig()));

        var store = new DynamoSignalStore(client, settings.TableName);
        return (store, $"DynamoDB table {settings.TableName} ({client.Config.RegionEndpoint?.SystemName ?? client.Config.ServiceURL})");
    }

    public void Dispose() => owned.Dispose();

    private sealed class SheetSyncOnDemand(Composition app) : ISheetSync
    {
        public Task<SheetSyncReport> SyncAsync(SheetSyncOptions options, CancellationToken ct) => app.SheetSync.SyncAsync(options, ct);
    }
}
