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
    public async Task RunAsync_QueuesTheMarketsOfArmedAlerts_NotTheAlerts_AndTheReaderWritesNothing()
    {
        var pipeline = new LocalPipeline();
        await pipeline.AddAsync("BTCUSDT", Condition.Above, 1m);
        await pipeline.AddAsync("BTCUSDT", Condition.Below, 3m);
        var disabled = await pipeline.AddAsync("ETHUSDT", Condition.Above, 2m);
        await pipeline.Store.UpdateAsync(disabled with { Active = false }, CancellationToken.None);
        var writes = pipeline.Store.Writes;

        var report = await pipeline.Reader.RunAsync("cycle-1", pipeline.Clock.GetUtcNow(), null, CancellationToken.None);

        report.Should().Be(new ReaderReport(Sent: 0, Markets: 1, Batches: 1));
        pipeline.Queue.TryDequeue(out var batch).Should().BeTrue();
        batch.Signals.Should().BeEmpty("the Worker reads the alerts the price reached from the trigger book");
        batch.Markets.Should().Equal(new Market(ExchangeId.Binance, "BTCUSDT", "BTC", "USDT"));
        (batch.FirstLook, batch.CycleAlerts).Should().Be((true, 1));
        pipeline.Queue.TryDequeue(out _).Should().BeFalse();
        pipeline.Store.Writes.Should().Be(writes);
    }

    [Fact]
    public void BatchMarkets_OneExchangePerBatch_InSymbolOrder_AtMostTheBound()
    {
        Market[] markets =
        [
            new(ExchangeId.Bybit, "BTCUSDT", "BTC", "USDT"),
            new(ExchangeId.Binance, "SOLUSDT", "SOL", "USDT"),
            new(ExchangeId.Binance, "BTCUSDT", "BTC", "USDT"),
            new(ExchangeId.Binance, "ETHUSDT", "ETH", "USDT"),
        ];

        var batches = ReaderService.BatchMarkets("cycle-1", markets, maxPerBatch: 2);

        batches.Select(b => (b.Exchange, string.Join(",", b.Markets.Select(m => m.Symbol)))).Should().Equal(
            (ExchangeId.Binance, "BTCUSDT,ETHUSDT"),
            (ExchangeId.Binance, "SOLUSDT"),
            (ExchangeId.Bybit, "BTCUSDT"));
        batches.Should().OnlyContain(b => b.Signals.Count == 0);
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
        pipeline.Binance.Requests.Should().Be(1, "its market is priced once, to read its trigger book, and the alert past its expiry is retired unchecked");
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
