using Amazon.SQS.Model;
using TradingAlerts.Core.Accounts;
using TradingAlerts.Core.Pipeline;
using TradingAlerts.Core.Signals;
using TradingAlerts.Testing;
using TradingAlerts.Http;
using TradingAlerts.Testing.Emulators;

namespace TradingAlerts.Functions.Tests.Pipeline;

/// <summary>
/// Scheduled event → Reader function → fauxqs → the SQS event Lambda builds → Worker function → DynamoDB Local and
/// stub Pushover: the delivery promise (one push per crossing) under redelivery, concurrent Workers, a Worker stopped
/// between its claim and its send, Pushover failures, poison messages and a cycle with nothing armed.
/// </summary>
[Collection(PipelineEmulatorsCollection.Name)]
public sealed class PipelineOnEmulatorsTests(DynamoDbLocal dynamo, FauxqsFixture fauxqs)
{
    private const string OtherUser = "gznej3rKEVAvPUxu9vvNnqpmZpokzF";
    private const string NoFailures = """{"batchItemFailures":[]}""";
    private static readonly CancellationToken Ct = CancellationToken.None;

    /// <summary>Three crossings (one for another recipient) among seven alerts over six symbols.</summary>
    private static async Task SeedAsync(PipelineHarness h)
    {
        h.BinancePrices(
            ("BTCUSDT", "100250.50000000"), ("ETHUSDT", "3999.99000000"), ("BNBUSDT", "650.10000000"),
            ("SOLUSDT", "151.20000000"), ("XRPUSDT", "0.52000000"), ("ADAUSDT", "0.41000000"));
        await h.AddAsync("btc-100k", "BTCUSDT", Condition.Above, 100_000m);
        await h.AddAsync("eth-dip", "ETHUSDT", Condition.Below, 4_000m, OtherUser);
        await h.AddAsync("sol-150", "SOLUSDT", Condition.Above, 150m);
        await h.AddAsync("btc-200k", "BTCUSDT", Condition.Above, 200_000m);
        await h.AddAsync("bnb-1k", "BNBUSDT", Condition.Above, 1_000m);
        await h.AddAsync("xrp-1", "XRPUSDT", Condition.Above, 1m);
        await h.AddAsync("ada-low", "ADAUSDT", Condition.Below, 0.2m);
    }

    private static readonly string[] Fired = ["btc-100k", "eth-dip", "sol-150"];
    private static readonly string[] NotFired = ["btc-200k", "bnb-1k", "xrp-1", "ada-low"];

    [Fact]
    public async Task ReaderThenWorker_ThreeCrossings_StateAndFiringsInDynamoAndOnePushEach()
    {
        await using var h = await PipelineHarness.StartAsync(dynamo, fauxqs);
        await SeedAsync(h);
        var versions = new Dictionary<string, long>();
        foreach (var id in Fired)
            versions[id] = (await h.Store.GetAsync(id, Ct))!.Version;

        var summary = await h.RunReaderAsync();
        var messages = await h.ReceiveAllAsync();
        var response = await h.RunWorkerAsync(h.SqsEventFor(messages));

        (summary.GetProperty("armed").GetInt32(), summary.GetProperty("markets").GetInt32()).Should().Be((0, 6), "the Reader queues the markets; the Workers read their alerts from the trigger book");
        messages.Should().OnlyContain(m => m.Attributes["ApproximateReceiveCount"] == "1");
        PipelineHarness.Batches(messages).SelectMany(b => b.Markets).Select(m => m.Symbol).Should().BeEquivalentTo(["BTCUSDT", "ETHUSDT", "BNBUSDT", "SOLUSDT", "XRPUSDT", "ADAUSDT"]);
        PipelineHarness.Batches(messages).Should().OnlyContain(b => b.Signals.Count == 0 && b.CycleAlerts == 6, "every message tells how much its cycle queued, however the batches were split");
        response.GetRawText().Should().Be(NoFailures);

        h.Pushes.Select(p => p.Symbol).Should().BeEquivalentTo(["BTCUSDT", "ETHUSDT", "SOLUSDT"]);
        h.Pushes.Single(p => p.Symbol == "ETHUSDT").User.Should().Be(OtherUser);
        h.Pushes.Single(p => p.Symbol == "BTCUSDT").Title.Should().StartWith("BTCUSDT above 100,000");
        var store = h.NewStore();
        foreach (var id in Fired)
        {
            var signal = (await store.GetAsync(id, Ct))!;
            signal.Status.Should().Be(SignalStatus.Triggered, id);
            signal.TriggeredCount.Should().Be(1, id);
            signal.TriggeredAt.Should().Be(h.Clock.GetUtcNow(), id);
            var firing = (await store.ListDeliveriesAsync(id, Ct)).Should().ContainSingle(id).Subject;
            firing.TriggerId.Should().Be(Delivery.TriggerIdFor(id, versions[id], PipelineHarness.CycleId));
            signal.Version.Should().Be(versions[id] + 1, "the claim moved the version on");
            firing.DeliveryStatus.Should().Be(DeliveryStatus.Sent, id);
            firing.Attempts.Should().Be(1);
        }

        foreach (var id in NotFired)
        {
            (await store.GetAsync(id, Ct))!.Status.Should().Be(SignalStatus.Pending, id);
            (await store.ListDeliveriesAsync(id, Ct)).Should().BeEmpty(id);
        }

        (await store.ListArmedAsync(Ct).ToListAsync(Ct)).Select(s => s.Id).Should().BeEquivalentTo(NotFired);
        h.Log.ToString().Should().NotContain(PipelineHarness.AppToken, "a secret is never logged");
    }

