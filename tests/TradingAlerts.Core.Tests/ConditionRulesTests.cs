using TradingAlerts.Core.Pipeline;
using TradingAlerts.Core.Prices;
using TradingAlerts.Core.Signals;
using TradingAlerts.Core.Tests.Fakes;

namespace TradingAlerts.Core.Tests;

/// <summary>Every condition and repeat rule on price sequences, through the real Worker, store fake and clock.</summary>
public class ConditionRulesTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task CrossesUp_CreatedAboveTheTarget_FiresOnlyAfterThePriceWentBelowAndCameBack()
    {
        var pipeline = new LocalPipeline();
        var alert = await pipeline.AddAsync(new SignalDraft { Symbol = "BTCUSDT", Condition = "crosses_up", TargetPrice = "100000" });
        alert.Status.Should().Be(SignalStatus.Waiting);

        var fired = await Run(pipeline, "BTCUSDT", 101_000m, 100_500m, 99_000m, 99_500m, 100_000m, 100_200m);

        fired.Should().Equal(false, false, false, false, true, false);
        var stored = (await pipeline.Store.GetAsync(alert.Id, None))!;
        (stored.Status, stored.TriggeredCount).Should().Be((SignalStatus.Triggered, 1));
        pipeline.Notifier.Sent.Single().Title.Should().Be("BTCUSDT crosses up 100,000: now 100,000");
    }

    [Fact]
    public async Task CrossesDown_FiresWhenThePriceComesDownThroughTheTarget()
    {
        var pipeline = new LocalPipeline();
        await pipeline.AddAsync(new SignalDraft { Symbol = "ETHUSDT", Condition = "crosses_down", TargetPrice = "4000" });

        var fired = await Run(pipeline, "ETHUSDT", 3_900m, 4_100m, 4_050m, 3_999.99m);

        fired.Should().Equal(false, false, false, true);
    }

    [Fact]
    public async Task Crosses_Rearm_FiresOnEveryCrossingBeyondTheHysteresisBand()
    {
        var pipeline = new LocalPipeline();
        await pipeline.AddAsync(new SignalDraft { Symbol = "BTCUSDT", Condition = "crosses", TargetPrice = "100000", Frequency = "rearm", Hysteresis = "1%", Cooldown = "0s" });

        // 100 000 ± 1 % is the band: 101 000 and 99 000.
        var fired = await Run(pipeline, "BTCUSDT", 98_000m, 100_100m, 99_900m, 101_500m, 99_800m, 98_500m, 100_500m);

        // arms below → crosses up (fires) → back below without leaving the band above (no re-arm) → 101 500 re-arms on
        // the upper side → crosses down (fires) → 98 500 re-arms below → crosses up (fires).
        fired.Should().Equal(false, true, false, false, true, false, true);
    }

    [Fact]
    public async Task Above_Rearm_PriceRangingAroundTheTargetForAnHour_FiresABoundedNumberOfTimes()
    {
        var pipeline = new LocalPipeline();
        var alert = await pipeline.AddAsync(new SignalDraft { Symbol = "BTCUSDT", Condition = "above", TargetPrice = "100000", Frequency = "rearm" });

        // One check a minute for an hour, the price swinging ±0.2 % around the target (inside the 0.5 % band) and, every
        // 20 minutes, dipping 1 % below it.
        var prices = Enumerable.Range(0, 60)
            .Select(minute => minute % 20 == 10 ? 99_000m : minute % 2 == 0 ? 100_200m : 99_800m)
            .ToArray();
        var fired = await Run(pipeline, "BTCUSDT", prices);

        // Fires at minute 0, re-arms only on the dips that come after the 15-minute cooldown (minute 30, minute 50):
        // three firings, not thirty.
        fired.Select((f, minute) => (f, minute)).Where(x => x.f).Select(x => x.minute).Should().Equal(0, 32, 52);
        (await pipeline.Store.GetAsync(alert.Id, None))!.TriggeredCount.Should().Be(3);
        pipeline.Notifier.Sent.Should().HaveCount(3);
    }

    [Fact]
    public async Task Rearm_CooldownNotPassed_DoesNotArmEvenWhenThePriceCameBack()
    {
        var pipeline = new LocalPipeline();
        var alert = await pipeline.AddAsync(new SignalDraft { Symbol = "BTCUSDT", Condition = "below", TargetPrice = "50000", Frequency = "rearm", Cooldown = "10m" });

        var fired = await Run(pipeline, "BTCUSDT", 49_000m, 52_000m, 49_000m);
        fired.Should().Equal(true, false, false);
        (await pipeline.Store.GetAsync(alert.Id, None))!.Status.Should().Be(SignalStatus.Waiting);

        pipeline.Clock.Advance(TimeSpan.FromMinutes(10));
        fired = await Run(pipeline, "BTCUSDT", 52_000m, 49_500m);
        fired.Should().Equal(false, true);
    }

    [Fact]
    public async Task ChannelExit_FiresWhenThePriceLeavesTheBandEitherWay()
    {
        var pipeline = new LocalPipeline();
        await pipeline.AddAsync(new SignalDraft { Symbol = "SOLUSDT", Condition = "channel_exit", Low = "100", High = "120", Frequency = "rearm", Cooldown = "0s", Hysteresis = "0" });

        var fired = await Run(pipeline, "SOLUSDT", 110m, 119.99m, 120m, 115m, 99m, 101m);

        fired.Should().Equal(false, false, true, false, true, false);
        pipeline.Notifier.Sent[0].Message.Should().Contain("SOLUSDT on binance is 120, outside the band 100–120.");
    }

    [Fact]
    public async Task ChannelExit_WickThroughTheLowerBoundBetweenChecks_Fires()
    {
        var pipeline = new LocalPipeline();
        await pipeline.AddAsync(new SignalDraft { Symbol = "SOLUSDT", Condition = "channel_exit", Low = "100", High = "120" });
        pipeline.Binance.Prices["SOLUSDT"] = 110m;
        await pipeline.NextCycleAsync();
        var since = pipeline.Clock.GetUtcNow();
        pipeline.BinanceCandles.Candles["SOLUSDT"] = [new Candle(since.AddSeconds(20), 110.5m, 99.5m, 101m)];
        pipeline.Binance.Prices["SOLUSDT"] = 101m;

        await pipeline.NextCycleAsync();

        pipeline.Notifier.Sent.Single().Title.Should().Be("SOLUSDT leaves 100–120: touched 99.5");
    }

    [Fact]
    public async Task CrossesUp_WickAboveTheTargetBetweenChecks_FiresOnceTheAlertIsArmed()
    {
        var pipeline = new LocalPipeline();
        await pipeline.AddAsync(new SignalDraft { Symbol = "BTCUSDT", Condition = "crosses_up", TargetPrice = "100000" });
        pipeline.Binance.Prices["BTCUSDT"] = 99_000m;
        await pipeline.NextCycleAsync();
        pipeline.Notifier.Sent.Should().BeEmpty("the first check arms it");
        var since = pipeline.Clock.GetUtcNow();
        pipeline.BinanceCandles.Candles["BTCUSDT"] = [new Candle(since, 100_050m, 98_900m, 99_100m)];
        pipeline.Binance.Prices["BTCUSDT"] = 99_100m;

        await pipeline.NextCycleAsync();

        pipeline.Notifier.Sent.Single().Title.Should().Be("BTCUSDT crosses up 100,000: touched 100,050");
    }

    [Theory]
    [InlineData("either", 95_000, true)]
    [InlineData("either", 105_000, true)]
    [InlineData("either", 104_999, false)]
    [InlineData("up", 95_000, false)]
    [InlineData("up", 105_000, true)]
    [InlineData("down", 95_000, true)]
    [InlineData("down", 105_000, false)]
    public async Task PctMove_ComparesWithThePriceAWindowAgo(string direction, int price, bool fires)
    {
        var pipeline = new LocalPipeline();
        await pipeline.AddAsync(new SignalDraft { Symbol = "BTCUSDT", Condition = "pct_move", Pct = "5", Window = "1h", Direction = direction });
        var hourAgo = pipeline.Clock.GetUtcNow().AddMinutes(1).AddHours(-1);
        pipeline.BinanceCandles.Candles["BTCUSDT"] = [new Candle(hourAgo.AddMinutes(-1), 100_100m, 99_900m, 100_000m)];
        pipeline.Binance.Prices["BTCUSDT"] = price;

        var report = await pipeline.NextCycleAsync();

        report.Fired.Should().Be(fires ? 1 : 0);
        if (fires)
            pipeline.Notifier.Sent.Single().Message.Should().Contain($"(from 100,000), a move of at least 5 % {(direction == "either" ? "either way" : direction)} within 1h");
    }

    [Fact]
    public async Task PctMove_SlowCheck_MeasuresFromAWindowBeforeThePriceWasSeen()
    {
        // Coinbase gives no answer for 70 s; its alert falls back to the Binance price seen at 12:01:00 (95). The move is
        // from 11:46 (100), not from a window before the check's end at 12:02:10 (11:47, when the price was 95 already).
        var pipeline = new LocalPipeline();
        await pipeline.AddAsync(new SignalDraft { Symbol = "BTCUSDT", Condition = "above", TargetPrice = "1000000" });
        await pipeline.AddAsync(new SignalDraft { Exchange = "coinbase", Symbol = "BTCUSDT", Condition = "pct_move", Pct = "1", Window = "15m", Direction = "down" });
        pipeline.Binance.Prices["BTCUSDT"] = 95m;
        pipeline.Coinbase.FailWith = "no answer within 10 s, after 3 attempts";
        pipeline.Coinbase.WhileAsked = () => pipeline.Clock.Advance(TimeSpan.FromSeconds(70));
        var quarterBefore = pipeline.Clock.GetUtcNow().AddMinutes(1).AddMinutes(-15);
        pipeline.BinanceCandles.Candles["BTCUSDT"] = [new Candle(quarterBefore.AddMinutes(-1), 100m, 100m, 100m), new Candle(quarterBefore, 100m, 95m, 95m)];

        var report = await pipeline.NextCycleAsync();

        report.Fired.Should().Be(1);
        pipeline.Notifier.Sent.Single().Message.Should().Contain("(from 100)");
    }

    [Fact]
    public async Task PctMove_NoCandleForTheWindow_IsReportedNotFired()
    {
        var pipeline = new LocalPipeline();
        await pipeline.AddAsync(new SignalDraft { Symbol = "BTCUSDT", Condition = "pct_move", Pct = "5", Window = "15m" });
        pipeline.Binance.Prices["BTCUSDT"] = 200_000m;

        var report = await pipeline.NextCycleAsync();

        report.Fired.Should().Be(0);
        report.CheckFailures.Single().Reason.Should().Be("no price 15m ago from binance's candles");
    }

    [Fact]
    public async Task FlapProtection_FiringTooOften_PausesTheAlertAndSaysSoOnce()
    {
        var pipeline = new LocalPipeline(workerOptions: new WorkerOptions { FlapLimit = 3, FlapWindow = TimeSpan.FromMinutes(30) });
        var alert = await pipeline.AddAsync(new SignalDraft { Symbol = "BTCUSDT", Condition = "above", TargetPrice = "100000", Frequency = "rearm", Cooldown = "0s", Hysteresis = "0" });

        var fired = await Run(pipeline, "BTCUSDT", 100_000m, 99_000m, 100_000m, 99_000m, 100_000m, 99_000m, 100_000m, 99_000m, 100_000m);

        fired.Count(f => f).Should().Be(3);
        var stored = (await pipeline.Store.GetAsync(alert.Id, None))!;
        (stored.Status, stored.TriggeredCount).Should().Be((SignalStatus.Paused, 3));
        pipeline.Notifier.Sent.Count(n => n.Message.Contains("Paused: it fired 3 times within 30m", StringComparison.Ordinal)).Should().Be(1);
        (await pipeline.Store.ListArmedAsync(None).CountAsync(None)).Should().Be(0);
    }

    [Fact]
    public async Task FlapProtection_AlertCreatedAgainUnderARemovedOnesId_CountsOnlyItsOwnFirings()
    {
        var pipeline = new LocalPipeline(workerOptions: new WorkerOptions { FlapLimit = 3, FlapWindow = TimeSpan.FromMinutes(30) });
        var draft = new SignalDraft { Id = "again", Symbol = "BTCUSDT", Condition = "above", TargetPrice = "100000", Frequency = "rearm", Cooldown = "0s", Hysteresis = "0" };
        await pipeline.AddAsync(draft);
        (await Run(pipeline, "BTCUSDT", 100_000m, 99_000m, 100_000m)).Count(f => f).Should().Be(2);

        // Removed and created again with the same id (its predecessor's firings stay in the history).
        await pipeline.Store.RemoveAsync("again", None);
        await pipeline.AddAsync(draft);
        var fired = await Run(pipeline, "BTCUSDT", 99_000m, 100_000m, 99_000m, 100_000m);

        fired.Count(f => f).Should().Be(2);
        (await pipeline.Store.GetAsync("again", None))!.Status.Should().Be(SignalStatus.Waiting, "two firings of its own are not three");
    }

    [Fact]
    public async Task Once_Above_FiresOnceAndStops()
    {
        var pipeline = new LocalPipeline();
        await pipeline.AddAsync(new SignalDraft { Symbol = "BTCUSDT", Condition = "above", TargetPrice = "100000" });

        var fired = await Run(pipeline, "BTCUSDT", 100_000m, 90_000m, 100_000m);

        fired.Should().Equal(true, false, false);
    }

    [Fact]
    public async Task ArmingAndPendingChecks_CostNoWriteWhileNothingHappens()
    {
        var pipeline = new LocalPipeline();
        await pipeline.AddAsync(new SignalDraft { Symbol = "BTCUSDT", Condition = "crosses_up", TargetPrice = "100000" });
        await Run(pipeline, "BTCUSDT", 99_000m);
        var writes = pipeline.Store.Writes;

        await Run(pipeline, "BTCUSDT", 99_100m, 98_000m, 99_500m);

        pipeline.Store.Writes.Should().Be(writes, "an armed alert below its target is only read");
    }

    [Theory]
    [InlineData("channel_exit", null, "100", null, "high", "is required for channel_exit, e.g. 70000")]
    [InlineData("channel_exit", null, "120", "100", "high", "must be above low (120)")]
    [InlineData("channel_exit", "110", "100", "120", "target_price", "is only for above, below and the crossing conditions, not channel_exit")]
    [InlineData("above", "110", "100", null, "low", "is only for channel_exit, not above")]
    [InlineData("crosses_up", null, null, null, "target_price", "is required for crosses_up, e.g. 65000.5")]
    public void Validation_EachConditionTakesItsOwnFields(string condition, string? target, string? low, string? high, string field, string message)
    {
        var validator = new SignalValidator([ExchangeId.Binance], TimeProvider.System);
        var act = () => validator.Create(new SignalDraft { Exchange = "binance", Symbol = "BTCUSDT", Condition = condition, TargetPrice = target, Low = low, High = high }, SignalSource.Cli);

        act.Should().Throw<SignalValidationException>().Which.Errors.Should().ContainSingle().Which.Should().Be(new ValidationError(field, message));
    }

    [Theory]
    [InlineData("pct", "0", "must be a percentage above 0 and at most 1000, such as 5 or 2.5% (got '0')")]
    [InlineData("window", "90s", "must be whole minutes from 1m to 7d, such as 15m, 1h or 24h (got '90s')")]
    [InlineData("window", "8d", "must be whole minutes from 1m to 7d, such as 15m, 1h or 24h (got '8d')")]
    [InlineData("direction", "sideways", "must be one of either | up | down (got 'sideways')")]
    [InlineData("frequency", "twice", "must be one of once | rearm (got 'twice')")]
    [InlineData("hysteresis", "-1", "must be a percentage from 0 to below 50, such as 0.5% (got '-1')")]
    [InlineData("cooldown", "soon", "must be a number followed by s, m, h or d, such as 60s, 15m, 1h or 1d, at most 7d (got 'soon')")]
    public void Validation_PctMoveAndRepeatFields_NameTheFieldAndTheRule(string field, string value, string message)
    {
        var draft = new SignalDraft { Exchange = "binance", Symbol = "BTCUSDT", Condition = "pct_move", Pct = "5", Window = "1h" };
        draft = field switch
        {
            "pct" => draft with { Pct = value },
            "window" => draft with { Window = value },
            "direction" => draft with { Direction = value },
            "frequency" => draft with { Frequency = value },
            "hysteresis" => draft with { Hysteresis = value },
            _ => draft with { Cooldown = value },
        };
        var act = () => new SignalValidator([ExchangeId.Binance], TimeProvider.System).Create(draft, SignalSource.Cli);

        act.Should().Throw<SignalValidationException>().Which.Errors.Should().ContainSingle().Which.Should().Be(new ValidationError(field, message));
    }

    [Fact]
    public void Validation_PctMoveAndChannel_GetTheirRuleAndADescriptiveName()
    {
        var validator = new SignalValidator([ExchangeId.Binance], TimeProvider.System);
        var move = validator.Create(new SignalDraft { Exchange = "binance", Symbol = "BTCUSDT", Condition = "pct_move", Pct = "2.5%", Window = "24h", Direction = "down", Frequency = "rearm", Cooldown = "1h" }, SignalSource.Cli);
        var band = validator.Create(new SignalDraft { Exchange = "binance", Symbol = "BTCUSDT", Condition = "channel_exit", Low = "60,000", High = "$70,000.50" }, SignalSource.Cli);

        move.TargetPrice.Should().BeNull();
        move.Rule.Should().Be(new SignalRule { MovePercent = 2.5m, Window = TimeSpan.FromHours(24), Direction = MoveDirection.Down, Frequency = Frequency.Rearm, Cooldown = TimeSpan.FromHours(1) });
        move.Name.Should().Be("BTCUSDT pct_move 2.5% 1d");
        band.Rule.Should().Be(new SignalRule { Low = 60_000m, High = 70_000.5m });
        (band.Status, band.Name).Should().Be((SignalStatus.Pending, "BTCUSDT channel_exit 60000-70000.5"));
    }

    /// <summary>One check a minute per price; for each, whether the alert fired in that check.</summary>
    private static async Task<List<bool>> Run(LocalPipeline pipeline, string symbol, params decimal[] prices)
    {
        var fired = new List<bool>();
        foreach (var price in prices)
        {
            pipeline.Binance.Prices[symbol] = price;
            var report = await pipeline.NextCycleAsync();
            fired.Add(report.Fired > 0);
        }

        return fired;
    }
}
