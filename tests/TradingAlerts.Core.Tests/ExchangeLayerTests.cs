using TradingAlerts.Core.Prices;
using TradingAlerts.Core.Signals;
using TradingAlerts.Core.Tests.Fakes;

namespace TradingAlerts.Core.Tests;

public class ExchangeLayerTests
{
    private const string RegionBlocked = "Binance refuses this region (restricted location), HTTP 451";
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task RunOnce_PrimaryRegionBlocked_FiresFromFallbackAndSaysSo()
    {
        var pipeline = new LocalPipeline();
        pipeline.Binance.FailWith = RegionBlocked;
        pipeline.Bybit.Prices["BTCUSDT"] = 100_250.5m;
        var signal = await pipeline.AddAsync("BTCUSDT", Condition.Above, 100_000m);

        var report = await pipeline.Cycle.RunOnceAsync(None);

        report.Notified.Should().Be(1);
        report.CheckFailures.Should().BeEmpty();
        var message = pipeline.Notifier.Sent.Should().ContainSingle().Subject.Message;
        message.Should().Contain("BTCUSDT on bybit is 100,250.5").And.Contain($"Price from bybit: binance could not answer ({RegionBlocked}).");
        (await pipeline.Store.ListDeliveriesAsync(signal.Id, None)).Single().PriceExchange.Should().Be(ExchangeId.Bybit);
        pipeline.Coinbase.Requests.Should().Be(0, "the first fallback answered");
    }

    [Fact]
    public async Task RunOnce_PrimaryAnswers_ItsPriceIsAuthoritative()
    {
        var pipeline = new LocalPipeline();
        pipeline.Binance.Prices["BTCUSDT"] = 99_999m;
        pipeline.Bybit.Prices["BTCUSDT"] = 100_001m;
        await pipeline.AddAsync("BTCUSDT", Condition.Above, 100_000m);

        var report = await pipeline.Cycle.RunOnceAsync(None);

        report.Fired.Should().Be(0);
        pipeline.Bybit.Requests.Should().Be(0);
    }

    [Fact]
    public async Task RunOnce_FallbackListsOnlyAnotherQuote_NeverSwapsUsdtForUsd()
    {
        var pipeline = new LocalPipeline();
        pipeline.Binance.FailWith = RegionBlocked;
        pipeline.Coinbase.Prices["BTC-USD"] = 100_250m;
        var signal = await pipeline.AddAsync("BTCUSDT", Condition.Above, 100_000m);

        var report = await pipeline.Cycle.RunOnceAsync(None);

        report.Fired.Should().Be(0);
        pipeline.Coinbase.Asked.Should().ContainSingle().Which.Should().Equal("BTC-USDT");
        report.CheckFailures.Should().ContainSingle().Which.Reason.Should()
            .Be($"{RegionBlocked}; fallbacks: BTC/USDT is not listed on bybit; BTC/USDT is not listed on coinbase");
        (await pipeline.Store.GetAsync(signal.Id, None))!.Status.Should().Be(SignalStatus.Pending);
    }

    [Fact]
    public async Task RunOnce_AllExchangesDown_NoNotificationStaysPendingNextCycleWorks()
    {
        var pipeline = new LocalPipeline();
        pipeline.Binance.FailWith = RegionBlocked;
        pipeline.Bybit.FailWith = "HTTP 503 after 3 attempts";
        pipeline.Coinbase.FailWith = "no answer within 10 s";
        var signal = await pipeline.AddAsync("BTCUSDT", Condition.Above, 1m);

        var down = await pipeline.Cycle.RunOnceAsync(None);
        pipeline.Binance.FailWith = null;
        pipeline.Binance.Prices["BTCUSDT"] = 2m;
        var back = await pipeline.NextCycleAsync();

        down.CheckFailures.Should().ContainSingle().Which.Reason.Should()
            .Be($"{RegionBlocked}; fallbacks: HTTP 503 after 3 attempts; no answer within 10 s");
        down.Notified.Should().Be(0);
        back.Notified.Should().Be(1);
        (await pipeline.Store.GetAsync(signal.Id, None))!.TriggeredCount.Should().Be(1);
    }

