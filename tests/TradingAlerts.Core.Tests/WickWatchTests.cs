using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using TradingAlerts.Core.Pipeline;
using TradingAlerts.Core.Prices;
using TradingAlerts.Core.Signals;
using TradingAlerts.Core.Tests.Fakes;

namespace TradingAlerts.Core.Tests;

public class WickWatchTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 25, 12, 0, 30, TimeSpan.Zero));
    private readonly FakeCandleSource candles = new(ExchangeId.Binance);

    [Fact]
    public async Task FindTouchesAsync_SameCycleAskedAgainLater_SeesTheCandlesSinceThen()
    {
        // A batch redelivered to a warm instance in the same cycle, 40 s later: the wick in between must not be hidden by
        // the candles the first delivery read.
        var wicks = Watch();
        var since = clock.GetUtcNow().AddMinutes(-2);
        var minute = new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
        candles.Candles["BTCUSDT"] = [new Candle(minute, 99m, 98m, 99m)];
        (await wicks.FindTouchesAsync("c1", since, [Miss(since)], None)).Touches.Should().BeEmpty();

        clock.Advance(TimeSpan.FromSeconds(40));
        candles.Candles["BTCUSDT"] = [new Candle(minute, 99m, 98m, 99m), new Candle(minute.AddMinutes(1), 100.2m, 98.5m, 99m)];
        var again = await wicks.FindTouchesAsync("c1", since, [Miss(since)], None);

        again.Touches.Should().ContainKey("a").WhoseValue.Should().Be(100.2m);
    }

    [Fact]
    public async Task FindTouchesAsync_AfterAPercentMoveLookUpOfTheSameStart_ReadsItsOwnSpan()
    {
        // The price a minute ago asks for the candle from 11:58 to 11:59; a wick look-up from 11:58 must still see 12:00.
        var wicks = Watch();
        var from = new DateTimeOffset(2026, 11, 25, 11, 58, 0, TimeSpan.Zero);
        candles.Candles["BTCUSDT"] = [new Candle(from, 99m, 98m, 99m), new Candle(from.AddMinutes(1), 99m, 98m, 99m), new Candle(from.AddMinutes(2), 100.4m, 98m, 99m)];
        (await wicks.PriceAtAsync("c1", ExchangeId.Binance, "BTCUSDT", clock.GetUtcNow().AddMinutes(-1), None)).Should().Be(99m);

        var looked = await wicks.FindTouchesAsync("c1", from, [Miss(from)], None);

        looked.Touches.Should().ContainKey("a").WhoseValue.Should().Be(100.4m);
    }

    [Fact]
    public async Task FindTouchesAsync_PreviousCheckRecordedInTheFuture_LooksAtNothingAndDoesNotThrow()
    {
        // A clock stepped back, or a record written by a host whose clock runs ahead.
        var wicks = Watch();
        candles.Candles["BTCUSDT"] = [new Candle(clock.GetUtcNow().AddMinutes(-1), 100.2m, 98m, 99m)];

        var looked = await wicks.FindTouchesAsync("c1", clock.GetUtcNow().AddMinutes(10), [Miss(clock.GetUtcNow().AddHours(-1))], None);

        looked.Touches.Should().BeEmpty();
        looked.NotLookedAt.Should().BeEmpty();
    }

    [Fact]
    public async Task FindTouchesAsync_BoundReached_SaysWhichAlertsWereNotLookedAt()
    {
        var wicks = new WickWatch([candles], clock, new WickOptions { MaxRequestsPerExchange = 1 }, new WorkDeadline(clock), NullLogger<WickWatch>.Instance);
        var since = clock.GetUtcNow().AddMinutes(-2);

        var armedLongAgo = since.AddHours(-1);

        var looked = await wicks.FindTouchesAsync("c1", since, [Miss(armedLongAgo), Miss(armedLongAgo, "b", "ETHUSDT")], None);

        looked.NotLookedAt.Should().Equal("b");
    }

    private WickWatch Watch() => new([candles], clock, new WickOptions(), new WorkDeadline(clock), NullLogger<WickWatch>.Instance);

    private static NearMiss Miss(DateTimeOffset armedSince, string id = "a", string symbol = "BTCUSDT") =>
        new(id, ExchangeId.Binance, symbol, [new Trigger(Condition.Above, 100m)], 99m, armedSince);
}