    [Fact]
    public async Task Worker_SameEventDeliveredTwice_StillOnePushPerCrossing()
    {
        await using var h = await PipelineHarness.StartAsync(dynamo, fauxqs);
        await SeedAsync(h);
        await h.RunReaderAsync();
        var sqsEvent = h.SqsEventFor(await h.ReceiveAllAsync());
        var instance = h.NewInstance();

        var first = await h.RunWorkerAsync(sqsEvent, instance);
        var sameInstance = await h.RunWorkerAsync(sqsEvent, instance);
        var otherInstance = await h.RunWorkerAsync(sqsEvent);

        first.GetRawText().Should().Be(NoFailures);
        sameInstance.GetRawText().Should().Be(NoFailures);
        otherInstance.GetRawText().Should().Be(NoFailures);
        h.Pushes.Select(p => p.Symbol).Should().BeEquivalentTo(["BTCUSDT", "ETHUSDT", "SOLUSDT"]);
        foreach (var id in Fired)
            (await h.Store.GetAsync(id, Ct))!.TriggeredCount.Should().Be(1, id);
    }

    [Fact]
    public async Task TwoMembersAlerts_EachGoesToItsOwnersKeyAndQuietHours_EveryBatchDeliveredTwice_OnePushEach()
    {
        // Ann's and Bob's alerts name no key: each pushes to its owner's. Bob's quiet hours (his key's recipient
        // settings) cover 09:25 UTC: his is held, not pushed. An alert naming its own key keeps it, whoever owns it.
        const string annKey = "uAnn0000000000000000000000000a";
        await using var h = await PipelineHarness.StartAsync(dynamo, fauxqs);
        h.BinancePrices(("BTCUSDT", "100250.5"), ("ETHUSDT", "3999.99"), ("SOLUSDT", "151.2"));
        await h.Store.AddAccountAsync(new Account { Name = "ann", Role = AccountRole.Admin, PasswordHash = "h", PushoverKey = annKey, CreatedAt = h.Clock.GetUtcNow() }, Ct);
        await h.Store.AddAccountAsync(new Account { Name = "bob", PasswordHash = "h", PushoverKey = OtherUser, CreatedAt = h.Clock.GetUtcNow() }, Ct);
        await h.Store.PutRecipientAsync(new Core.Notifications.Recipient { Id = OtherUser, QuietHours = Core.Notifications.QuietHours.Parse("09:00-10:00", "UTC") }, Ct);
        await h.AddAsync("ann-btc", "BTCUSDT", Condition.Above, 100_000m, owner: "ann");
        await h.AddAsync("bob-eth", "ETHUSDT", Condition.Below, 4_000m, owner: "bob");
        await h.AddAsync("bob-sol", "SOLUSDT", Condition.Above, 150m, SignalFactory.UserKey, owner: "bob");
        await h.RunReaderAsync();
        var sqsEvent = h.SqsEventFor(await h.ReceiveAllAsync());

        (await h.RunWorkerAsync(sqsEvent)).GetRawText().Should().Be(NoFailures);
        (await h.RunWorkerAsync(sqsEvent)).GetRawText().Should().Be(NoFailures);

        h.Pushes.Select(p => (p.Symbol, p.User)).Should().BeEquivalentTo([("BTCUSDT", annKey), ("SOLUSDT", SignalFactory.UserKey)]);
        var held = (await h.Store.ListDeliveriesAsync("bob-eth", Ct)).Should().ContainSingle().Subject;
        (held.Recipient, held.Held).Should().Be((OtherUser, true), "Bob's alert is his, held for his quiet hours");
    }