    [Fact]
    public async Task RunOnce_ExchangeKeepsFailing_CircuitOpensThenOneTrialAfterTheBreak()
    {
        var pipeline = new LocalPipeline();
        pipeline.Binance.FailWith = "HTTP 503 after 3 attempts";
        pipeline.Bybit.Prices["BTCUSDT"] = 1m;
        await pipeline.AddAsync("BTCUSDT", Condition.Above, 2m);

        await pipeline.Cycle.RunOnceAsync(None);
        pipeline.Health.Snapshot([ExchangeId.Binance]).Single().State.Should().Be(ExchangeState.Degraded);
        await pipeline.NextCycleAsync();
        await pipeline.NextCycleAsync();
        var open = await pipeline.NextCycleAsync();

        pipeline.Binance.Requests.Should().Be(3, "after three failures in a row the circuit is open");
        var status = pipeline.Health.Snapshot([ExchangeId.Binance]).Single();
        status.State.Should().Be(ExchangeState.Down);
        status.LastError.Should().Be("HTTP 503 after 3 attempts");
        open.CheckFailures.Should().BeEmpty("the fallback still answers");

        pipeline.Binance.FailWith = null;
        pipeline.Binance.Prices["BTCUSDT"] = 1m;
        pipeline.Clock.Advance(new CircuitOptions().BreakFor);
        await pipeline.NextCycleAsync();

        pipeline.Binance.Requests.Should().Be(4, "one trial request once the break is over");
        pipeline.Health.Snapshot([ExchangeId.Binance]).Single().State.Should().Be(ExchangeState.Ok);
    }

    [Fact]
    public async Task RunOnce_PrimaryHasNoUsablePriceForThePair_FallbackPricesItAndTheRestOfItsTickerStillCounts()
    {
        var pipeline = new LocalPipeline();
        pipeline.Binance.Prices["ETHUSDT"] = 3_000m;
        pipeline.Binance.Unpriced["BTCUSDT"] = "BTCUSDT has price \"0.00000000\", not a price above zero";
        pipeline.Bybit.Prices["BTCUSDT"] = 60_000m;
        var btc = await pipeline.AddAsync("BTCUSDT", Condition.Below, 50_000m);
        await pipeline.AddAsync("ETHUSDT", Condition.Below, 3_500m);

        var report = await pipeline.Cycle.RunOnceAsync(None);

        report.Fired.Should().Be(1, "ETHUSDT is priced by Binance's ticker all the same");
        pipeline.Notifier.Sent.Single().Title.Should().StartWith("ETHUSDT below");
        report.CheckFailures.Should().BeEmpty("BTCUSDT is priced from Bybit, 60,000: no firing at zero");
        (await pipeline.Store.GetAsync(btc.Id, None))!.Status.Should().Be(SignalStatus.Pending);
    }

    [Fact]
    public async Task RunOnce_TargetTouchedBetweenPolls_FiresOnceAndSaysSo()
    {
        var pipeline = new LocalPipeline();
        pipeline.Binance.Prices["BTCUSDT"] = 60_000m;
        var minuteAgo = pipeline.Clock.GetUtcNow().AddMinutes(-1);
        pipeline.BinanceCandles.Candles["BTCUSDT"] = [new Candle(minuteAgo, High: 61_000m, Low: 59_500m, Close: 60_000m)];
        var touched = await pipeline.AddAsync("BTCUSDT", Condition.Above, 60_500m);
        var notReached = await pipeline.AddAsync("BTCUSDT", Condition.Above, 62_000m);
        ArmSince(pipeline, minuteAgo.AddMinutes(-5));

        var report = await pipeline.Cycle.RunOnceAsync(None);
        var next = await pipeline.NextCycleAsync();

        report.Fired.Should().Be(1);
        next.Fired.Should().Be(0);
        var sent = pipeline.Notifier.Sent.Should().ContainSingle().Subject;
        sent.Title.Should().Be("BTCUSDT above 60,500: touched 61,000");
        sent.Message.Should().Contain("BTCUSDT on binance touched 61,000 (the high since the previous check), above the target 60,500; the last price is 60,000.");
        (await pipeline.Store.GetAsync(touched.Id, None))!.Status.Should().Be(SignalStatus.Triggered);
        (await pipeline.Store.GetAsync(notReached.Id, None))!.Status.Should().Be(SignalStatus.Pending);
        pipeline.BinanceCandles.Requests.Should().Be(2, "one candle request per symbol and cycle");
    }

