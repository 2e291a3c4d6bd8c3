using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Web;
using Amazon.SQS;
using Amazon.SQS.Model;
using Microsoft.Extensions.Time.Testing;
using TradingAlerts.Aws;
using TradingAlerts.Aws.Sqs;
using TradingAlerts.Core.Pipeline;
using TradingAlerts.Core.Signals;
using TradingAlerts.Http;
using TradingAlerts.Testing;
using TradingAlerts.Testing.Emulators;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace TradingAlerts.Functions.Tests.Pipeline;

/// <summary>
/// The cloud pipeline on protocol peers only: DynamoDB Local (a fresh table), fauxqs (a fresh queue with a dead-letter
/// queue), a stub Binance and a stub Pushover, and the handlers composed as Lambda composes them. Time is a
/// <see cref="FakeTimeProvider"/> that every "Lambda instance" shares; the emulators keep their own clocks.
/// </summary>
public sealed class PipelineHarness : StubbedPeers, IAsyncDisposable
{
    public const string CycleId = "2026-03-14T09:25:00Z";

    /// <summary>The dead-letter queue takes a message on its fourth receive.</summary>
    public const int MaxReceiveCount = 3;

    private static readonly HttpRetryOptions FastRetry = new() { BaseDelay = TimeSpan.FromMilliseconds(5), AttemptTimeout = TimeSpan.FromSeconds(5) };

    private readonly DynamoDbLocal dynamo;
    private readonly FauxqsFixture fauxqs;
    private readonly List<IDisposable> owned = [];
    private readonly FunctionSettings settings;
    private readonly HttpRetryOptions pushoverRetry;