    [Fact]
    public async Task Worker_TwoInstancesOnTheSameEventConcurrently_OnePushPerCrossing()
    {
        await using var h = await PipelineHarness.StartAsync(dynamo, fauxqs);
        await SeedAsync(h);
        await h.RunReaderAsync();
        var sqsEvent = h.SqsEventFor(await h.ReceiveAllAsync());
        var (one, two) = (h.NewInstance(), h.NewInstance());

        var responses = await Task.WhenAll(
            Task.Run(() => h.RunWorkerAsync(sqsEvent, one)),
            Task.Run(() => h.RunWorkerAsync(sqsEvent, two)));

        responses.Select(r => r.GetRawText()).Should().AllBe(NoFailures);
        h.Pushes.Select(p => p.Symbol).Should().BeEquivalentTo(["BTCUSDT", "ETHUSDT", "SOLUSDT"]);
        foreach (var id in Fired)
        {
            (await h.Store.GetAsync(id, Ct))!.TriggeredCount.Should().Be(1, id);
            (await h.Store.ListDeliveriesAsync(id, Ct)).Should().ContainSingle(id).Which.DeliveryStatus.Should().Be(DeliveryStatus.Sent);
        }
    }

    [Fact]
    public async Task RearmingCrossingAlert_EveryBatchDeliveredTwiceToTwoInstances_OnePushPerCrossing()
    {
        await using var h = await PipelineHarness.StartAsync(dynamo, fauxqs);
        var signal = SignalFactory.Armed("cross", "BTCUSDT") with
        {
            Condition = Condition.Crosses,
            TargetPrice = 100_000m,
            Status = SignalStatus.Waiting,
            ExpiresAt = null,
            Rule = new SignalRule { Frequency = Frequency.Rearm, Cooldown = TimeSpan.Zero, HysteresisPercent = 0m },
            CreatedAt = h.Clock.GetUtcNow().AddHours(-1),
        };
        await h.Store.AddAsync(signal, Ct);

        // below (arms) → above (fires) → above (re-arms on that side) → below (fires) → below (re-arms) → above (fires),
        // a cycle a minute: a Worker judges an alert as it stood when its cycle began.
        foreach (var price in new[] { "99000", "100500", "100600", "99500", "99400", "100100" })
        {
            h.Clock.Advance(TimeSpan.FromMinutes(1));
            h.BinancePrices(("BTCUSDT", price));
            await h.RunReaderAsync(h.Clock.GetUtcNow().AddSeconds(-1));
            var sqsEvent = h.SqsEventFor(await h.ReceiveAllAsync());
            var responses = await Task.WhenAll(
                Task.Run(() => h.RunWorkerAsync(sqsEvent, h.NewInstance())),
                Task.Run(() => h.RunWorkerAsync(sqsEvent, h.NewInstance())));
            responses.Select(r => r.GetRawText()).Should().AllBe(NoFailures);
        }

        h.Pushes.Should().HaveCount(3);
        var stored = await h.Store.GetAsync("cross", Ct);
        (stored!.TriggeredCount, stored.Status, stored.Side).Should().Be((3, SignalStatus.Waiting, PriceSide.Above));
        (await h.Store.ListDeliveriesAsync("cross", Ct)).Should().HaveCount(3).And.OnlyContain(f => f.DeliveryStatus == DeliveryStatus.Sent);
    }

