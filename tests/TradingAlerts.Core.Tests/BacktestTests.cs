using TradingAlerts.Core.Backtesting;
using TradingAlerts.Core.Prices;
using TradingAlerts.Core.Signals;
using TradingAlerts.Core.Tests.Fakes;

namespace TradingAlerts.Core.Tests;

/// <summary>
/// One rule path: the backtest of a candle series fires exactly when the live Worker does, checked once a minute over
/// the same series (its last price each minute the candle's close, the candles its wick look-up reads the same ones).
/// Each test also states what must come out, so a rule both got wrong the same way still fails.
/// </summary>
public class BacktestTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task CrossesUpRearm_PriceSwingingAcrossTheLevel_FiresAfterEachHysteresisAndCooldownThenPausesOnTheFifth()
    {
        // crosses_up 100, re-arming below 99.5 (0.5 %) once 3 minutes have passed: the price swings 98 ↔ 101 each minute.
        var draft = new SignalDraft { Symbol = "BTCUSDT", Condition = "crosses_up", TargetPrice = "100", Frequency = "rearm", Hysteresis = "0.5", Cooldown = "3m" };
        var candles = Closes(Enumerable.Range(0, 40).Select(i => i % 2 == 0 ? 98m : 101m).ToArray());

        var (live, backtest) = await BothAsync(draft, candles);

        backtest.Firings.Should().Equal(live.Firings);
        backtest.Firings.Select(f => f.Time.Minute).Should().Equal([2, 6, 10, 14, 18], "armed at 98 (minute 1), fired at 101; each next one needs 3 quiet minutes and a 98 seen after them");
        backtest.Firings.Should().OnlyContain(f => f.Price == 101m && !f.Wick);
        backtest.Paused.Should().Equal(Start.AddMinutes(18));
        backtest.Status.Should().Be(live.Status).And.Be(SignalStatus.Paused);
        backtest.Pushes.Should().Be(5);
    }

    [Fact]
    public async Task AboveOnce_PriceRisesThroughTheTarget_FiresOnceAtTheFirstCloseAtOrAboveIt()
    {
        var draft = new SignalDraft { Symbol = "BTCUSDT", Condition = "above", TargetPrice = "100" };
        var candles = Closes(97m, 98m, 99m, 100m, 101m, 99m, 102m);

        var (live, backtest) = await BothAsync(draft, candles);

        backtest.Firings.Should().Equal(live.Firings);
        backtest.Firings.Should().Equal(new BacktestFiring(Start.AddMinutes(4), 100m, Wick: false));
        backtest.Status.Should().Be(live.Status).And.Be(SignalStatus.Triggered);
    }

    [Fact]
    public async Task ChannelExitRearm_WicksOutOfTheBandBothWays_FiresAtEachWickOnceBackInsideAfterTheCooldown()
    {
        // Band 95–105, re-arming inside 95.475–104.475 after 2 minutes. A wick to 94.8 (close 96), back to 100, then
        // a close at 105.5.
        var draft = new SignalDraft { Symbol = "BTCUSDT", Condition = "channel_exit", Low = "95", High = "105", Frequency = "rearm", Cooldown = "2m" };
        var candles = Closes(100m, 101m, 100m, 100m, 100m, 101m, 100m);
        candles[1] = candles[1] with { Low = 94.8m, Close = 96m };
        candles[5] = candles[5] with { High = 105.5m, Close = 105.5m };

        var (live, backtest) = await BothAsync(draft, candles);

        backtest.Firings.Should().Equal(live.Firings);
        backtest.Firings.Should().Equal(
            new BacktestFiring(Start.AddMinutes(2), 94.8m, Wick: true),
            new BacktestFiring(Start.AddMinutes(6), 105.5m, Wick: false));
        backtest.Status.Should().Be(live.Status).And.Be(SignalStatus.Waiting);
    }

    [Fact]
    public async Task CrossesDown_OnlyAWickReachesTheLevel_FiresWithTheWicksLow()
    {
        // Armed above 100 at 101; the next minute dips to 99.6 and closes at 100.4: no close ever at or below 100.
        var draft = new SignalDraft { Symbol = "BTCUSDT", Condition = "crosses_down", TargetPrice = "100" };
        var candles = Closes(101m, 100.4m, 100.6m);
        candles[1] = candles[1] with { Low = 99.6m };

        var (live, backtest) = await BothAsync(draft, candles);

        backtest.Firings.Should().Equal(live.Firings);
        backtest.Firings.Should().Equal(new BacktestFiring(Start.AddMinutes(2), 99.6m, Wick: true));
        backtest.Status.Should().Be(live.Status).And.Be(SignalStatus.Triggered);
    }

    [Fact]
    public async Task PctMove_MoveOverTheWindow_IsMeasuredFromTheCloseAWindowBefore()
    {
        // 2 % up within 3 minutes: 100 → 101 → 101.5 → 102.1 (2.1 % over the close three minutes before).
        var draft = new SignalDraft { Symbol = "BTCUSDT", Condition = "pct_move", Pct = "2", Window = "3m", Direction = "up" };
        var candles = Closes(100m, 100m, 100m, 100m, 101m, 101.5m, 102.1m, 102m);

        var (live, backtest) = await BothAsync(draft, candles);

        backtest.Firings.Should().Equal(live.Firings);
        backtest.Firings.Should().Equal(new BacktestFiring(Start.AddMinutes(7), 102.1m, Wick: false));
        backtest.Unchecked.Should().Be(3, "the first three minutes have no candle a window before them");
    }

    [Fact]
    public async Task ExpiryOnTheMinute_WickInItsLastMinute_FiresThenExpires()
    {
        var draft = new SignalDraft { Symbol = "BTCUSDT", Condition = "above", TargetPrice = "100", ExpiresAt = Start.AddMinutes(3).ToString("O") };
        var candles = Closes(98m, 98m, 99m, 101m);
        candles[2] = candles[2] with { High = 100.2m };

        var (live, backtest) = await BothAsync(draft, candles);

        backtest.Firings.Should().Equal(live.Firings);
        backtest.Firings.Should().Equal(new BacktestFiring(Start.AddMinutes(3), 100.2m, Wick: true));
        backtest.Status.Should().Be(live.Status).And.Be(SignalStatus.Triggered);
    }

    [Fact]
    public void Gaps_MissingMinutes_AreNamedAsRuns()
    {
        var candles = Closes(1m, 2m, 3m, 4m, 5m, 6m).Where((_, i) => i is not (2 or 3)).ToList();

        var result = new Backtest().Run(Backtest.StartOf(AboveAHundred, Start), candles, Start, Start.AddMinutes(8));

        result.Candles.Should().Be(4);
        result.Gaps.Should().Equal(new MinuteGap(Start.AddMinutes(2), Start.AddMinutes(4)), new MinuteGap(Start.AddMinutes(6), Start.AddMinutes(8)));
    }

    private static readonly DateTimeOffset Start = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    /// <summary>One candle a minute from <see cref="Start"/>, each with its close as its high and low, so only a test's own wicks reach further.</summary>
    private static List<Candle> Closes(params decimal[] closes) =>
        closes.Select((close, i) => new Candle(Start.AddMinutes(i), close, close, close)).ToList();

    private static readonly Signal AboveAHundred = new()
    {
        Id = "a",
        Name = "a",
        Exchange = ExchangeId.Binance,
        Symbol = "BTCUSDT",
        Base = "BTC",
        Quote = "USDT",
        Condition = Condition.Above,
        TargetPrice = 100m,
        CreatedAt = Start,
    };

    private sealed record LiveRun(IReadOnlyList<BacktestFiring> Firings, SignalStatus Status);

    /// <summary>
    /// The live pipeline checking the alert at the end of every minute (its price the minute's close, its candle source
    /// the series), and the backtest of the same alert over the same series.
    /// </summary>
    private static async Task<(LiveRun Live, BacktestResult Backtest)> BothAsync(SignalDraft draft, List<Candle> candles)
    {
        var pipeline = new LocalPipeline();
        pipeline.Clock.GetUtcNow().Should().Be(Start);
        var signal = await pipeline.AddAsync(draft);
        pipeline.BinanceCandles.Candles["BTCUSDT"] = candles;
        foreach (var candle in candles)
        {
            pipeline.Binance.Prices["BTCUSDT"] = candle.Close;
            await pipeline.NextCycleAsync();
        }

        // One firing per time (a delivery per channel); a wick is a firing price that is not the minute's close.
        var closes = candles.ToDictionary(c => c.OpenTime + TimeSpan.FromMinutes(1), c => c.Close);
        var firings = (await pipeline.Store.ListDeliveriesAsync(signal.Id, None))
            .DistinctBy(d => d.FiredAt)
            .OrderBy(d => d.FiredAt)
            .Select(d => new BacktestFiring(d.FiredAt, d.Price, d.Price != closes[d.FiredAt]))
            .ToList();
        var live = new LiveRun(firings, (await pipeline.Store.GetAsync(signal.Id, None))!.Status);

        var backtest = new Backtest().Run(Backtest.StartOf(signal, Start), candles, Start, Start.AddMinutes(candles.Count));
        return (live, backtest);
    }
}
