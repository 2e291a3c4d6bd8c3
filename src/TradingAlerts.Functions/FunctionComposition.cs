using System.Collections;
using Amazon.DynamoDBv2;
using Amazon.SQS;
using Amazon.SimpleSystemsManagement;
using Microsoft.Extensions.Logging;
using TradingAlerts.Aws;
using TradingAlerts.Aws.Sqs;
using TradingAlerts.Core.Configuration;
using TradingAlerts.Core.Pipeline;
using TradingAlerts.Core.Sheets;
using TradingAlerts.Core.Signals;
using TradingAlerts.Engine;
using TradingAlerts.Http;
using TradingAlerts.Notifications;
using TradingAlerts.Sheets;

namespace TradingAlerts.Functions;

/// <summary>
/// A Lambda instance's host of the <see cref="PipelineEngine"/>, built once per instance with no host framework: the
/// store is handed in (the DynamoDB table), the Reader's queue is SQS, and the secrets come from the Secrets Manager
/// secret (or environment variables without one). What needs the secret is built on first use, so a cold start reads
/// no secret unless the function sends.
/// </summary>
public sealed class FunctionComposition : IDisposable
{
    private readonly ISecretSource secrets;
    private readonly Func<IAmazonSQS> sqsFactory;
    private readonly PipelineEngine engine;
    private readonly SemaphoreSlim gate = new(1, 1);
    private IAmazonSQS? sqs;
    private (Senders Senders, CycleRecorder Recorder)? senders;

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
        ArgumentNullException.ThrowIfNull(secrets);
        Settings = settings;
        this.secrets = secrets;
        sqsFactory = sqs ?? (() => new AmazonSQSClient());
        engine = new PipelineEngine(settings.Engine, store, clock, logs, new EngineTuning
        {
            ExchangeRetry = exchangeRetry ?? new HttpRetryOptions(),
            PushoverRetry = pushoverRetry ?? NotificationRetry.Pushover,
            SheetsRetry = sheetsRetry,
        });
    }

    public FunctionSettings Settings { get; }
    public IStore Store => engine.Store;
    public ILoggerFactory Logs => engine.Logs;

    /// <summary>An invocation begins: its deadline runs from now, when the function's timeout is known.</summary>
    public void StartInvocation()
    {
        if (Settings.FunctionTimeout is { } timeout)
            engine.Deadline.Start(timeout);
    }

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
    public ReaderService CreateReader(ISignalQueue queue) => engine.CreateReader(queue);

    /// <summary>The SQS queue the Reader function sends to (TRADINGALERTS_QUEUE_URL).</summary>
    public SqsSignalQueue CreateSqsQueue()
    {
        var url = Settings.RequireQueueUrl();
        return new SqsSignalQueue(sqs ??= sqsFactory(), url, new SqsQueueOptions { MaxMessageBytes = Settings.MaxMessageBytes, MaxBatchBytes = Settings.MaxMessageBytes });
    }

    /// <summary>
    /// The Sheets sync, with the service account key from the secret's <c>google_service_account_json</c> (or
    /// GOOGLE_SERVICE_ACCOUNT_JSON without a secret); <see cref="SheetsNotConfigured"/> when no sheet can be read.
    /// </summary>
    public async Task<ISheetSync> CreateSheetSyncAsync(CancellationToken ct)
    {
        var key = Settings.Sheets.SheetId is null ? null : (await secrets.GetAsync(ct)).GoogleServiceAccountJson;
        var origin = Settings.SecretId is { } id ? $"the secret {id}'s google_service_account_json" : GoogleSheetSettings.ServiceAccountJsonVariable.Name;
        return engine.SyncFrom(engine.Sheets.OpenForSync(key, origin));
    }

    /// <summary>The sending side of the pipeline: notifiers, the Delivery and Worker services and the queue consumer, under this instance's deadline.</summary>
    public async Task<Senders> GetSendersAsync(CancellationToken ct) => (await GetBuiltAsync(ct)).Senders;

    /// <summary>Runs the Monolith's cycles and keeps their records after the operator alert had its look (see the README).</summary>
    public async Task<CycleRecorder> GetRecorderAsync(CancellationToken ct) => (await GetBuiltAsync(ct)).Recorder;

    public void Dispose()
    {
        engine.Dispose();
        (sqs as IDisposable)?.Dispose();
        gate.Dispose();
    }

    private async Task<(Senders Senders, CycleRecorder Recorder)> GetBuiltAsync(CancellationToken ct)
    {
        if (senders is { } built)
            return built;

        await gate.WaitAsync(ct);
        try
        {
            if (senders is { } raced)
                return raced;

            var secret = await secrets.GetAsync(ct);
            if (secret.PushoverAppToken is null)
            {
                throw new ConfigurationException(Settings.SecretId is { } id
                    ? $"the secret {id} ({FunctionSettings.SecretIdVariable.Name}) has no pushover_app_token"
                    : $"{EngineVariables.PushoverAppToken.Name} is not set, and no {FunctionSettings.SecretIdVariable.Name} names a secret that holds pushover_app_token");
            }

            var made = engine.CreateSenders(secret);
            senders = (made, made.CreateRecorder(Settings.ScheduleInterval));
            return senders.Value;
        }
        finally
        {
            gate.Release();
        }
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