    [Fact]
    public async Task Worker_StoppedBetweenClaimAndSend_RedeliveryAfterTheLeaseSendsOnce()
    {
        await using var h = await PipelineHarness.StartAsync(dynamo, fauxqs);
        h.BinancePrices(("BTCUSDT", "100250.5"));
        await h.AddAsync("btc", "BTCUSDT", Condition.Above, 100_000m);
        await h.RunReaderAsync();
        var messages = await h.ReceiveAllAsync();
        var snapshot = SignalSnapshot.From((await h.Store.GetAsync("btc", Ct))!);

        // The first Worker's claim, exactly as it writes it (same trigger id, delivery pending under its lease); then it stops.
        (await h.Store.ClaimTriggerAsync(snapshot, h.FiringAsTheWorkerClaimsIt(snapshot, 100_250.5m), new SignalState(SignalStatus.Triggered), Ct)).Should().BeTrue();
        var lease = new DeliveryOptions().Lease;

        h.Clock.Advance(lease - TimeSpan.FromSeconds(1));
        var withinLease = await h.RunWorkerAsync(h.SqsEventFor(messages));
        var pushesWithinLease = h.Pushes.Count;
        h.Clock.Advance(TimeSpan.FromSeconds(2));
        var afterLease = await h.RunWorkerAsync(h.SqsEventFor(messages));
        var again = await h.RunWorkerAsync(h.SqsEventFor(messages));

        withinLease.GetRawText().Should().Be(NoFailures);
        pushesWithinLease.Should().Be(0, "the stopped Worker's lease still holds the delivery");
        afterLease.GetRawText().Should().Be(NoFailures);
        again.GetRawText().Should().Be(NoFailures);
        h.Pushes.Should().ContainSingle().Which.Title.Should().StartWith("BTCUSDT above 100,000");
        var firing = (await h.Store.ListDeliveriesAsync("btc", Ct)).Should().ContainSingle().Subject;
        firing.TriggerId.Should().Be(Delivery.TriggerIdFor("btc", snapshot.Version, PipelineHarness.CycleId));
        firing.DeliveryStatus.Should().Be(DeliveryStatus.Sent);
        firing.Attempts.Should().Be(1);
        (await h.Store.GetAsync("btc", Ct))!.TriggeredCount.Should().Be(1);
    }

    [Fact]
    public async Task Worker_PushoverServerErrorThenAccepts_RetriedWhenDueAndRecordedAsSent()
    {
        // No HTTP retry inside one send: the 500 leaves the delivery pending in DynamoDB, for a later invocation.
        await using var h = await PipelineHarness.StartAsync(dynamo, fauxqs, pushoverRetry: new HttpRetryOptions { MaxRetries = 0, AttemptTimeout = TimeSpan.FromSeconds(5) });
        h.BinancePrices(("BTCUSDT", "100250.5"));
        await h.AddAsync("btc", "BTCUSDT", Condition.Above, 100_000m);
        h.PushoverFailsOnceThenAccepts();
        await h.RunReaderAsync();
        var sqsEvent = h.SqsEventFor(await h.ReceiveAllAsync());

        var first = await h.RunWorkerAsync(sqsEvent);
        var afterFailure = (await h.Store.ListDeliveriesAsync("btc", Ct)).Single();
        var notYetDue = await h.RunWorkerAsync(sqsEvent);
        var pushesBeforeDue = h.Pushes.Count;
        h.Clock.Advance(new DeliveryOptions().FirstRetryDelay + TimeSpan.FromSeconds(1));
        var due = await h.RunWorkerAsync(sqsEvent);

        first.GetRawText().Should().Be(NoFailures, "a failed notification is the delivery's to retry, not the message's");
        afterFailure.DeliveryStatus.Should().Be(DeliveryStatus.Pending);
        afterFailure.Attempts.Should().Be(1);
        notYetDue.GetRawText().Should().Be(NoFailures);
        pushesBeforeDue.Should().Be(1);
        due.GetRawText().Should().Be(NoFailures);
        h.Pushes.Should().HaveCount(2, "the 500, then the one accepted push");
        var firing = (await h.Store.ListDeliveriesAsync("btc", Ct)).Should().ContainSingle().Subject;
        firing.DeliveryStatus.Should().Be(DeliveryStatus.Sent);
        firing.Attempts.Should().Be(2);
        firing.SentAt.Should().Be(h.Clock.GetUtcNow());
    }

