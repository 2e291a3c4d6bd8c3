using TradingAlerts.Core.Pipeline;
using TradingAlerts.Core.Prices;
using TradingAlerts.Core.Signals;
using TradingAlerts.Core.Tests.Fakes;

namespace TradingAlerts.Core.Tests;

/// <summary>
/// A span an exchange could not answer for is looked at when it answers again: each exchange's coverage says through
/// when its alerts were evaluated, and where a gap begins.
/// </summary>
public class CoverageTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset Noon = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task ExchangeDownForTwoCycles_TheWickInBetweenFiresWhenItAnswersAgain()
    {
        // above 100, the price 99 at 12:01. Binance does not answer at 12:02 and 12:03 (no other exchange lists the
        // pair); at 12:02:30 the price touched 100.3 and came back. At 12:04 Binance answers 99 again.
        var pipeline = await ArmedAboveAsync();
        pipeline.Binance.FailWith = "HTTP 503";
        (await pipeline.NextCycleAsync()).CheckFailures.Should().NotBeEmpty();
        (await pipeline.NextCycleAsync()).CheckFailures.Should().NotBeEmpty();

        pipeline.Binance.FailWith = null;
        pipeline.BinanceCandles.Candles["BTCUSDT"] = [new Candle(Noon.AddMinutes(1), 99.2m, 98.9m, 99m), new Candle(Noon.AddMinutes(2), 100.3m, 98.9m, 99m), new Candle(Noon.AddMinutes(3), 99.1m, 98.9m, 99m)];
        var report = await pipeline.NextCycleAsync();

        report.Fired.Should().Be(1);
        pipeline.Notifier.Sent.Single().Title.Should().Be("BTCUSDT above 100: touched 100.3");
        (await pipeline.Store.ListCoverageAsync(None)).Should().Equal(new ExchangeCoverage(ExchangeId.Binance, Noon.AddMinutes(4), null, null));
    }

    [Fact]
    public async Task CandlesUnreadable_TheAlertIsLookedAtAgainNextCycle()
    {
        // The ticker answers, the candles do not: the touch at 12:01:30 is found at the next cycle.
        var pipeline = await ArmedAboveAsync();
        pipeline.BinanceCandles.Candles["BTCUSDT"] = [new Candle(Noon.AddMinutes(1), 100.3m, 98.9m, 99m)];
        pipeline.BinanceCandles.FailWith = "HTTP 429";
        var unread = await pipeline.NextCycleAsync();
        unread.Fired.Should().Be(0);
        unread.CheckFailures.Should().ContainSingle().Which.Reason.Should().Contain("could not be read");

        pipeline.BinanceCandles.FailWith = null;
        var report = await pipeline.NextCycleAsync();

        report.Fired.Should().Be(1);
        pipeline.Notifier.Sent.Single().Title.Should().Be("BTCUSDT above 100: touched 100.3");
    }

    [Fact]
    public async Task QuietCycles_WriteNoAlert_OneCoverageWritePerBatch()
    {
        var pipeline = await ArmedAboveAsync();
        var (writes, coverageWrites) = (pipeline.Store.Writes, pipeline.Store.CoverageWrites);

        await pipeline.NextCycleAsync();
        await pipeline.NextCycleAsync();

        pipeline.Store.Writes.Should().Be(writes, "an alert that does not fire costs no write");
        pipeline.Store.CoverageWrites.Should().Be(coverageWrites + 2);
    }

    [Fact]
    public async Task ExchangeWithNoCoverageYet_LooksBackToWhenItsAlertArmed_NotOnlyToThePreviousSchedule()
    {
        // above 100, added at 12:00 with the price at 99, while the monitor is down; at 12:02:30 the price touched
        // 100.3 and came back. The monitor is back for the 12:04 cycle, whose previous scheduled time was 12:03.
        var pipeline = new LocalPipeline();
        await pipeline.AddAsync(new SignalDraft { Symbol = "BTCUSDT", Condition = "above", TargetPrice = "100" });
        pipeline.Clock.Advance(TimeSpan.FromMinutes(4));
        pipeline.Binance.Prices["BTCUSDT"] = 99m;
        pipeline.BinanceCandles.Candles["BTCUSDT"] = [.. Enumerable.Range(0, 4).Select(m => new Candle(Noon.AddMinutes(m), m == 2 ? 100.3m : 99.2m, 98.9m, 99m))];

        var report = await pipeline.Cycle.RunAsync("12:04", Noon.AddMinutes(3), None);

        report.Fired.Should().Be(1);
        pipeline.Notifier.Sent.Single().Title.Should().Be("BTCUSDT above 100: touched 100.3");
    }

    [Fact]
    public void Covered_ByABatchOfTheCycleThatLeftTheGapOpen_KeepsTheGap()
    {
        // Two batches of one exchange in the 12:05 cycle, both sent to look back to 12:01: one failed, one succeeded.
        var gap = ExchangeCoverage.None(ExchangeId.Binance).Gapped(Noon.AddMinutes(5), Noon.AddMinutes(1));

        gap.Covered(Noon.AddMinutes(5), Noon.AddMinutes(1)).GapSince.Should().Be(Noon.AddMinutes(1), "the other batch's alerts were not evaluated");
        gap.Covered(Noon.AddMinutes(6), Noon.AddMinutes(1)).Should().Be(new ExchangeCoverage(ExchangeId.Binance, Noon.AddMinutes(6), null, null));
        gap.Covered(Noon.AddMinutes(6), null).GapSince.Should().Be(Noon.AddMinutes(1), "a batch not sent to look back that far did not look at the gap");
    }

    [Fact]
    public void Covered_ByALateBatchOfAnEarlierCycle_NeverMovesBack()
    {
        var coverage = new ExchangeCoverage(ExchangeId.Bybit, Noon.AddMinutes(5), null, null);

        coverage.Covered(Noon.AddMinutes(3), null).Through.Should().Be(Noon.AddMinutes(5));
    }

    [Fact]
    public void Gapped_TwiceFromDifferentStarts_ReachesBackToTheEarlierAndBelongsToTheLaterCycle()
    {
        var coverage = ExchangeCoverage.None(ExchangeId.Coinbase).Gapped(Noon.AddMinutes(4), Noon.AddMinutes(3)).Gapped(Noon.AddMinutes(2), Noon.AddMinutes(1));

        (coverage.GapSince, coverage.GapCycle).Should().Be((Noon.AddMinutes(1), Noon.AddMinutes(4)));
    }

    /// <summary>An above-100 alert armed an hour before noon, checked at 12:01 with the price at 99.</summary>
    private static async Task<LocalPipeline> ArmedAboveAsync()
    {
        var pipeline = new LocalPipeline();
        var alert = await pipeline.AddAsync(new SignalDraft { Symbol = "BTCUSDT", Condition = "above", TargetPrice = "100" });
        await pipeline.Store.UpdateAsync(alert with { CreatedAt = Noon.AddHours(-1), ArmedAt = Noon.AddHours(-1) }, None);
        pipeline.Binance.Prices["BTCUSDT"] = 99m;
        (await pipeline.NextCycleAsync()).Fired.Should().Be(0);
        return pipeline;
    }
}