    private PipelineHarness(DynamoDbLocal dynamo, FauxqsFixture fauxqs, string table, string queueUrl, string queueArn, string deadLetterUrl, int maxMessageBytes, HttpRetryOptions pushoverRetry)
    {
        this.dynamo = dynamo;
        this.fauxqs = fauxqs;
        this.pushoverRetry = pushoverRetry;
        Table = table;
        QueueUrl = queueUrl;
        QueueArn = queueArn;
        DeadLetterUrl = deadLetterUrl;
        Sqs = Own(fauxqs.CreateClient());
        Store = NewStore();
        settings = FunctionSettings.From(new Dictionary<string, string>(PeerEnvironment(queueUrl))
        {
            ["TRADINGALERTS_TABLE"] = table,
            ["TRADINGALERTS_MAX_MESSAGE_BYTES"] = maxMessageBytes.ToString(CultureInfo.InvariantCulture),
        });
    }

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.Parse(CycleId, CultureInfo.InvariantCulture).AddSeconds(2));
    public string Table { get; }
    public string QueueUrl { get; }
    public string QueueArn { get; }
    public string DeadLetterUrl { get; }
    public IAmazonSQS Sqs { get; }

    /// <summary>The test's own view of the table (its own client), to seed it and to read back what the Workers wrote.</summary>
    public DynamoSignalStore Store { get; }

    protected override ISignalStore Alerts => Store;

    public StringWriter Log { get; } = new();

    /// <summary>Every push Pushover received (accepted or not), in order.</summary>
    public IReadOnlyList<Push> Pushes => Pushover.LogEntries
        .Where(e => e.RequestMessage.Path == "/1/messages.json")
        .OrderBy(e => e.RequestMessage.DateTime)
        .Select(e => HttpUtility.ParseQueryString(e.RequestMessage.Body!))
        .Select(form => new Push(form["user"]!, form["title"]!, form["message"]!))
        .ToList();

    /// <param name="maxMessageBytes">The queue's message size for the Reader: the 1024-byte minimum splits a few alerts over several messages.</param>
    /// <param name="pushoverRetry">The HTTP retries of one Pushover send; the default retries at once, in milliseconds.</param>
    public static async Task<PipelineHarness> StartAsync(DynamoDbLocal dynamo, FauxqsFixture fauxqs, int maxMessageBytes = 1_024, HttpRetryOptions? pushoverRetry = null)
    {
        using var sqs = fauxqs.CreateClient();
        var deadLetterUrl = await fauxqs.CreateQueueAsync(sqs, "signals-dlq");
        var deadLetterArn = await ArnAsync(sqs, deadLetterUrl);
        var queueUrl = await fauxqs.CreateQueueAsync(sqs, "signals", new Dictionary<string, string>
        {
            ["VisibilityTimeout"] = "30",
            ["RedrivePolicy"] = JsonSerializer.Serialize(new Dictionary<string, string> { ["deadLetterTargetArn"] = deadLetterArn, ["maxReceiveCount"] = MaxReceiveCount.ToString(CultureInfo.InvariantCulture) }),
        });
        var harness = new PipelineHarness(dynamo, fauxqs, $"trading-alerts-{Guid.NewGuid():N}", queueUrl, await ArnAsync(sqs, queueUrl), deadLetterUrl, maxMessageBytes, pushoverRetry ?? FastRetry);
        await harness.Store.CreateTableAsync(CancellationToken.None);
        return harness;
    }

    /// <summary>A new Lambda instance: its own composition, DynamoDB client and HTTP clients, on the shared clock.</summary>
    public FunctionComposition NewInstance() => Own(new FunctionComposition(
        settings,
        NewStore(),
        new FixedSecrets(settings.EnvironmentSecrets),
        () => fauxqs.CreateClient(),
        Clock,
        new JsonLog(Log, Clock),
        FastRetry,
        pushoverRetry));

    public DynamoSignalStore NewStore() => new(Own(dynamo.CreateClient()), Table);

    /// <summary>Pushover fails once with a 500, then accepts every push.</summary>
    public void PushoverFailsOnceThenAccepts()
    {
        Pushover.Reset();
        Pushover.Given(Request.Create().WithPath("/1/messages.json").UsingPost()).InScenario("flaky").WillSetStateTo("recovered")
            .RespondWith(Response.Create().WithStatusCode(500).WithBody("""{"status":0,"errors":["internal error"]}"""));
        Pushover.Given(Request.Create().WithPath("/1/messages.json").UsingPost()).InScenario("flaky").WhenStateIs("recovered")
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("""{"status":1,"request":"r2"}"""));
    }

    /// <summary>The scheduled event of <paramref name="scheduled"/> (else <see cref="CycleId"/>) through a Reader function of a new instance; returns its summary.</summary>
    public async Task<JsonElement> RunReaderAsync(DateTimeOffset? scheduled = null) =>
        Json(await new ReaderFunction(NewInstance()).HandleAsync(Utf8(LambdaEventsTests.ScheduledEventSample.Replace(
            "2019-03-01T01:23:45Z", scheduled is { } at ? at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) : CycleId, StringComparison.Ordinal))));

    /// <summary>Receives as the event source mapping does (every system attribute, the messages left in flight) until the queue answers empty.</summary>
    public async Task<List<Message>> ReceiveAllAsync(int visibilitySeconds = 30)
    {
        var messages = new List<Message>();
        while (true)
        {
            var response = await Sqs.ReceiveMessageAsync(new ReceiveMessageRequest
            {
                QueueUrl = QueueUrl,
                MaxNumberOfMessages = 10,
                VisibilityTimeout = visibilitySeconds,
                MessageSystemAttributeNames = ["All"],
                MessageAttributeNames = ["All"],
            });
            if (response.Messages is not { Count: > 0 })
                return messages;
            messages.AddRange(response.Messages);
        }
    }

    /// <summary>
    /// The event Lambda's SQS event source mapping builds for these messages, written independently of our records:
    /// every attribute value a string (ApproximateReceiveCount included), eventSource, eventSourceARN, awsRegion.
    /// </summary>
    public string SqsEventFor(IEnumerable<Message> messages) => LambdaSqsEvent.For(messages, QueueArn);

    /// <summary>Hands the event to a Worker function of <paramref name="instance"/> (a new one when null); returns its response.</summary>
    public async Task<JsonElement> RunWorkerAsync(string sqsEvent, FunctionComposition? instance = null) =>
        Json(await new WorkerFunction(instance ?? NewInstance()).HandleAsync(Utf8(sqsEvent)));

    /// <summary>What the event source mapping does after an invocation: deletes the messages not named in batchItemFailures.</summary>
    public async Task AcknowledgeAsync(IReadOnlyList<Message> messages, JsonElement response)
    {
        var failed = response.GetProperty("batchItemFailures").EnumerateArray().Select(f => f.GetProperty("itemIdentifier").GetString()).ToHashSet(StringComparer.Ordinal);
        var done = messages.Where(m => !failed.Contains(m.MessageId)).ToList();
        foreach (var chunk in done.Chunk(10))
        {
            await Sqs.DeleteMessageBatchAsync(new DeleteMessageBatchRequest
            {
                QueueUrl = QueueUrl,
                Entries = chunk.Select((m, i) => new DeleteMessageBatchRequestEntry("d" + i.ToString(CultureInfo.InvariantCulture), m.ReceiptHandle)).ToList(),
            });
        }
    }

    /// <summary>The firing a Worker would claim for this snapshot in <see cref="CycleId"/>, its lease starting now.</summary>
    public Delivery FiringAsTheWorkerClaimsIt(SignalSnapshot snapshot, decimal price)
    {
        var now = Clock.GetUtcNow();
        var crossing = new Core.Notifications.Crossing(price, ExchangeId.Binance);
        return new Delivery
        {
            TriggerId = Delivery.TriggerIdFor(snapshot.Id, snapshot.Version, CycleId),
            SignalId = snapshot.Id,
            CycleId = CycleId,
            FiredAt = now,
            Price = price,
            PriceExchange = ExchangeId.Binance,
            Recipient = snapshot.UserId ?? SignalFactory.UserKey,
            Title = Core.Notifications.NotificationText.Title(snapshot, crossing),
            Message = Core.Notifications.NotificationText.Body(snapshot, crossing, now),
            NextAttemptAt = now + new DeliveryOptions().Lease,
        };
    }

    public static IReadOnlyList<SignalBatch> Batches(IEnumerable<Message> messages) => messages.Select(m => SignalBatchMessage.Deserialize(m.Body)).ToList();

    public static Stream Utf8(string text) => new MemoryStream(Encoding.UTF8.GetBytes(text));

    public static JsonElement Json(Stream output)
    {
        using var reader = new StreamReader(output);
        return JsonDocument.Parse(reader.ReadToEnd()).RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        // Dropping the table and queues keeps the emulators' memory flat over the run.
        using (var client = dynamo.CreateClient())
            await client.DeleteTableAsync(Table);
        await Sqs.DeleteQueueAsync(QueueUrl);
        await Sqs.DeleteQueueAsync(DeadLetterUrl);
        StopPeers();
        foreach (var item in Enumerable.Reverse(owned))
            item.Dispose();
    }

    private static async Task<string> ArnAsync(IAmazonSQS sqs, string queueUrl) =>
        (await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest { QueueUrl = queueUrl, AttributeNames = ["QueueArn"] })).Attributes["QueueArn"];

    private T Own<T>(T item)
        where T : IDisposable
    {
        owned.Add(item);
        return item;
    }
}

/// <summary>One push as Pushover received it.</summary>
public sealed record Push(string User, string Title, string Message)
{
    public string Symbol => Title.Split(' ')[0];
}