    [Fact]
    public async Task Worker_PushoverServerErrorRetriedWithinTheSend_DeliveredOnce()
    {
        await using var h = await PipelineHarness.StartAsync(dynamo, fauxqs);
        h.BinancePrices(("BTCUSDT", "100250.5"));
        await h.AddAsync("btc", "BTCUSDT", Condition.Above, 100_000m);
        h.PushoverFailsOnceThenAccepts();
        await h.RunReaderAsync();
        var sqsEvent = h.SqsEventFor(await h.ReceiveAllAsync());

        var response = await h.RunWorkerAsync(sqsEvent);
        await h.RunWorkerAsync(sqsEvent);

        response.GetRawText().Should().Be(NoFailures);
        h.Pushes.Should().HaveCount(2, "the 500 is retried by the HTTP layer at once; the redelivery sends nothing");
        var firing = (await h.Store.ListDeliveriesAsync("btc", Ct)).Should().ContainSingle().Subject;
        firing.DeliveryStatus.Should().Be(DeliveryStatus.Sent);
        firing.Attempts.Should().Be(1);
    }

    [Fact]
    public async Task Worker_OneMalformedMessage_OnlyItsIdFailsAndOnlyItReturnsToTheQueue()
    {
        await using var h = await PipelineHarness.StartAsync(dynamo, fauxqs);
        await SeedAsync(h);
        await h.Sqs.SendMessageAsync(new SendMessageRequest { QueueUrl = h.QueueUrl, MessageBody = """{"cycle_id":"c","exchange":"kraken","signals":[]}""" });
        await h.RunReaderAsync();
        var messages = await h.ReceiveAllAsync(visibilitySeconds: 1);
        var malformed = messages.Single(m => m.Body.Contains("kraken", StringComparison.Ordinal)).MessageId;

        var response = await h.RunWorkerAsync(h.SqsEventFor(messages));
        await h.AcknowledgeAsync(messages, response);
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var back = await h.ReceiveAllAsync();

        messages.Should().HaveCount(2, "the cycle's six markets and the malformed message");
        response.GetRawText().Should().Be($$"""{"batchItemFailures":[{"itemIdentifier":"{{malformed}}"}]}""");
        h.Pushes.Select(p => p.Symbol).Should().BeEquivalentTo(["BTCUSDT", "ETHUSDT", "SOLUSDT"]);
        var returned = back.Should().ContainSingle("only the failed message goes back to the queue").Subject;
        returned.MessageId.Should().Be(malformed);
        returned.Attributes["ApproximateReceiveCount"].Should().Be("2");
    }

    [Fact]
    public async Task Reader_NothingArmedAndADueDelivery_EmptyBatchWakesAWorkerThatRetriesIt()
    {
        await using var h = await PipelineHarness.StartAsync(dynamo, fauxqs);
        h.BinancePrices(("BTCUSDT", "100250.5"));
        var signal = await h.AddAsync("btc", "BTCUSDT", Condition.Above, 100_000m);
        var snapshot = SignalSnapshot.From(signal);

        // A Worker of an earlier cycle claimed the crossing and stopped before sending; its lease has run out.
        (await h.Store.ClaimTriggerAsync(snapshot, h.FiringAsTheWorkerClaimsIt(snapshot, 100_250.5m), new SignalState(SignalStatus.Triggered), Ct)).Should().BeTrue();
        h.Clock.Advance(new DeliveryOptions().Lease + TimeSpan.FromSeconds(1));

        var summary = await h.RunReaderAsync();
        var messages = await h.ReceiveAllAsync();
        var response = await h.RunWorkerAsync(h.SqsEventFor(messages));

        // DynamoDB keeps naming a market whose alerts are all gone: its batch reads nothing, and still wakes a Worker.
        (summary.GetProperty("armed").GetInt32(), summary.GetProperty("markets").GetInt32(), summary.GetProperty("batches").GetInt32()).Should().Be((0, 1, 1));
        var wake = PipelineHarness.Batches(messages).Should().ContainSingle().Subject;
        wake.Signals.Should().BeEmpty();
        (wake.CycleAlerts, wake.CycleStart).Should().Be((1, DateTimeOffset.Parse(PipelineHarness.CycleId, System.Globalization.CultureInfo.InvariantCulture)), "its outcome tells the cycle watch that the cycle ran");
        response.GetRawText().Should().Be(NoFailures);
        h.Pushes.Should().ContainSingle().Which.Title.Should().StartWith("BTCUSDT above 100,000");
        (await h.Store.ListDeliveriesAsync("btc", Ct)).Should().ContainSingle().Which.DeliveryStatus.Should().Be(DeliveryStatus.Sent);
    }
}
