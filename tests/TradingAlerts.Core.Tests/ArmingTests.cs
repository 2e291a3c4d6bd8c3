using TradingAlerts.Core.Prices;
using TradingAlerts.Core.Signals;
using TradingAlerts.Core.Tests.Fakes;
using TradingAlerts.Core.Transfer;

namespace TradingAlerts.Core.Tests;

/// <summary>
/// No firing from prices that came before the alert was armed: the one-minute candle that holds the arming moment also
/// holds what traded before it, so that minute is read from finer prices (one-second candles) from the arming on.
/// </summary>
public class ArmingTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task CrossesUp_ArmedBelowAfterAHighEarlierInTheMinute_DoesNotFireFromThatHigh()
    {
        // crosses_up 100 while BTCUSDT is 101: it waits. The price falls through 100.3 to 99.8; the next check arms it.
        var pipeline = new LocalPipeline();
        var minute = pipeline.Clock.GetUtcNow().AddMinutes(1);
        var alert = await pipeline.AddAsync(new SignalDraft { Symbol = "BTCUSDT", Condition = "crosses_up", TargetPrice = "100" });
        pipeline.Binance.Prices["BTCUSDT"] = 101m;
        await pipeline.NextCycleAsync();

        pipeline.Clock.Advance(TimeSpan.FromSeconds(40));
        pipeline.Binance.Prices["BTCUSDT"] = 99.8m;
        await pipeline.Cycle.RunOnceAsync(None);
        var armed = await pipeline.Store.GetAsync(alert.Id, None);
        armed!.Status.Should().Be(SignalStatus.Pending);
        armed.ArmedAt.Should().Be(pipeline.Clock.GetUtcNow(), "it is armed from the moment the price below the target was seen");

        // One second later the price is still 99.8; the minute's candle has the high of 101 from before the arming.
        pipeline.BinanceCandles.Candles["BTCUSDT"] = [new Candle(minute, High: 101m, Low: 99.8m, Close: 99.8m)];
        pipeline.BinanceCandles.Fine["BTCUSDT"] = FakeCandleSource.Seconds(minute, (40, 99.8m), (41, 99.8m));
        pipeline.Clock.Advance(TimeSpan.FromSeconds(1));
        var report = await pipeline.Cycle.RunOnceAsync(None);

        report.Fired.Should().Be(0, "the price never crossed 100 upwards after the alert armed");
        pipeline.Notifier.Sent.Should().BeEmpty();
        (await pipeline.Store.GetAsync(alert.Id, None))!.Status.Should().Be(SignalStatus.Pending);
    }

    [Fact]
    public async Task CrossesUp_RealWickAfterArmingInTheArmingMinute_FiresWithThatWicksHigh()
    {
        var pipeline = new LocalPipeline();
        var minute = pipeline.Clock.GetUtcNow().AddMinutes(1);
        await pipeline.AddAsync(new SignalDraft { Symbol = "BTCUSDT", Condition = "crosses_up", TargetPrice = "100" });
        pipeline.Binance.Prices["BTCUSDT"] = 101m;
        await pipeline.NextCycleAsync();
        pipeline.Clock.Advance(TimeSpan.FromSeconds(40));
        pipeline.Binance.Prices["BTCUSDT"] = 99.8m;
        await pipeline.Cycle.RunOnceAsync(None);

        // After arming, still within that minute, the price really goes to 100.5 and comes back to 99.9.
        pipeline.BinanceCandles.Candles["BTCUSDT"] = [new Candle(minute, High: 101m, Low: 99.8m, Close: 99.9m)];
        pipeline.BinanceCandles.Fine["BTCUSDT"] = FakeCandleSource.Seconds(minute, (40, 99.8m), (48, 100.5m), (55, 99.9m));
        pipeline.Binance.Prices["BTCUSDT"] = 99.9m;
        pipeline.Clock.Advance(TimeSpan.FromSeconds(16));
        var report = await pipeline.Cycle.RunOnceAsync(None);

        report.Fired.Should().Be(1);
        pipeline.Notifier.Sent.Single().Title.Should().Be("BTCUSDT crosses up 100: touched 100.5", "the high after the arming, not the 101 from before it");
    }

    [Fact]
    public async Task ArmingMinuteWithoutFinerPrices_OnlyPricesSurelyAfterTheArmingCount()
    {
        // An exchange whose recent trades do not reach back to the arming: the minute's high cannot be placed.
        var pipeline = new LocalPipeline();
        var minute = pipeline.Clock.GetUtcNow().AddMinutes(1);
        await pipeline.AddAsync(new SignalDraft { Symbol = "BTCUSDT", Condition = "crosses_up", TargetPrice = "100" });
        pipeline.Binance.Prices["BTCUSDT"] = 101m;
        await pipeline.NextCycleAsync();
        pipeline.Clock.Advance(TimeSpan.FromSeconds(40));
        pipeline.Binance.Prices["BTCUSDT"] = 99.8m;
        await pipeline.Cycle.RunOnceAsync(None);

        pipeline.BinanceCandles.Candles["BTCUSDT"] = [new Candle(minute, High: 101m, Low: 99.8m, Close: 99.8m)];
        pipeline.BinanceCandles.FineReachesBack = false;
        pipeline.Clock.Advance(TimeSpan.FromSeconds(1));
        var report = await pipeline.Cycle.RunOnceAsync(None);

        report.Fired.Should().Be(0);
    }

    [Fact]
    public async Task Rearm_ArmedAgainAfterFallingThroughTheBand_DoesNotFireFromTheHighBeforeIt()
    {
        var pipeline = new LocalPipeline();
        await pipeline.AddAsync(new SignalDraft { Symbol = "BTCUSDT", Condition = "above", TargetPrice = "100", Frequency = "rearm", Cooldown = "0s", Hysteresis = "0.5%" });
        pipeline.Binance.Prices["BTCUSDT"] = 101m;
        await pipeline.NextCycleAsync();
        pipeline.Notifier.Sent.Should().ContainSingle();

        // Within the next minute it falls back through the band (99.5) to 99.4: the next check arms it again.
        var minute = pipeline.Clock.GetUtcNow().AddMinutes(1);
        pipeline.Clock.Advance(TimeSpan.FromSeconds(80));
        pipeline.Binance.Prices["BTCUSDT"] = 99.4m;
        await pipeline.Cycle.RunOnceAsync(None);

        pipeline.BinanceCandles.Candles["BTCUSDT"] = [new Candle(minute, High: 101m, Low: 99.4m, Close: 99.4m)];
        pipeline.BinanceCandles.Fine["BTCUSDT"] = FakeCandleSource.Seconds(minute, (20, 99.4m), (21, 99.4m));
        pipeline.Clock.Advance(TimeSpan.FromSeconds(1));
        var report = await pipeline.Cycle.RunOnceAsync(None);

        report.Fired.Should().Be(0);
        pipeline.Notifier.Sent.Should().ContainSingle("only the first crossing happened");
    }

    [Fact]
    public async Task EditedLevel_HighFromBeforeTheEdit_DoesNotFireTheNewLevel()
    {
        var pipeline = new LocalPipeline();
        var validator = new SignalValidator([ExchangeId.Binance], pipeline.Clock);
        var alert = await pipeline.AddAsync(new SignalDraft { Symbol = "BTCUSDT", Condition = "above", TargetPrice = "200" });
        pipeline.Binance.Prices["BTCUSDT"] = 99m;
        await pipeline.NextCycleAsync();

        // The price touched 101 a few seconds ago; now the alert is edited to 100 (an import row, a sheet row).
        var minute = pipeline.Clock.GetUtcNow();
        pipeline.Clock.Advance(TimeSpan.FromSeconds(20));
        var draft = new SignalDraft { Id = alert.Id, Exchange = "binance", Symbol = "BTCUSDT", Condition = "above", TargetPrice = "100" };
        var stored = (await pipeline.Store.GetAsync(alert.Id, None))!;
        (await pipeline.Store.UpdateAsync(stored.WithRowValues(validator.Create(draft, SignalSource.Cli), draft), None)).Should().BeTrue();

        pipeline.BinanceCandles.Candles["BTCUSDT"] = [new Candle(minute, High: 101m, Low: 99m, Close: 99m)];
        pipeline.BinanceCandles.Fine["BTCUSDT"] = FakeCandleSource.Seconds(minute, (5, 101m), (20, 99m), (30, 99m));
        pipeline.Clock.Advance(TimeSpan.FromSeconds(10));
        var report = await pipeline.Cycle.RunOnceAsync(None);

        report.Fired.Should().Be(0, "the 101 came before the alert was about 100");
    }

    [Fact]
    public async Task EnabledAgain_WickWhileItWasOff_DoesNotFire()
    {
        var pipeline = new LocalPipeline();
        var alert = await pipeline.AddAsync(new SignalDraft { Symbol = "BTCUSDT", Condition = "above", TargetPrice = "100" });
        pipeline.Binance.Prices["BTCUSDT"] = 99m;
        await pipeline.NextCycleAsync();
        await pipeline.Store.SetActiveAsync(alert.Id, false, pipeline.Clock, None);

        // While it is off the price touches 101; it is switched on again, then the next check comes.
        var minute = pipeline.Clock.GetUtcNow();
        pipeline.Clock.Advance(TimeSpan.FromSeconds(30));
        await pipeline.Store.SetActiveAsync(alert.Id, true, pipeline.Clock, None);
        pipeline.BinanceCandles.Candles["BTCUSDT"] = [new Candle(minute, High: 101m, Low: 99m, Close: 99m)];
        pipeline.BinanceCandles.Fine["BTCUSDT"] = FakeCandleSource.Seconds(minute, (10, 101m), (30, 99m), (40, 99m));
        pipeline.Clock.Advance(TimeSpan.FromSeconds(10));
        var report = await pipeline.Cycle.RunOnceAsync(None);

        report.Fired.Should().Be(0);
    }

    [Fact]
    public async Task ChannelExit_WickThroughTheFartherBound_Fires()
    {
        var pipeline = new LocalPipeline();
        var alert = await pipeline.AddAsync(new SignalDraft { Symbol = "BTCUSDT", Condition = "channel_exit", Low = "97", High = "103" });
        await pipeline.Store.UpdateAsync(alert with { CreatedAt = alert.CreatedAt.AddHours(-1), ArmedAt = alert.CreatedAt.AddHours(-1) }, None);

        // The last price, 99, is nearer the low; between two checks the price touched 103.5 and came back.
        pipeline.Binance.Prices["BTCUSDT"] = 99m;
        pipeline.BinanceCandles.Candles["BTCUSDT"] = [new Candle(pipeline.Clock.GetUtcNow().AddMinutes(-2), High: 103.5m, Low: 98.5m, Close: 99m)];
        var report = await pipeline.Cycle.RunOnceAsync(None);

        report.Fired.Should().Be(1);
        pipeline.Notifier.Sent.Single().Title.Should().Be("BTCUSDT leaves 97–103: touched 103.5");
    }
}