    [Fact]
    public async Task RunOnce_WickBeforeThePreviousCheck_NotCountedAgain()
    {
        var pipeline = new LocalPipeline();
        pipeline.Binance.Prices["BTCUSDT"] = 60_000m;
        await pipeline.AddAsync("BTCUSDT", Condition.Above, 60_500m);
        ArmSince(pipeline, pipeline.Clock.GetUtcNow().AddHours(-1));
        await pipeline.Cycle.RunOnceAsync(None);

        // The wick happened before the first check started; the second check looks only at the minutes since then.
        pipeline.BinanceCandles.Candles["BTCUSDT"] = [new Candle(pipeline.Clock.GetUtcNow().AddMinutes(-2), 61_000m, 59_500m, 60_000m)];
        var report = await pipeline.NextCycleAsync();

        report.Fired.Should().Be(0);
    }

    [Fact]
    public async Task RunOnce_AfterLongDowntime_LookBackIsCapped()
    {
        var pipeline = new LocalPipeline();
        pipeline.Binance.Prices["BTCUSDT"] = 60_000m;
        await pipeline.AddAsync("BTCUSDT", Condition.Above, 60_500m);
        ArmSince(pipeline, pipeline.Clock.GetUtcNow().AddDays(-1));
        pipeline.Cycle.PreviousStart = pipeline.Clock.GetUtcNow().AddHours(-5);
        pipeline.BinanceCandles.Candles["BTCUSDT"] =
        [
            new Candle(pipeline.Clock.GetUtcNow().AddHours(-3), 61_000m, 59_500m, 60_000m),
            new Candle(pipeline.Clock.GetUtcNow().AddMinutes(-30), 60_400m, 59_500m, 60_000m),
        ];

        var report = await pipeline.Cycle.RunOnceAsync(None);

        report.Fired.Should().Be(0, "a crossing older than the one-hour cap is not reported");
    }

    [Fact]
    public async Task RunOnce_TargetFarFromThePrice_NoCandleRequest()
    {
        var pipeline = new LocalPipeline();
        pipeline.Binance.Prices["BTCUSDT"] = 60_000m;
        await pipeline.AddAsync("BTCUSDT", Condition.Above, 70_000m);
        await pipeline.AddAsync("BTCUSDT", Condition.Below, 50_000m);

        await pipeline.Cycle.RunOnceAsync(None);

        pipeline.BinanceCandles.Requests.Should().Be(0);
    }

    [Fact]
    public async Task RunOnce_NewAlert_IgnoresWicksFromBeforeItExisted()
    {
        var pipeline = new LocalPipeline();
        pipeline.Binance.Prices["BTCUSDT"] = 60_000m;
        pipeline.BinanceCandles.Candles["BTCUSDT"] = [new Candle(pipeline.Clock.GetUtcNow().AddMinutes(-4), 61_000m, 59_500m, 60_000m)];
        await pipeline.AddAsync("BTCUSDT", Condition.Above, 60_500m);

        var report = await pipeline.Cycle.RunOnceAsync(None);

        report.Fired.Should().Be(0);
    }

    [Fact]
    public async Task RunOnce_LowWickBelowTarget_FiresBelowAlert()
    {
        var pipeline = new LocalPipeline();
        pipeline.Binance.Prices["ETHUSDT"] = 4_000m;
        pipeline.BinanceCandles.Candles["ETHUSDT"] = [new Candle(pipeline.Clock.GetUtcNow().AddMinutes(-2), 4_010m, 3_890m, 4_000m)];
        await pipeline.AddAsync("ETHUSDT", Condition.Below, 3_900m);
        ArmSince(pipeline, pipeline.Clock.GetUtcNow().AddHours(-1));

        var report = await pipeline.Cycle.RunOnceAsync(None);

        report.Fired.Should().Be(1);
        pipeline.Notifier.Sent.Single().Message.Should().Contain("touched 3,890 (the low since the previous check)");
    }

    /// <summary>Backdates every alert's creation and arming, as if they had been armed for a while.</summary>
    private static void ArmSince(LocalPipeline pipeline, DateTimeOffset since)
    {
        foreach (var signal in pipeline.Store.ListAsync(None).ToBlockingEnumerable().ToList())
            pipeline.Store.UpdateAsync(signal with { CreatedAt = since, ArmedAt = since }, None).GetAwaiter().GetResult();
    }
}
