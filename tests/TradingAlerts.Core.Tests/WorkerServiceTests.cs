using Microsoft.Extensions.Logging.Abstractions;
using TradingAlerts.Core.Accounts;
using TradingAlerts.Core.Notifications;
using TradingAlerts.Core.Pipeline;
using TradingAlerts.Core.Signals;
using TradingAlerts.Core.Tests.Fakes;
using TradingAlerts.Core.Transfer;

namespace TradingAlerts.Core.Tests;

public class WorkerServiceTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task RunOnce_OnlyAlertsThatMeetTheirCondition_AreNotifiedOnce()
    {
        var pipeline = new LocalPipeline();
        pipeline.Binance.Prices["BTCUSDT"] = 100_250.5m;
        var above = await pipeline.AddAsync("BTCUSDT", Condition.Above, 100_000m, userId: "user-a");
        var notYet = await pipeline.AddAsync("BTCUSDT", Condition.Above, 110_000m);
        var below = await pipeline.AddAsync("BTCUSDT", Condition.Below, 100_250.5m);

        var report = await pipeline.Cycle.RunOnceAsync(None);

        report.Checked.Should().Be(2, "110 000 lies beyond 5 % of the price: the trigger book leaves it unread");
        report.Fired.Should().Be(2);
        report.Notified.Should().Be(2);
        pipeline.Notifier.Sent.Should().HaveCount(2);
        pipeline.Notifier.Sent.Select(n => n.Recipient).Should().BeEquivalentTo("user-a", "default-user");
        var fired = (await pipeline.Store.GetAsync(above.Id, None))!;
        fired.Status.Should().Be(SignalStatus.Triggered);
        fired.TriggeredCount.Should().Be(1);
        fired.TriggeredAt.Should().Be(pipeline.Clock.GetUtcNow());
        (await pipeline.Store.GetAsync(notYet.Id, None))!.Status.Should().Be(SignalStatus.Pending);
        (await pipeline.Store.GetAsync(below.Id, None))!.Status.Should().Be(SignalStatus.Triggered);

        var second = await pipeline.Cycle.RunOnceAsync(None);

        second.Checked.Should().Be(0, "the fired ones left the book; the one at 110 000 is not reached");
        second.Fired.Should().Be(0);
        pipeline.Notifier.Sent.Should().HaveCount(2);
    }

    [Fact]
    public async Task RunOnce_AnOwnedAlert_PushesToItsOwnersKey_UnlessItNamesOne()
    {
        var pipeline = new LocalPipeline();
        pipeline.Binance.Prices["BTCUSDT"] = 100_250.5m;
        var now = pipeline.Clock.GetUtcNow();
        await pipeline.Store.AddAccountAsync(new Account { Name = "ann", Role = AccountRole.Admin, PasswordHash = "h", PushoverKey = "ann-key", CreatedAt = now }, None);
        await pipeline.Store.AddAccountAsync(new Account { Name = "bob", PasswordHash = "h", CreatedAt = now }, None);
        foreach (var (owner, userId) in new[] { ("ann", (string?)null), ("ann", "own-key"), ("bob", null), ("gone", null) })
        {
            var signal = await pipeline.AddAsync("BTCUSDT", Condition.Above, 100_000m, userId);
            await pipeline.Store.UpdateAsync(signal with { Owner = owner }, None);
        }

        await pipeline.Cycle.RunOnceAsync(None);

        pipeline.Notifier.Sent.Select(n => n.Recipient).Should().BeEquivalentTo(
            ["ann-key", "own-key", "default-user", "default-user"],
            "an owner without a Pushover key, or no longer an account, leaves the deployment's default");
    }

    [Fact]
    public async Task RunOnce_MessageNamesPriceTargetExchangeAndTime()
    {
        var pipeline = new LocalPipeline();
        pipeline.Binance.Prices["ETHUSDT"] = 4_000.25m;
        await pipeline.AddAsync("ETHUSDT", Condition.Below, 4_100m);

        await pipeline.Cycle.RunOnceAsync(None);

        var sent = pipeline.Notifier.Sent.Should().ContainSingle().Subject;
        sent.Title.Should().Be("ETHUSDT below 4,100: now 4,000.25");
        sent.Message.Should().Contain("ETHUSDT on binance is 4,000.25, below the target 4,100.")
            .And.Contain("Time: 2026-11-25 12:00:00 UTC");
    }

    [Fact]
    public async Task RunOnce_ManyAlertsAndBatches_OneExchangeRequestPerCycle()
    {
        var pipeline = new LocalPipeline(maxSignalsPerBatch: 10);
        for (var i = 0; i < 250; i++)
        {
            pipeline.Binance.Prices[$"SYM{i % 50}USDT"] = 1m;
            await pipeline.AddAsync($"SYM{i % 50}USDT", Condition.Above, 1.01m);
        }

        var report = await pipeline.Cycle.RunOnceAsync(None);
        pipeline.Clock.Advance(TimeSpan.FromMinutes(1));
        await pipeline.Cycle.RunOnceAsync(None);

        report.Checked.Should().Be(250);
        pipeline.Binance.Requests.Should().Be(2, "one bulk request per exchange per cycle, however many alerts and batches");
    }

    [Fact]
    public async Task RunOnce_AlertThatDoesNotFire_CostsNoWrite()
    {
        var pipeline = new LocalPipeline();
        pipeline.Binance.Prices["BTCUSDT"] = 1m;
        for (var i = 0; i < 20; i++)
            await pipeline.AddAsync("BTCUSDT", Condition.Above, 2m);
        var writesBefore = pipeline.Store.Writes;

        await pipeline.Cycle.RunOnceAsync(None);

        pipeline.Store.Writes.Should().Be(writesBefore);
    }

    [Fact]
    public async Task RunOnce_UnknownSymbol_ReportedPerAlertOthersStillFire()
    {
        var pipeline = new LocalPipeline();
        pipeline.Binance.Prices["BTCUSDT"] = 2m;
        var unknown = await pipeline.AddAsync("BTCUSDX", Condition.Above, 1m);
        await pipeline.AddAsync("BTCUSDT", Condition.Above, 1m);

        var report = await pipeline.Cycle.RunOnceAsync(None);

        var failure = report.CheckFailures.Should().ContainSingle().Subject;
        failure.SignalId.Should().Be(unknown.Id);
        failure.Reason.Should().Be("BTC/USDX is not listed on binance; fallbacks: BTC/USDX is not listed on bybit; BTC/USDX is not listed on coinbase");
        report.Notified.Should().Be(1);
    }

    [Fact]
    public async Task RunOnce_ExchangeDown_NoNotificationAlertsStayPendingNextCycleWorks()
    {
        var pipeline = new LocalPipeline();
        pipeline.Binance.Prices["BTCUSDT"] = 2m;
        pipeline.Binance.FailWith = "HTTP 503 after 3 attempts";
        var signal = await pipeline.AddAsync("BTCUSDT", Condition.Above, 1m);
        await pipeline.AddAsync("BTCUSDT", Condition.Above, 1.5m);

        var down = await pipeline.Cycle.RunOnceAsync(None);

        down.CheckFailures.Should().HaveCount(2).And.OnlyContain(f => f.Reason.StartsWith("HTTP 503 after 3 attempts; fallbacks: ", StringComparison.Ordinal));
        pipeline.Binance.Requests.Should().Be(1, "a failed exchange is not asked again in the same cycle");
        pipeline.Notifier.Sent.Should().BeEmpty();
        (await pipeline.Store.GetAsync(signal.Id, None))!.Status.Should().Be(SignalStatus.Pending);

        pipeline.Binance.FailWith = null;
        pipeline.Clock.Advance(TimeSpan.FromMinutes(1));
        var back = await pipeline.Cycle.RunOnceAsync(None);

        back.Notified.Should().Be(2);
    }

    [Fact]
    public async Task ProcessAsync_SameBatchDeliveredTwice_NotifiesOnce()
    {
        var pipeline = new LocalPipeline();
        pipeline.Binance.Prices["BTCUSDT"] = 2m;
        await pipeline.AddAsync("BTCUSDT", Condition.Above, 1m);
        await pipeline.Reader.RunAsync("cycle-1", pipeline.Clock.GetUtcNow(), null, None);
        pipeline.Queue.TryDequeue(out var batch);

        var first = await pipeline.Worker.ProcessAsync(batch, None);
        var redelivered = await pipeline.Worker.ProcessAsync(batch, None);

        first.Notified.Should().Be(1);
        redelivered.Fired.Should().Be(0);
        redelivered.Notified.Should().Be(0);
        pipeline.Notifier.Sent.Should().ContainSingle();
    }

    [Fact]
    public async Task ProcessAsync_ConcurrentWorkersOnOneBatch_OnlyTheClaimWinnerSends()
    {
        var pipeline = new LocalPipeline();
        pipeline.Binance.Prices["BTCUSDT"] = 2m;
        await pipeline.AddAsync("BTCUSDT", Condition.Above, 1m);
        await pipeline.Reader.RunAsync("cycle-1", pipeline.Clock.GetUtcNow(), null, None);
        pipeline.Queue.TryDequeue(out var batch);

        var reports = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => pipeline.Worker.ProcessAsync(batch, None))));

        reports.Sum(r => r.Fired).Should().Be(1);
        pipeline.Notifier.Sent.Should().ContainSingle();
    }

    [Fact]
    public async Task ProcessAsync_RedeliveryAfterCrashBeforeSend_CompletesTheDeliveryOnce()
    {
        var pipeline = new LocalPipeline();
        pipeline.Binance.Prices["BTCUSDT"] = 2m;
        var signal = await pipeline.AddAsync("BTCUSDT", Condition.Above, 1m);
        // A batch of the alert sent whole (as the Reader sends an alert not in the trigger book yet).
        var batch = ReaderService.Batch("cycle-1", [SignalSnapshot.From(signal)], 500)[0] with { CycleStart = pipeline.Clock.GetUtcNow(), CycleAlerts = 1 };

        // A worker claimed the crossing and died before sending: the claim and a pending delivery under its lease remain.
        var snapshot = batch.Signals[0];
        var now = pipeline.Clock.GetUtcNow();
        await pipeline.Store.ClaimTriggerAsync(snapshot, [new Delivery
        {
            TriggerId = Delivery.TriggerIdFor(signal.Id, snapshot.Version, "cycle-1"),
            SignalId = signal.Id,
            CycleId = "cycle-1",
            FiredAt = now,
            Price = 2m,
            PriceExchange = ExchangeId.Binance,
            Title = "t",
            Message = "m",
            NextAttemptAt = pipeline.Deliveries.LeaseUntil(now),
        }], new SignalState(SignalStatus.Triggered), None);

        var duringLease = await pipeline.Worker.ProcessAsync(batch, None);
        duringLease.Notified.Should().Be(0, "the crashed worker's lease has not run out yet");

        pipeline.Clock.Advance(TimeSpan.FromMinutes(3));
        var afterLease = await pipeline.Worker.ProcessAsync(batch, None);
        var again = await pipeline.Worker.ProcessAsync(batch, None);

        afterLease.Notified.Should().Be(1);
        again.Notified.Should().Be(0);
        pipeline.Notifier.Sent.Should().ContainSingle();
        (await pipeline.Store.GetAsync(signal.Id, None))!.TriggeredCount.Should().Be(1);
    }

    [Fact]
    public async Task RunOnce_TransientFailure_RetriedWhenDueAndSentOnce()
    {
        var pipeline = new LocalPipeline();
        pipeline.Binance.Prices["BTCUSDT"] = 2m;
        var signal = await pipeline.AddAsync("BTCUSDT", Condition.Above, 1m);
        pipeline.Notifier.Outcomes.Enqueue(DeliveryOutcome.Transient("HTTP 500 after 3 attempts"));

        var first = await pipeline.Cycle.RunOnceAsync(None);
        var tooEarly = await pipeline.Cycle.RunOnceAsync(None);
        pipeline.Clock.Advance(TimeSpan.FromSeconds(31));
        var due = await pipeline.Cycle.RunOnceAsync(None);
        pipeline.Clock.Advance(TimeSpan.FromHours(1));
        var later = await pipeline.Cycle.RunOnceAsync(None);

        first.NotificationFailures.Should().Be(1);
        tooEarly.RetriedDeliveries.Should().Be(0);
        due.Notified.Should().Be(1);
        later.RetriedDeliveries.Should().Be(0);
        pipeline.Notifier.Sent.Should().HaveCount(2);
        var firing = (await pipeline.Store.ListDeliveriesAsync(signal.Id, None)).Should().ContainSingle().Subject;
        firing.DeliveryStatus.Should().Be(DeliveryStatus.Sent);
        firing.Attempts.Should().Be(2);
    }

    [Fact]
    public async Task RunOnce_SentButNoAnswer_NotSentAgainAtOnce_TheLaterAttemptSaysItMayRepeat()
    {
        var pipeline = new LocalPipeline();
        pipeline.Binance.Prices["BTCUSDT"] = 2m;
        var signal = await pipeline.AddAsync("BTCUSDT", Condition.Above, 1m);
        pipeline.Notifier.Outcomes.Enqueue(DeliveryOutcome.Unconfirmed("no answer within 30 s; the message may have arrived"));

        var first = await pipeline.Cycle.RunOnceAsync(None);
        var pending = (await pipeline.Store.ListDeliveriesAsync(signal.Id, None)).Single();
        var tooEarly = await pipeline.Cycle.RunOnceAsync(None);
        pipeline.Clock.Advance(TimeSpan.FromSeconds(31));
        var due = await pipeline.Cycle.RunOnceAsync(None);

        first.NotificationFailures.Should().Be(1);
        (pending.DeliveryStatus, pending.MaybeSent, pending.LastResponse).Should().Be((DeliveryStatus.Pending, true, "no answer within 30 s; the message may have arrived"));
        tooEarly.RetriedDeliveries.Should().Be(0, "it may already be on the phone: no second message at once");
        due.Notified.Should().Be(1, "a missed alert is worse than a repeat");
        pipeline.Notifier.Sent.Should().HaveCount(2);
        pipeline.Notifier.Sent[0].Message.Should().NotContain(DeliveryService.RepeatNote);
        pipeline.Notifier.Sent[1].Message.Should().StartWith(DeliveryService.RepeatNote + "\n" + pipeline.Notifier.Sent[0].Message);
        (await pipeline.Store.ListDeliveriesAsync(signal.Id, None)).Single().DeliveryStatus.Should().Be(DeliveryStatus.Sent);
    }

    [Fact]
    public async Task DeliverLeased_LeaseRanOutAndAnotherWorkerSentIt_DoesNotSendAgain()
    {
        // Worker A claimed the crossing (its lease: 2 min) and stalled before the send; the lease ran out, a later
        // cycle's retry took the delivery over and sent it. Then A wakes up.
        var pipeline = new LocalPipeline();
        var signal = await pipeline.AddAsync("BTCUSDT", Condition.Above, 1m);
        var snapshot = SignalSnapshot.From(signal);
        var claimedByA = new Delivery
        {
            TriggerId = Delivery.TriggerIdFor(signal.Id, signal.Version, "c1"),
            SignalId = signal.Id,
            CycleId = "c1",
            FiredAt = pipeline.Clock.GetUtcNow(),
            Price = 2m,
            PriceExchange = ExchangeId.Binance,
            Recipient = "default-user",
            Title = "BTCUSDT above 1: now 2",
            Message = "m",
            NextAttemptAt = pipeline.Deliveries.LeaseUntil(pipeline.Clock.GetUtcNow()),
        };
        (await pipeline.Store.ClaimTriggerAsync(snapshot, [claimedByA], new SignalState(SignalStatus.Triggered), None)).Should().BeTrue();
        pipeline.Clock.Advance(TimeSpan.FromMinutes(3));
        (await pipeline.Deliveries.RetryDueAsync(None)).Should().Equal(DeliveryStatus.Sent);

        var workerA = new DeliveryService(pipeline.Store, pipeline.Store, new ChannelNotifiers(pipeline.Channels), pipeline.Clock, new DeliveryOptions(), new WorkDeadline(pipeline.Clock), NullLogger<DeliveryService>.Instance);
        var status = await workerA.DeliverLeasedAsync(claimedByA, None);

        status.Should().BeNull("its lease is no longer its own: nothing is sent");
        pipeline.Notifier.Sent.Should().ContainSingle();
        (await pipeline.Store.GetDeliveryAsync(claimedByA.TriggerId, None))!.DeliveryStatus.Should().Be(DeliveryStatus.Sent);
    }

    [Fact]
    public async Task RunOnce_PermanentFailure_RecordedAndNeverRetried()
    {
        var pipeline = new LocalPipeline();
        pipeline.Binance.Prices["BTCUSDT"] = 2m;
        var signal = await pipeline.AddAsync("BTCUSDT", Condition.Above, 1m);
        pipeline.Notifier.Outcomes.Enqueue(DeliveryOutcome.Permanent("HTTP 400: user identifier is invalid"));

        await pipeline.Cycle.RunOnceAsync(None);
        pipeline.Clock.Advance(TimeSpan.FromHours(2));
        await pipeline.Cycle.RunOnceAsync(None);

        pipeline.Notifier.Sent.Should().ContainSingle();
        var firing = (await pipeline.Store.ListDeliveriesAsync(signal.Id, None)).Should().ContainSingle().Subject;
        firing.DeliveryStatus.Should().Be(DeliveryStatus.Failed);
        firing.LastResponse.Should().Be("HTTP 400: user identifier is invalid");
    }

    [Fact]
    public async Task RunOnce_TransientFailuresForever_GivenUpAfterMaxAttempts()
    {
        var pipeline = new LocalPipeline();
        pipeline.Binance.Prices["BTCUSDT"] = 2m;
        var signal = await pipeline.AddAsync("BTCUSDT", Condition.Above, 1m);
        for (var i = 0; i < 20; i++)
            pipeline.Notifier.Outcomes.Enqueue(DeliveryOutcome.Transient("timeout"));

        for (var i = 0; i < 15; i++)
        {
            await pipeline.Cycle.RunOnceAsync(None);
            pipeline.Clock.Advance(TimeSpan.FromHours(1));
        }

        pipeline.Notifier.Sent.Should().HaveCount(new DeliveryOptions().MaxAttempts);
        var firing = (await pipeline.Store.ListDeliveriesAsync(signal.Id, None)).Single();
        firing.DeliveryStatus.Should().Be(DeliveryStatus.Failed);
        firing.LastResponse.Should().StartWith("gave up after 10 attempts");
    }

    [Fact]
    public async Task ProcessAsync_DelayedSnapshotOfARemovedAlert_CannotClaimTheOneCreatedAgainUnderItsId()
    {
        // Alert x is read into a batch; before the batch is processed x is removed and created again with the same id
        // (an import row with an id) and another condition. The delayed batch still holds the old x.
        var pipeline = new LocalPipeline();
        pipeline.Binance.Prices["BTCUSDT"] = 2m;
        var x = await pipeline.AddAsync(new SignalDraft { Id = "x", Symbol = "BTCUSDT", Condition = "above", TargetPrice = "1" });
        var delayed = ReaderService.Batch("cycle-1", [SignalSnapshot.From(x)], 500)[0];
        await pipeline.Store.RemoveAsync("x", None);
        pipeline.Clock.Advance(TimeSpan.FromSeconds(5));
        await pipeline.AddAsync(new SignalDraft { Id = "x", Symbol = "BTCUSDT", Condition = "below", TargetPrice = "3" });

        var report = await pipeline.Worker.ProcessAsync(delayed, None);

        report.Fired.Should().Be(0, "the snapshot is of another alert than the one that now has its id");
        pipeline.Notifier.Sent.Should().BeEmpty();
        var recreated = (await pipeline.Store.GetAsync("x", None))!;
        (recreated.Condition, recreated.Status, recreated.TriggeredCount).Should().Be((Condition.Below, SignalStatus.Pending, 0));
    }

    [Fact]
    public async Task ProcessAsync_DelayedBatchOfMarkets_ChecksTheAlertsAsTheyAreWhenItRuns()
    {
        // The same delay with a batch of markets: the Worker reads the alerts from the trigger book when it runs, so it
        // checks the x that exists then (below 3, at 2: it fires), never the one removed.
        var pipeline = new LocalPipeline();
        pipeline.Binance.Prices["BTCUSDT"] = 2m;
        await pipeline.AddAsync(new SignalDraft { Id = "x", Symbol = "BTCUSDT", Condition = "above", TargetPrice = "5" });
        await pipeline.Reader.RunAsync("cycle-1", pipeline.Clock.GetUtcNow(), null, None);
        pipeline.Queue.TryDequeue(out var delayed);
        await pipeline.Store.RemoveAsync("x", None);
        await pipeline.AddAsync(new SignalDraft { Id = "x", Symbol = "BTCUSDT", Condition = "below", TargetPrice = "3" });

        var report = await pipeline.Worker.ProcessAsync(delayed, None);

        (report.Checked, report.Fired).Should().Be((1, 1));
        pipeline.Notifier.Sent.Single().Title.Should().Be("BTCUSDT below 3: now 2");
    }

    [Fact]
    public async Task RunOnce_RearmingCrossingEditedToOnceWhileWaiting_ArmsAgainLikeANewAlert()
    {
        var pipeline = new LocalPipeline();
        var validator = new SignalValidator([ExchangeId.Binance], pipeline.Clock);
        var draft = new SignalDraft { Id = "c", Exchange = "binance", Symbol = "BTCUSDT", Condition = "crosses_up", TargetPrice = "100", Frequency = "rearm", Cooldown = "1h" };
        await pipeline.AddAsync(draft);
        pipeline.Binance.Prices["BTCUSDT"] = 99m;
        await pipeline.NextCycleAsync();
        pipeline.Binance.Prices["BTCUSDT"] = 101m;
        await pipeline.NextCycleAsync();
        pipeline.Notifier.Sent.Should().ContainSingle();

        // While it waits out its cooldown it is edited to fire once (an import or sheet row): its arming starts over.
        var once = draft with { Frequency = "once" };
        var waiting = (await pipeline.Store.GetAsync("c", None))!;
        (await pipeline.Store.UpdateAsync(waiting.WithRowValues(validator.Create(once, SignalSource.Cli), once), None)).Should().BeTrue();
        pipeline.Binance.Prices["BTCUSDT"] = 99.9m;
        await pipeline.NextCycleAsync();
        pipeline.Binance.Prices["BTCUSDT"] = 100.1m;
        await pipeline.NextCycleAsync();

        pipeline.Notifier.Sent.Should().HaveCount(2, "it armed below 100 and crossed up again");
        (await pipeline.Store.GetAsync("c", None))!.Status.Should().Be(SignalStatus.Triggered);
    }

    [Fact]
    public async Task RunOnce_DisabledBetweenReadAndCheck_ClaimLostNothingSent()
    {
        var pipeline = new LocalPipeline();
        pipeline.Binance.Prices["BTCUSDT"] = 2m;
        var signal = await pipeline.AddAsync("BTCUSDT", Condition.Above, 1m);
        await pipeline.Reader.RunAsync("cycle-1", pipeline.Clock.GetUtcNow(), null, None);
        await pipeline.Store.UpdateAsync(signal with { Active = false }, None);
        pipeline.Queue.TryDequeue(out var batch);

        var report = await pipeline.Worker.ProcessAsync(batch, None);

        report.Fired.Should().Be(0);
        pipeline.Notifier.Sent.Should().BeEmpty();
    }

    [Fact]
    public async Task RunOnce_AlertRemovedAndAddedAgainUnderTheSameId_FiresAgain()
    {
        var pipeline = new LocalPipeline();
        pipeline.Binance.Prices["BTCUSDT"] = 2m;
        var signal = await pipeline.AddAsync("BTCUSDT", Condition.Above, 1m);
        await pipeline.Cycle.RunOnceAsync(None);
        await pipeline.Store.RemoveAsync(signal.Id, None);
        await pipeline.Store.AddAsync(signal, None);
        pipeline.Clock.Advance(TimeSpan.FromMinutes(1));

        var report = await pipeline.Cycle.RunOnceAsync(None);

        report.Notified.Should().Be(1);
        pipeline.Notifier.Sent.Should().HaveCount(2);
    }
}
