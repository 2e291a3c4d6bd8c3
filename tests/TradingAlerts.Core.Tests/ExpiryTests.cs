using TradingAlerts.Core.Notifications;
using TradingAlerts.Core.Prices;
using TradingAlerts.Core.Signals;
using TradingAlerts.Core.Tests.Fakes;

namespace TradingAlerts.Core.Tests;

/// <summary>
/// An alert is watched up to its expiry, not up to the last check before it: the check after the expiry looks at the
/// stretch between the previous check and the expiry, and only at that stretch.
/// </summary>
public class ExpiryTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Rearm_TouchedBetweenTheLastCheckAndItsExpiry_FiresThenExpires()
    {
        // above 100, re-arming, expires at 12:01:40; checks at 12:01:00 (99) and 12:02:00 (99). At 12:01:20 the price
        // touched 100.4 and came back.
        var (pipeline, alert) = await ArmedUntilAsync(new DateTimeOffset(2026, 11, 25, 12, 1, 40, TimeSpan.Zero), "rearm");
        var minute = new DateTimeOffset(2026, 11, 25, 12, 1, 0, TimeSpan.Zero);
        pipeline.BinanceCandles.Candles["BTCUSDT"] = [new Candle(minute, High: 100.4m, Low: 98.9m, Close: 99m)];
        pipeline.BinanceCandles.Fine["BTCUSDT"] = FakeCandleSource.Seconds(minute, (10, 99m), (20, 100.4m), (30, 99m));

        var report = await pipeline.NextCycleAsync();

        report.Fired.Should().Be(1);
        report.Expired.Should().Be(1);
        pipeline.Notifier.Sent.Select(n => n.Title).Should().Equal("BTCUSDT above 100: touched 100.4", $"Alert expired: {alert.Name}");
        (await pipeline.Store.GetAsync(alert.Id, None))!.Status.Should().Be(SignalStatus.Expired, "it fired from its last stretch, and its time is up");
    }

    [Fact]
    public async Task Once_TouchedBeforeItsExpiry_FiresAndIsDone()
    {
        var (pipeline, alert) = await ArmedUntilAsync(new DateTimeOffset(2026, 11, 25, 12, 1, 40, TimeSpan.Zero), "once");
        var minute = new DateTimeOffset(2026, 11, 25, 12, 1, 0, TimeSpan.Zero);
        pipeline.BinanceCandles.Candles["BTCUSDT"] = [new Candle(minute, High: 100.4m, Low: 98.9m, Close: 99m)];
        pipeline.BinanceCandles.Fine["BTCUSDT"] = FakeCandleSource.Seconds(minute, (20, 100.4m), (30, 99m));

        var report = await pipeline.NextCycleAsync();

        report.Fired.Should().Be(1);
        pipeline.Notifier.Sent.Should().ContainSingle().Which.Title.Should().Be("BTCUSDT above 100: touched 100.4");
        (await pipeline.Store.GetAsync(alert.Id, None))!.Status.Should().Be(SignalStatus.Triggered);
    }

    [Fact]
    public async Task TouchedAfterItsExpiry_DoesNotFire_ItExpires()
    {
        // Same minute, but the touch came at 12:01:50, ten seconds after the expiry: the minute's candle holds it, its
        // one-second prices place it after.
        var (pipeline, alert) = await ArmedUntilAsync(new DateTimeOffset(2026, 11, 25, 12, 1, 40, TimeSpan.Zero), "rearm");
        var minute = new DateTimeOffset(2026, 11, 25, 12, 1, 0, TimeSpan.Zero);
        pipeline.BinanceCandles.Candles["BTCUSDT"] = [new Candle(minute, High: 100.4m, Low: 98.9m, Close: 99m)];
        pipeline.BinanceCandles.Fine["BTCUSDT"] = FakeCandleSource.Seconds(minute, (10, 99m), (39, 99.5m), (50, 100.4m), (55, 99m));

        var report = await pipeline.NextCycleAsync();

        report.Fired.Should().Be(0);
        report.Expired.Should().Be(1);
        pipeline.Notifier.Sent.Should().ContainSingle().Which.Title.Should().Be($"Alert expired: {alert.Name}");
    }

    [Fact]
    public async Task TouchedInAWholeMinuteBeforeItsExpiry_Fires()
    {
        // Expires at 12:02:30; the check at 12:01:00 saw 99, the next one comes at 12:03:00 (a cycle was skipped). The
        // touch is in the whole minute 12:01, before the expiry minute.
        var (pipeline, alert) = await ArmedUntilAsync(new DateTimeOffset(2026, 11, 25, 12, 2, 30, TimeSpan.Zero), "rearm");
        var minute = new DateTimeOffset(2026, 11, 25, 12, 1, 0, TimeSpan.Zero);
        pipeline.BinanceCandles.Candles["BTCUSDT"] = [new Candle(minute, High: 100.2m, Low: 98.9m, Close: 99m), new Candle(minute.AddMinutes(1), High: 99.2m, Low: 98.9m, Close: 99m)];
        pipeline.BinanceCandles.Fine["BTCUSDT"] = FakeCandleSource.Seconds(minute.AddMinutes(1), (10, 99m), (29, 99.2m));
        pipeline.Clock.Advance(TimeSpan.FromMinutes(1));

        var report = await pipeline.NextCycleAsync();

        report.Fired.Should().Be(1);
        pipeline.Notifier.Sent.First().Title.Should().Be("BTCUSDT above 100: touched 100.2");
        (await pipeline.Store.GetAsync(alert.Id, None))!.Status.Should().Be(SignalStatus.Expired);
    }

    [Theory]
    [InlineData("above", "100", 99, 100.5)]
    [InlineData("pct_move", null, 100, 105)]
    public async Task ExpiringWhileItsCheckRuns_FiresForWhatItSaw_ThenIsToldExpired(string condition, string? target, decimal before, decimal seen)
    {
        // Re-arming, expires at 12:02:00.5, half a second into the cycle of 12:02:00, and Binance takes a second to
        // answer: the price it saw before its expiry fires it, and it expires with that firing, told like any other.
        var pipeline = new LocalPipeline();
        var expiresAt = pipeline.Clock.GetUtcNow().AddMinutes(2).AddMilliseconds(500);
        var pct = condition == "pct_move";
        var alert = await pipeline.AddAsync(new SignalDraft
        {
            Symbol = "BTCUSDT", Condition = condition, TargetPrice = target, Pct = pct ? "5" : null, Window = pct ? "1h" : null, Direction = pct ? "up" : null,
            Frequency = "rearm", ExpiresAt = expiresAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        });
        var hourAgo = expiresAt.AddHours(-1);
        pipeline.BinanceCandles.Candles["BTCUSDT"] = [.. Enumerable.Range(-5, 10).Select(m => new Candle(hourAgo.AddMinutes(m), High: 100m, Low: 100m, Close: 100m))];
        pipeline.Binance.Prices["BTCUSDT"] = before;
        (await pipeline.NextCycleAsync()).Fired.Should().Be(0);
        pipeline.Binance.Prices["BTCUSDT"] = seen;
        pipeline.Binance.WhileAsked = () => pipeline.Clock.Advance(TimeSpan.FromSeconds(1));

        var report = await pipeline.NextCycleAsync();

        report.Fired.Should().Be(1);
        report.Expired.Should().Be(1);
        pipeline.Notifier.Sent.Select(n => n.Title).Should().Equal($"BTCUSDT {ConditionText.Describe(alert)}: now {seen}", $"Alert expired: {alert.Name}");
        (await pipeline.Store.GetAsync(alert.Id, None))!.Status.Should().Be(SignalStatus.Expired);
    }

    /// <summary>An above-100 alert, armed an hour ago, checked at 12:01:00 at 99; the next check comes a minute later.</summary>
    private static async Task<(LocalPipeline Pipeline, Signal Alert)> ArmedUntilAsync(DateTimeOffset expiresAt, string frequency)
    {
        var pipeline = new LocalPipeline();
        var alert = await pipeline.AddAsync(new SignalDraft { Symbol = "BTCUSDT", Condition = "above", TargetPrice = "100", Frequency = frequency, ExpiresAt = expiresAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture) });
        alert = alert with { CreatedAt = alert.CreatedAt.AddHours(-1), ArmedAt = alert.CreatedAt.AddHours(-1) };
        await pipeline.Store.UpdateAsync(alert, None);
        pipeline.Binance.Prices["BTCUSDT"] = 99m;
        (await pipeline.NextCycleAsync()).Fired.Should().Be(0);
        return (pipeline, alert);
    }
}
