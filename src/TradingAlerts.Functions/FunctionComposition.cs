using System.Collections;
using Amazon.DynamoDBv2;
using Amazon.SQS;
using Amazon.SimpleSystemsManagement;
using Microsoft.Extensions.Logging;
using TradingAlerts.Aws;
using TradingAlerts.Aws.Sqs;
using TradingAlerts.Core.Configuration;
using TradingAlerts.Core.Pipeline;
using TradingAlerts.Core.Prices;
using TradingAlerts.Core.Sheets;
using TradingAlerts.Core.Signals;
using TradingAlerts.Exchanges;
using TradingAlerts.Http;
using TradingAlerts.Notifications;
using TradingAlerts.Notifications.Pushover;
using TradingAlerts.Sheets;

namespace TradingAlerts.Functions;

/// <summary>
/// The composition root of one Lambda instance: every adapter built once, with plain constructors, no host. What
/// needs the secret (the notifier, the default recipient) is built on first use, so a cold start reads no secret
/// unless the function sends.
/// </summary>
public sealed class FunctionComposition : IDisposable
{
    private readonly List<IDisposable> owned = [];
    private readonly ISecretSource secrets;
    private readonly Func<IAmazonSQS> sqsFactory;
    private readonly HttpRetryOptions pushoverRetry;
    private readonly WickWatch wicks;
    private readonly ExchangeHealth health;
    private readonly GoogleSheets sheets;
    private readonly SemaphoreSlim gate = new(1, 1);
    private IAmazonSQS? sqs;
    private (DeliveryService Deliveries, WorkerService Worker, CycleRecorder Recorder)? senders;

    /// <param name="sqs">Made on first use by the Reader; null for the SDK's default client (AWS_REGION, AWS_ENDPOINT_URL_SQS).</param>
    public FunctionComposition(
        FunctionSettings settings,
        IStore store,
        ISecretSource secrets,
        Func<IAmazonSQS>? sqs,
        TimeProvider clock,
        ILoggerFactory logs,
        HttpRetryOptions? exchangeRetry = null,
        HttpRetryOptions? pushoverRetry = null,
        HttpRetryOptions? sheetsRetry = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(secrets);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(logs);
        Settings = settings;
        Store = store;
        Clock = clock;
        Logs = logs;
        this.secrets = secrets;
        sqsFactory = sqs ?? (() => new AmazonSQSClient());
        this.pushoverRetry = pushoverRetry ?? NotificationRetry.Pushover;

        var exchanges = Own(new ExchangeSet(settings.BinanceApiUrl, settings.BybitApiUrl, settings.CoinbaseApiUrl, exchangeRetry ?? new HttpRetryOptions(), clock));
        ExchangeRequests = exchanges.Requests;

        // Kept for the instance's life: an exchange whose circuit opened stays skipped across invocations.
        health = new ExchangeHealth(clock, new CircuitOptions());
        Prices = new CyclePrices(exchanges.PriceSources, health, clock, new PriceOptions { FallbackOrder = settings.FallbackOrder }, logs.CreateLogger<CyclePrices>());
        Deadline = new WorkDeadline(clock);
        wicks = new WickWatch(exchanges.Candles, clock, new WickOptions(), Deadline, logs.CreateLogger<WickWatch>());
        Intake = new SignalIntake(
            new SignalValidator(exchanges.PriceSources.Select(s => s.Exchange).ToList(), clock),
            new MarketDirectory(exchanges.Catalogs, clock, MarketDirectory.DefaultCacheFor));
        sheets = Own(new GoogleSheets(settings.Sheets, clock, sheetsRetry));
    }

    public FunctionSettings Settings { get; }
    public IStore Store { get; }
    public TimeProvider Clock { get; }

    /// <summary>Started by each Worker and Monolith invocation (<see cref="StartInvocation"/>): new work stops before the timeout.</summary>
    public WorkDeadline Deadline { get; }

    /// <summary>An invocation begins: its deadline runs from now, when the function's timeout is known.</summary>
    public void StartInvocation()
    {
        if (Settings.FunctionTimeout is { } timeout)
            Deadline.Start(timeout);
    }
    public ILoggerFactory Logs { get; }
    public CyclePrices Prices { get; }

    /// <summary>Requests that reached each exchange (retries included) since the instance started.</summary>
    public IReadOnlyDictionary<ExchangeId, RequestCounter> ExchangeRequests { get; }

    /// <summary>Both stores keep the cycle log beside the alerts, in the same file or table.</summary>
    public ICycleLog CycleLog => Store as ICycleLog ?? throw new InvalidOperationException($"{Store.GetType().Name} keeps no cycle log");

    /// <summary>How sheet rows become alerts: validated, symbols checked against the exchanges' listings.</summary>
    public SignalIntake Intake { get; }

