using TradingAlerts.Core.Pipeline;
using TradingAlerts.Core.Signals;
using TradingAlerts.Core.Tests.Fakes;

namespace TradingAlerts.Core.Tests;

public class ReaderServiceTests
{
    private static SignalSnapshot Snapshot(string id, ExchangeId exchange, string symbol) =>
        new(id, 1, id, exchange, symbol, symbol[..^4], symbol[^4..], Condition.Above, 1m, SignalStatus.Pending, null, null, DateTimeOffset.UnixEpoch);

    [Fact]
    public void Batch_MixedSignals_OneExchangePerBatchSortedBySymbolAndCapped()
    {
        var signals = new[]
        {
            Snapshot("a", ExchangeId.Bybit, "ETHUSDT"),
            Snapshot("b", ExchangeId.Binance, "ETHUSDT"),
            Snapshot("c", ExchangeId.Binance, "BTCUSDT"),
            Snapshot("d", ExchangeId.Binance, "BTCUSDT"),
            Snapshot("e", ExchangeId.Bybit, "BTCUSDT"),
        };

        var batches = ReaderService.Batch("cycle-1", signals, maxPerBatch: 2);

        batches.Select(b => (b.Exchange, string.Join(",", b.Signals.Select(s => s.Id)))).Should().Equal(
            (ExchangeId.Binance, "c,d"),
            (ExchangeId.Binance, "b"),
            (ExchangeId.Bybit, "e,a"));
        batches.Should().OnlyContain(b => b.CycleId == "cycle-1" && b.Signals.All(s => s.Exchange == b.Exchange));
    }

    [Fact]
    public async Task RunAsync_OnlyArmedAlertsAreQueued_AndTheReaderWritesNothing()
    {
        var pipeline = new LocalPipeline();
        var armed = await pipeline.AddAsync("BTCUSDT", Condition.Above, 1m);
        var disabled = await pipeline.AddAsync("BTCUSDT", Condition.Above, 2m);
        await pipeline.Store.UpdateAsync(disabled with { Active = false }, CancellationToken.None);
        var writes = pipeline.Store.Writes;

        var report = await pipeline.Reader.RunAsync("cycle-1", pipeline.Clock.GetUtcNow(), null, CancellationToken.None);

        report.Should().Be(new ReaderReport(Armed: 1, Batches: 1));
        pipeline.Queue.TryDequeue(out var batch).Should().BeTrue();
        batch.Signals.Should().ContainSingle().Which.Id.Should().Be(armed.Id);
        pipeline.Queue.TryDequeue(out _).Should().BeFalse();
        pipeline.Store.Writes.Should().Be(writes);
    }

    [Fact]
    public async Task RunOnce_AlertPastItsExpiry_RetiredByTheWorkerNotChecked()
    {
        var pipeline = new LocalPipeline();
        pipeline.Binance.Prices["ETHUSDT"] = 10m;
        var expiring = await pipeline.AddAsync("ETHUSDT", Condition.Above, 3m, expiresAt: pipeline.Clock.GetUtcNow().AddMinutes(-1));

        var report = await pipeline.Cycle.RunOnceAsync(CancellationToken.None);

        report.Expired.Should().Be(1);
        report.Checked.Should().Be(0);
        pipeline.Notifier.Sent.Should().ContainSingle().Which.Title.Should().Be($"Alert expired: {expiring.Name}", "the expiry summary, not a firing");
        (await pipeline.Store.GetAsync(expiring.Id, CancellationToken.None))!.Status.Should().Be(SignalStatus.Expired);
        pipeline.Binance.Requests.Should().Be(0, "nothing was left to price");
    }

    [Fact]
    public async Task RunOnce_SeveralAlertsExpire_OneSummaryPerRecipientSentOnceEvenWhenTheBatchIsRedelivered()
    {
        var pipeline = new LocalPipeline();
        var past = pipeline.Clock.GetUtcNow().AddMinutes(-1);
        await pipeline.AddAsync("ETHUSDT", Condition.Above, 3m, expiresAt: past);
        await pipeline.AddAsync("BTCUSDT", Condition.Below, 5m, expiresAt: past);
        await pipeline.AddAsync("SOLUSDT", Condition.Below, 5m, userId: "someone-else", expiresAt: past);
        await pipeline.Reader.RunAsync("cycle-1", pipeline.Clock.GetUtcNow(), null, CancellationToken.None);
        pipeline.Queue.TryDequeue(out var batch).Should().BeTrue();

        await pipeline.Worker.ProcessAsync(batch, CancellationToken.None);
        await pipeline.Worker.ProcessAsync(batch, CancellationToken.None);

        pipeline.Notifier.Sent.Select(n => (n.Recipient, n.Title)).Should().BeEquivalentTo([("default-user", "2 alerts expired"), ("someone-else", "Alert expired: SOLUSDT Below 5")]);
        pipeline.Notifier.Sent.Single(n => n.Recipient == "default-user").Message.Should().Contain("BTCUSDT Below 5 (binance BTCUSDT below 5), expired").And.Contain("ETHUSDT Above 3");
    }
}
