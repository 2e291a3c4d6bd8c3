using System.Text;
using System.Text.Json;
using Amazon.SQS;
using Amazon.SQS.Model;
using Microsoft.Data.Sqlite;
using TradingAlerts.Core.Signals;
using TradingAlerts.Testing.Emulators;
using TradingAlerts.Http;
using TradingAlerts.Storage;

namespace TradingAlerts.Functions.Tests;

/// <summary>
/// The functions composed as in Lambda, against real protocol peers on loopback: fauxqs for SQS, a stub Binance and a
/// stub Pushover over HTTP, and the SQLite store standing in for DynamoDB (not merged yet).
/// </summary>
public sealed class HandlerHarness : StubbedPeers, IAsyncDisposable
{
    public const string ScheduledTime = "2026-03-14T09:25:00Z";

    private static readonly HttpRetryOptions FastRetry = new() { BaseDelay = TimeSpan.FromMilliseconds(5), AttemptTimeout = TimeSpan.FromSeconds(5) };
    private readonly string folder = Path.Combine(Path.GetTempPath(), "tradingalerts-functions-" + Guid.NewGuid().ToString("N"));

    private HandlerHarness(FauxqsFixture fauxqs, IAmazonSQS sqs, string queueUrl, string queueArn, TimeProvider clock, int? functionTimeoutSeconds)
    {
        Directory.CreateDirectory(folder);
        Sqs = sqs;
        QueueUrl = queueUrl;
        QueueArn = queueArn;
        Store = new SqliteSignalStore(Path.Combine(folder, "alerts.db"));
        var environment = PeerEnvironment(queueUrl);
        if (functionTimeoutSeconds is { } seconds)
            environment["TRADINGALERTS_FUNCTION_TIMEOUT"] = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var settings = FunctionSettings.From(environment);
        Composition = new FunctionComposition(settings, Store, new FixedSecrets(settings.EnvironmentSecrets), () => fauxqs.CreateClient(), clock, new JsonLog(Log, TimeProvider.System), FastRetry, FastRetry);
    }

    public IAmazonSQS Sqs { get; }
    public string QueueUrl { get; }
    public string QueueArn { get; }


    public SqliteSignalStore Store { get; }

    protected override ISignalStore Alerts => Store;
    public FunctionComposition Composition { get; }
    public StringWriter Log { get; } = new();

    public IReadOnlyList<string> PushoverUsersNotified => Pushover.LogEntries
        .Where(e => e.RequestMessage.Path == "/1/messages.json")
        .Select(e => System.Web.HttpUtility.ParseQueryString(e.RequestMessage.Body!)["user"]!)
        .ToList();

    /// <param name="clock">The functions' clock (the system's unless a test moves time itself).</param>
    /// <param name="functionTimeoutSeconds">TRADINGALERTS_FUNCTION_TIMEOUT, as the CDK app sets it; unset by default.</param>
    public static async Task<HandlerHarness> StartAsync(FauxqsFixture fauxqs, TimeProvider? clock = null, int? functionTimeoutSeconds = null)
    {
        var sqs = fauxqs.CreateClient();
        var queueUrl = await fauxqs.CreateQueueAsync(sqs, "signals");
        var arn = (await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest { QueueUrl = queueUrl, AttributeNames = ["QueueArn"] })).Attributes["QueueArn"];
        var harness = new HandlerHarness(fauxqs, sqs, queueUrl, arn, clock ?? TimeProvider.System, functionTimeoutSeconds);
        await harness.Store.InitializeAsync(CancellationToken.None);
        return harness;
    }

    /// <summary>The documentation's scheduled event, at <see cref="ScheduledTime"/>.</summary>
    public static Stream ScheduledEvent() =>
        Utf8(LambdaEventsTests.ScheduledEventSample.Replace("2019-03-01T01:23:45Z", ScheduledTime, StringComparison.Ordinal));

    public static Stream Utf8(string text) => new MemoryStream(Encoding.UTF8.GetBytes(text));

    public static JsonElement Json(Stream output)
    {
        using var reader = new StreamReader(output);
        return JsonDocument.Parse(reader.ReadToEnd()).RootElement.Clone();
    }

    /// <summary>Everything on the queue, received as the event source mapping receives it (and left in flight).</summary>
    public Task<List<Message>> ReceiveAllAsync() => FauxqsFixture.DrainAsync(Sqs, QueueUrl);

    /// <summary>The event Lambda's SQS event source mapping would deliver for these messages, written independently of our records.</summary>
    public string SqsEventFor(IEnumerable<Message> messages) => LambdaSqsEvent.For(messages, QueueArn);

    public async ValueTask DisposeAsync()
    {
        Composition.Dispose();
        Sqs.Dispose();
        StopPeers();
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
        await Task.CompletedTask;
    }
}
