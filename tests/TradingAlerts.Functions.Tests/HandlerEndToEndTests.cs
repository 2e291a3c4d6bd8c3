using System.Text.Json;
using Amazon.SQS.Model;
using TradingAlerts.Core.Pipeline;
using TradingAlerts.Core.Signals;
using TradingAlerts.Testing.Emulators;
using TradingAlerts.Testing;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace TradingAlerts.Functions.Tests;

/// <summary>Scheduled event → Reader → SQS (fauxqs) → the SQS event Lambda builds → Worker → Pushover.</summary>
[Collection(FauxqsCollection.Name)]
public sealed class HandlerEndToEndTests(FauxqsFixture fauxqs)
{
    private const string OtherUser = "gznej3rKEVAvPUxu9vvNnqpmZpokzF";

    [Fact]
    public async Task ReaderThenWorker_TwoCrossings_OnePushEachAndNoneForTheOther()
    {
        await using var h = await HandlerHarness.StartAsync(fauxqs);
        h.BinancePrices(("BTCUSDT", "100250.50000000"), ("ETHUSDT", "3999.99000000"), ("BNBUSDT", "650.10000000"));
        await h.AddAsync("btc", "BTCUSDT", Condition.Above, 100_000m);
        await h.AddAsync("eth", "ETHUSDT", Condition.Below, 4_000m, OtherUser);
        await h.AddAsync("bnb", "BNBUSDT", Condition.Above, 1_000m);

        var summary = HandlerHarness.Json(await new ReaderFunction(h.Composition).HandleAsync(HandlerHarness.ScheduledEvent()));
        var messages = await h.ReceiveAllAsync();
        var response = HandlerHarness.Json(await new WorkerFunction(h.Composition).HandleAsync(HandlerHarness.Utf8(h.SqsEventFor(messages))));

        summary.GetProperty("cycle_id").GetString().Should().Be(HandlerHarness.ScheduledTime);
        (summary.GetProperty("armed").GetInt32(), summary.GetProperty("markets").GetInt32()).Should().Be((0, 3), "three markets queued; no alert sent whole");
        var batch = Aws.Sqs.SignalBatchMessage.Deserialize(messages.Should().ContainSingle().Subject.Body);
        batch.CycleId.Should().Be(HandlerHarness.ScheduledTime);
        batch.Since.Should().Be(DateTimeOffset.Parse(HandlerHarness.ScheduledTime, System.Globalization.CultureInfo.InvariantCulture).AddMinutes(-5));
        response.GetRawText().Should().Be("""{"batchItemFailures":[]}""");
        h.PushoverUsersNotified.Should().BeEquivalentTo([SignalFactory.UserKey, OtherUser]);
        (await h.Store.GetAsync("btc", CancellationToken.None))!.Status.Should().Be(SignalStatus.Triggered);
        (await h.Store.GetAsync("bnb", CancellationToken.None))!.Status.Should().Be(SignalStatus.Pending);
        h.Log.ToString().Should().NotContain(HandlerHarness.AppToken, "a secret is never logged");
        h.Log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().OnlyContain(l => l.StartsWith("{\"timestamp\":", StringComparison.Ordinal))
            .And.Contain(l => l.Contains("\"SignalId\":\"btc\"", StringComparison.Ordinal) && l.Contains("\"SqsMessageId\":", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Worker_SameMessagesDeliveredTwice_StillOnePushEach()
    {
        await using var h = await HandlerHarness.StartAsync(fauxqs);
        h.BinancePrices(("BTCUSDT", "100250.5"), ("ETHUSDT", "3999.99"));
        await h.AddAsync("btc", "BTCUSDT", Condition.Above, 100_000m);
        await h.AddAsync("eth", "ETHUSDT", Condition.Below, 4_000m, OtherUser);
        await new ReaderFunction(h.Composition).HandleAsync(HandlerHarness.ScheduledEvent());
        var sqsEvent = h.SqsEventFor(await h.ReceiveAllAsync());
        var worker = new WorkerFunction(h.Composition);

        var first = HandlerHarness.Json(await worker.HandleAsync(HandlerHarness.Utf8(sqsEvent)));
        var again = HandlerHarness.Json(await new WorkerFunction(h.Composition).HandleAsync(HandlerHarness.Utf8(sqsEvent)));

        first.GetRawText().Should().Be("""{"batchItemFailures":[]}""");
        again.GetRawText().Should().Be("""{"batchItemFailures":[]}""");
        h.PushoverUsersNotified.Should().HaveCount(2).And.OnlyHaveUniqueItems();
        (await h.Store.GetAsync("btc", CancellationToken.None))!.TriggeredCount.Should().Be(1);
    }

    [Fact]
    public async Task Worker_OneMalformedMessage_OnlyItsIdFailedNeighboursDelivered()
    {
        await using var h = await HandlerHarness.StartAsync(fauxqs);
        h.BinancePrices(("BTCUSDT", "100250.5"));
        await h.AddAsync("btc", "BTCUSDT", Condition.Above, 100_000m);
        await h.Sqs.SendMessageAsync(new SendMessageRequest { QueueUrl = h.QueueUrl, MessageBody = "{\"cycle_id\":\"c\",\"exchange\":\"kraken\",\"signals\":[]}" });
        await new ReaderFunction(h.Composition).HandleAsync(HandlerHarness.ScheduledEvent());
        var messages = await h.ReceiveAllAsync();
        var malformed = messages.Single(m => m.Body.Contains("kraken", StringComparison.Ordinal)).MessageId;

        var response = HandlerHarness.Json(await new WorkerFunction(h.Composition).HandleAsync(HandlerHarness.Utf8(h.SqsEventFor(messages))));

        messages.Should().HaveCount(2);
        response.GetRawText().Should().Be($$"""{"batchItemFailures":[{"itemIdentifier":"{{malformed}}"}]}""");
        h.PushoverUsersNotified.Should().ContainSingle();
        var errorLine = h.Log.ToString().Split('\n').Single(l => l.Contains("\"level\":\"Error\"", StringComparison.Ordinal));
        var error = System.Text.Json.JsonDocument.Parse(errorLine).RootElement;
        error.GetProperty("SqsMessageId").GetString().Should().Be(malformed);
        error.GetProperty("message").GetString().Should().Contain("exchange 'kraken' is not a known exchange");
    }

    [Fact]
    public async Task Worker_NoTimeLeftAfterTwoRecords_TheThirdGoesBackUntouchedAndLeavesAGap()
    {
        // An 80 s function stops taking new work 5 s in. Three records of three cycles; Binance takes 3 s to answer each:
        // the second record's time runs out once it has its prices, the third is not started.
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var h = await HandlerHarness.StartAsync(fauxqs, clock, functionTimeoutSeconds: 80);
        h.BinancePrices(() => clock.Advance(TimeSpan.FromSeconds(3)), ("BTCUSDT", "50000"));
        var alert = Core.Pipeline.SignalSnapshot.From(await h.AddAsync("btc", "BTCUSDT", Condition.Above, 100_000m));
        var start = clock.GetUtcNow();
        foreach (var cycle in new[] { 1, 2, 3 })
        {
            var batch = new Core.Pipeline.SignalBatch($"cycle-{cycle}", ExchangeId.Binance, [alert], start.AddMinutes(cycle - 2)) { CycleStart = start.AddMinutes(cycle - 1) };
            await h.Sqs.SendMessageAsync(new SendMessageRequest { QueueUrl = h.QueueUrl, MessageBody = Aws.Sqs.SignalBatchMessage.Serialize(batch) });
        }

        var messages = await h.ReceiveAllAsync();
        var response = HandlerHarness.Json(await new WorkerFunction(h.Composition).HandleAsync(HandlerHarness.Utf8(h.SqsEventFor(messages))));

        var third = messages.Single(m => m.Body.Contains("cycle-3", StringComparison.Ordinal)).MessageId;
        response.GetRawText().Should().Be($$"""{"batchItemFailures":[{"itemIdentifier":"{{third}}"}]}""");
        h.Binance.LogEntries.Count(e => e.RequestMessage.Path == "/api/v3/ticker/price").Should().Be(2, "the third record was not started");
        (await h.Store.ListCoverageAsync(CancellationToken.None)).Single().GapSince.Should().Be(start, "the next cycle looks back over the second and third records' spans");
    }

    [Fact]
    public async Task Worker_EveryRecordMalformed_InvocationFails()
    {
        await using var h = await HandlerHarness.StartAsync(fauxqs);
        await h.Sqs.SendMessageAsync(new SendMessageRequest { QueueUrl = h.QueueUrl, MessageBody = "test" });
        var messages = await h.ReceiveAllAsync();

        var handle = () => new WorkerFunction(h.Composition).HandleAsync(HandlerHarness.Utf8(h.SqsEventFor(messages)));

        await handle.Should().ThrowAsync<BatchFailedException>().WithMessage("all 1 records*");
    }

    [Fact]
    public async Task Worker_PushoverServerErrorThenAccepts_DeliveredOnce()
    {
        await using var h = await HandlerHarness.StartAsync(fauxqs);
        h.BinancePrices(("BTCUSDT", "100250.5"));
        await h.AddAsync("btc", "BTCUSDT", Condition.Above, 100_000m);
        h.Pushover.Reset();
        h.Pushover.Given(Request.Create().WithPath("/1/messages.json").UsingPost()).InScenario("flaky").WillSetStateTo("recovered")
            .RespondWith(Response.Create().WithStatusCode(500).WithBody("oops"));
        h.Pushover.Given(Request.Create().WithPath("/1/messages.json").UsingPost()).InScenario("flaky").WhenStateIs("recovered")
            .RespondWith(Response.Create().WithStatusCode(200).WithBody("""{"status":1,"request":"r2"}"""));
        await new ReaderFunction(h.Composition).HandleAsync(HandlerHarness.ScheduledEvent());
        var sqsEvent = h.SqsEventFor(await h.ReceiveAllAsync());

        var response = HandlerHarness.Json(await new WorkerFunction(h.Composition).HandleAsync(HandlerHarness.Utf8(sqsEvent)));
        await new WorkerFunction(h.Composition).HandleAsync(HandlerHarness.Utf8(sqsEvent));

        response.GetRawText().Should().Be("""{"batchItemFailures":[]}""");
        h.PushoverUsersNotified.Should().HaveCount(2, "one 500, then one accepted push, and nothing on the redelivery");
        var firing = (await h.Store.ListDeliveriesAsync("btc", CancellationToken.None)).Should().ContainSingle().Subject;
        firing.DeliveryStatus.Should().Be(DeliveryStatus.Sent);
    }

    [Fact]
    public async Task Monolith_ScheduledEventTwice_OnePushPerCrossing()
    {
        await using var h = await HandlerHarness.StartAsync(fauxqs);
        h.BinancePrices(("BTCUSDT", "100250.5"), ("BNBUSDT", "650.1"));
        await h.AddAsync("btc", "BTCUSDT", Condition.Above, 100_000m);
        await h.AddAsync("bnb", "BNBUSDT", Condition.Above, 1_000m);

        var first = HandlerHarness.Json(await new MonolithFunction(h.Composition).HandleAsync(HandlerHarness.ScheduledEvent()));
        var second = HandlerHarness.Json(await new MonolithFunction(h.Composition).HandleAsync(HandlerHarness.ScheduledEvent()));

        first.GetProperty("fired").GetInt32().Should().Be(1);
        first.GetProperty("notified").GetInt32().Should().Be(1);
        second.GetProperty("fired").GetInt32().Should().Be(0);
        h.PushoverUsersNotified.Should().ContainSingle();
        (await h.ReceiveAllAsync()).Should().BeEmpty("the monolith keeps its batches in process");
    }

    [Fact]
    public async Task Worker_EachBatch_LogsItsCountsAsEmbeddedMetrics_AsDefinedOnce()
    {
        await using var h = await HandlerHarness.StartAsync(fauxqs);
        h.BinancePrices(("BTCUSDT", "100250.50000000"), ("ETHUSDT", "3999.99000000"), ("BNBUSDT", "650.10000000"));
        await h.AddAsync("btc", "BTCUSDT", Condition.Above, 100_000m);
        await h.AddAsync("eth", "ETHUSDT", Condition.Below, 4_000m, OtherUser);
        await h.AddAsync("bnb", "BNBUSDT", Condition.Above, 1_000m);

        await new ReaderFunction(h.Composition).HandleAsync(HandlerHarness.ScheduledEvent());
        await new WorkerFunction(h.Composition).HandleAsync(HandlerHarness.Utf8(h.SqsEventFor(await h.ReceiveAllAsync())));

        var line = LinesOf(h, PipelineMetrics.Batch).Should().ContainSingle("one batch was checked").Subject;
        ShouldDeclare(line, PipelineMetrics.Batch);
        line.GetProperty("Exchange").GetString().Should().Be("binance");
        line.GetProperty("Checked").GetInt32().Should().Be(2, "BNB's alert (above 1 000, at 650) is beyond the wick band: the trigger book leaves it unread");
        line.GetProperty("Fired").GetInt32().Should().Be(2, "BTC rose above 100 000 and ETH fell below 4 000; BNB stayed below 1 000");
        line.GetProperty("Notified").GetInt32().Should().Be(2);
        line.GetProperty("NotificationFailures").GetInt32().Should().Be(0);
        line.GetProperty("NotChecked").GetInt32().Should().Be(0);
    }

    [Fact]
    public async Task Monolith_EachCycle_LogsItsCountsAsEmbeddedMetrics_AsDefinedOnce()
    {
        await using var h = await HandlerHarness.StartAsync(fauxqs);
        h.BinancePrices(("BTCUSDT", "100250.5"), ("BNBUSDT", "650.1"));
        await h.AddAsync("btc", "BTCUSDT", Condition.Above, 100_000m);
        await h.AddAsync("bnb", "BNBUSDT", Condition.Above, 1_000m);

        await new MonolithFunction(h.Composition).HandleAsync(HandlerHarness.ScheduledEvent());

        var cycle = LinesOf(h, PipelineMetrics.Cycle).Should().ContainSingle("one cycle ran (its batch has its own line)").Subject;
        ShouldDeclare(cycle, PipelineMetrics.Cycle);
        cycle.GetProperty("Pipeline").GetString().Should().Be("monolithic");
        cycle.GetProperty("Checked").GetInt32().Should().Be(1, "BNB's alert (above 1 000, at 650) is not read from the trigger book");
        cycle.GetProperty("Fired").GetInt32().Should().Be(1);
        cycle.GetProperty("Notified").GetInt32().Should().Be(1);
        cycle.GetProperty("FailedBatches").GetInt32().Should().Be(0);
    }

    [Fact]
    public async Task Worker_EachDeliveryAndEachExchangeAsked_LogTheirMetricsAsEmbeddedMetrics_AsDefinedOnce()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var h = await HandlerHarness.StartAsync(fauxqs, clock);
        h.BinancePrices(("BTCUSDT", "100250.5"));
        PushoverAcceptsAfter(h, clock, TimeSpan.FromMilliseconds(1_200));
        await h.AddAsync("btc", "BTCUSDT", Condition.Above, 100_000m);
        await h.AddAsync("xyz", "XYZUSDT", Condition.Above, 1m);

        await new ReaderFunction(h.Composition).HandleAsync(HandlerHarness.ScheduledEvent());
        await new WorkerFunction(h.Composition).HandleAsync(HandlerHarness.Utf8(h.SqsEventFor(await h.ReceiveAllAsync())));

        ShouldHaveTheNewSetsLines(h);
    }

    [Fact]
    public async Task Monolith_EachDeliveryAndEachExchangeAsked_LogTheirMetricsAsEmbeddedMetrics_AsDefinedOnce()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var h = await HandlerHarness.StartAsync(fauxqs, clock);
        h.BinancePrices(("BTCUSDT", "100250.5"));
        PushoverAcceptsAfter(h, clock, TimeSpan.FromMilliseconds(1_200));
        await h.AddAsync("btc", "BTCUSDT", Condition.Above, 100_000m);
        await h.AddAsync("xyz", "XYZUSDT", Condition.Above, 1m);

        await new MonolithFunction(h.Composition).HandleAsync(HandlerHarness.ScheduledEvent());

        ShouldHaveTheNewSetsLines(h);
    }

    [Fact]
    public async Task Worker_PushoverRefusesTheUserKey_AFailedPermanentlyLineThatDeclaresNoLatency()
    {
        await using var h = await HandlerHarness.StartAsync(fauxqs);
        h.BinancePrices(("BTCUSDT", "100250.5"));
        h.PushoverAnswers(400, """{"user":"invalid","errors":["user identifier is not a valid user, group, or subscribed user key"],"status":0,"request":"5042853c-402d-4a18-abcb-168734a801de"}""");
        await h.AddAsync("btc", "BTCUSDT", Condition.Above, 100_000m);

        await new ReaderFunction(h.Composition).HandleAsync(HandlerHarness.ScheduledEvent());
        await new WorkerFunction(h.Composition).HandleAsync(HandlerHarness.Utf8(h.SqsEventFor(await h.ReceiveAllAsync())));

        var line = LinesOf(h, PipelineMetrics.Delivery).Should().ContainSingle().Subject;
        (line.GetProperty("Sent").GetInt32(), line.GetProperty("FailedPermanently").GetInt32()).Should().Be((0, 1));
        line.TryGetProperty("LatencyMs", out _).Should().BeFalse("nothing was accepted");
        line.GetProperty("_aws").GetProperty("CloudWatchMetrics")[0].GetProperty("Metrics").EnumerateArray().Select(m => m.GetProperty("Name").GetString())
            .Should().Equal(["Sent", "Retried", "FailedPermanently", "Held"], "the format wants a value for each metric it names");
    }

    /// <summary>Pushover accepts each push once <paramref name="wait"/> has passed on the functions' clock.</summary>
    private static void PushoverAcceptsAfter(HandlerHarness h, Microsoft.Extensions.Time.Testing.FakeTimeProvider clock, TimeSpan wait)
    {
        h.Pushover.Reset();
        h.Pushover.Given(Request.Create().WithPath("/1/messages.json").UsingPost()).RespondWith(Response.Create().WithCallback(_ =>
        {
            clock.Advance(wait);
            return new WireMock.ResponseMessage
            {
                StatusCode = 200,
                Headers = new Dictionary<string, WireMock.Types.WireMockList<string>> { ["Content-Type"] = new("application/json") },
                BodyData = new WireMock.Util.BodyData { BodyAsString = """{"status":1,"request":"r1"}""", DetectedBodyType = WireMock.Types.BodyType.String },
            };
        }));
    }

    /// <summary>
    /// BTC fired and Pushover accepted it 1.2 s after the crossing was seen; XYZ is listed nowhere: Binance's answer
    /// lacks it, and the stub Bybit and Coinbase answer 404 to the fallback's question.
    /// </summary>
    private static void ShouldHaveTheNewSetsLines(HandlerHarness h)
    {
        var delivery = LinesOf(h, PipelineMetrics.Delivery).Should().ContainSingle("one firing, on Pushover").Subject;
        ShouldDeclare(delivery, PipelineMetrics.Delivery);
        delivery.GetProperty("Channel").GetString().Should().Be("pushover");
        (delivery.GetProperty("Sent").GetInt32(), delivery.GetProperty("Retried").GetInt32(), delivery.GetProperty("FailedPermanently").GetInt32(), delivery.GetProperty("Held").GetInt32())
            .Should().Be((1, 0, 0, 0));
        delivery.GetProperty("LatencyMs").GetInt64().Should().Be(1_200);

        var batch = LinesOf(h, PipelineMetrics.Batch).Should().ContainSingle().Subject;
        (batch.GetProperty("NotChecked").GetInt32(), batch.GetProperty("NotCheckedNoPrice").GetInt32(), batch.GetProperty("FallbackUses").GetInt32()).Should().Be((1, 1, 0));

        var requests = LinesOf(h, PipelineMetrics.ExchangeRequests);
        requests.ForEach(line => ShouldDeclare(line, PipelineMetrics.ExchangeRequests));
        requests.Select(l => (l.GetProperty("Exchange").GetString(), l.GetProperty("Requests").GetInt64(), l.GetProperty("RequestFailures").GetInt64()))
            .Should().Equal(("binance", 1L, 0L), ("bybit", 1L, 1L), ("coinbase", 1L, 1L));
    }

    [Fact]
    public void Readme_TheMetricsTable_NamesEachSetsDimensionAndMetrics_AsDefinedOnce()
    {
        var rows = ReadmeTables.RowsAfter("**Metrics.**");

        rows.Should().HaveCount(PipelineMetrics.All.Count, "one row per kind of line");
        foreach (var set in PipelineMetrics.All)
        {
            rows.Should().ContainSingle(r => ReadmeTables.Named(r[1]).Contains(set.Dimensions[0]) && ReadmeTables.Named(r[2]).SetEquals(set.Metrics.Select(m => m.Name)),
                "the manual names {0}'s dimension and exactly its metrics", set.Event.Name);
        }
    }

    /// <summary>The lines that carry <paramref name="set"/>'s metrics: its dimensions, and metrics of its own.</summary>
    private static List<JsonElement> LinesOf(HandlerHarness h, MetricSet set) =>
        h.Log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Where(l => l.TryGetProperty("_aws", out var aws) && aws.GetProperty("CloudWatchMetrics")[0] is var directive
                && directive.GetProperty("Dimensions")[0].EnumerateArray().Select(d => d.GetString()).SequenceEqual(set.Dimensions)
                && directive.GetProperty("Metrics").EnumerateArray().All(m => set.Metrics.Any(s => s.Name == m.GetProperty("Name").GetString())))
            .ToList();

    /// <summary>The line declares exactly the set's namespace, dimensions and metrics, and holds a number for each metric.</summary>
    private static void ShouldDeclare(JsonElement line, MetricSet set)
    {
        var directive = line.GetProperty("_aws").GetProperty("CloudWatchMetrics").EnumerateArray().Should().ContainSingle().Subject;
        directive.GetProperty("Namespace").GetString().Should().Be(PipelineMetrics.Namespace);
        directive.GetProperty("Dimensions").EnumerateArray().Select(d => d.EnumerateArray().Select(n => n.GetString()).ToList())
            .Should().ContainSingle().Which.Should().Equal(set.Dimensions);
        directive.GetProperty("Metrics").EnumerateArray().Select(m => (m.GetProperty("Name").GetString(), m.GetProperty("Unit").GetString()))
            .Should().Equal(set.Metrics.Select(m => ((string?)m.Name, (string?)m.Unit)));
        foreach (var metric in set.Metrics)
            line.GetProperty(metric.Name).ValueKind.Should().Be(JsonValueKind.Number, metric.Name);
        line.GetProperty("_aws").GetProperty("Timestamp").ValueKind.Should().Be(JsonValueKind.Number);
    }
}