    /// <summary>
    /// Composes from the process environment, logging JSON lines to stdout. The store comes from
    /// <paramref name="storeFactory"/>: the cloud store is plugged in there, not chosen here.
    /// </summary>
    public static FunctionComposition FromEnvironment(Func<FunctionSettings, IStore> storeFactory)
    {
        ArgumentNullException.ThrowIfNull(storeFactory);
        var environment = Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => e.Value as string ?? string.Empty, StringComparer.Ordinal);
        var settings = FunctionSettings.From(environment);
        var logs = new JsonLog(Console.Out, TimeProvider.System);
        ISecretSource secrets = settings.SecretId is { } id
            ? new SsmSecretReader(new AmazonSimpleSystemsManagementClient(), id)
            : new FixedSecrets(settings.EnvironmentSecrets);
        return new FunctionComposition(settings, storeFactory(settings), secrets, null, TimeProvider.System, logs);
    }

    /// <summary>A Reader that sends its batches to <paramref name="queue"/>.</summary>
    public ReaderService CreateReader(ISignalQueue queue) => new(Store, Store, queue, new ReaderOptions(), Logs.CreateLogger<ReaderService>());

    /// <summary>The SQS queue the Reader function sends to (TRADINGALERTS_QUEUE_URL).</summary>
    public SqsSignalQueue CreateSqsQueue()
    {
        var url = Settings.RequireQueueUrl();
        return new SqsSignalQueue(sqs ??= Own(sqsFactory()), url, new SqsQueueOptions { MaxMessageBytes = Settings.MaxMessageBytes, MaxBatchBytes = Settings.MaxMessageBytes });
    }

    /// <summary>
    /// The Sheets sync, with the service account key from the secret's <c>google_service_account_json</c> (or
    /// GOOGLE_SERVICE_ACCOUNT_JSON without a secret); <see cref="SheetsNotConfigured"/> when no sheet can be read.
    /// </summary>
    public async Task<ISheetSync> CreateSheetSyncAsync(CancellationToken ct)
    {
        var key = Settings.Sheets.SheetId is null ? null : (await secrets.GetAsync(ct)).GoogleServiceAccountJson;
        var origin = Settings.SecretId is { } id ? $"the secret {id}'s google_service_account_json" : "GOOGLE_SERVICE_ACCOUNT_JSON";
        return sheets.OpenForSync(key, origin) is { } sheet
            ? new SheetSyncService(sheet, Store, Intake, Logs.CreateLogger<SheetSyncService>())
            : new SheetsNotConfigured();
    }

    public async Task<DeliveryService> GetDeliveriesAsync(CancellationToken ct) => (await GetSendersAsync(ct)).Deliveries;

    public async Task<WorkerService> GetWorkerAsync(CancellationToken ct) => (await GetSendersAsync(ct)).Worker;

    /// <summary>The Worker function's queue consumer, under this instance's deadline.</summary>
    public async Task<QueueConsumer> GetConsumerAsync(CancellationToken ct)
    {
        var (deliveries, worker, _) = await GetSendersAsync(ct);
        return new QueueConsumer(worker, deliveries, Deadline, Logs.CreateLogger<QueueConsumer>());
    }

    /// <summary>Runs the Monolith's cycles and keeps their records after the operator alert had its look (see the README).</summary>
    public async Task<CycleRecorder> GetRecorderAsync(CancellationToken ct) => (await GetSendersAsync(ct)).Recorder;

    public void Dispose()
    {
        foreach (var item in owned)
            item.Dispose();
        gate.Dispose();
    }

    private async Task<(DeliveryService Deliveries, WorkerService Worker, CycleRecorder Recorder)> GetSendersAsync(CancellationToken ct)
    {
        if (senders is { } built)
            return built;

        await gate.WaitAsync(ct);
        try
        {
            if (senders is { } raced)
                return raced;

            var secret = await secrets.GetAsync(ct);
            var token = secret.PushoverAppToken ?? throw new ConfigurationException(Settings.SecretId is { } id
                ? $"the secret {id} (TRADINGALERTS_SECRET_ID) has no pushover_app_token"
                : "PUSHOVER_APP_TOKEN is not set, and no TRADINGALERTS_SECRET_ID names a secret that holds pushover_app_token");
            var notifier = new PushoverNotifier(Own(ResilientHttp.Create(Settings.PushoverApiUrl, pushoverRetry)), token, Clock);
            var channels = Own(new ChannelClients(notifier, new ChannelSecrets(secret.TelegramBotToken, Settings.TelegramApiUrl, secret.WebhookSecret), Clock));
            var deliveries = new DeliveryService(Store, Store, channels.Notifiers, Clock, new DeliveryOptions(), Deadline, Logs.CreateLogger<DeliveryService>());
            var worker = new WorkerService(Store, Store, Store, Prices, wicks, deliveries, Clock, new WorkerOptions { DefaultRecipient = secret.PushoverUserKey }, Deadline, Logs.CreateLogger<WorkerService>());
            var watch = new OperatorWatch(
                CycleLog,
                notifier,
                new OperatorWatchOptions { Interval = Settings.ScheduleInterval, Recipient = secret.OperatorUserKey ?? secret.PushoverUserKey },
                Logs.CreateLogger<OperatorWatch>());
            var recorder = new CycleRecorder(watch, CycleLog, Prices, health, () => ExchangeRequests.ToDictionary(r => r.Key, r => r.Value.Count), Clock);
            senders = (deliveries, worker, recorder);
            return (deliveries, worker, recorder);
        }
        finally
        {
            gate.Release();
        }
    }

    private T Own<T>(T item)
        where T : IDisposable
    {
        owned.Add(item);
        return item;
    }
}

/// <summary>The cloud's signal store: the DynamoDB table; the SDK reads AWS_REGION and credentials from the Lambda environment.</summary>
public static class CloudStore
{
    public static IStore Create(FunctionSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new DynamoSignalStore(new AmazonDynamoDBClient(), settings.TableName);
    }
}
