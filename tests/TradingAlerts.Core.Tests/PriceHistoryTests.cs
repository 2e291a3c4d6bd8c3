using Microsoft.Extensions.Time.Testing;
using TradingAlerts.Core.Backtesting;
using TradingAlerts.Core.Pipeline;
using TradingAlerts.Core.Prices;
using TradingAlerts.Core.Signals;
using TradingAlerts.Core.Tests.Fakes;

namespace TradingAlerts.Core.Tests;

/// <summary>
/// The price history a cycle keeps (one sample per exchange, with the high and low where it read candles) and the
/// backtests' candle cache (a day's known span grows; only what it lacks is asked).
/// </summary>
public sealed class PriceHistoryTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    [Fact]
    public async Task Cycle_KeepsEachPriceItSaw_AtItsStart_WithTheCandlesHighAndLowWhereItReadThem()
    {
        var pipeline = new LocalPipeline();
        var created = pipeline.Clock.GetUtcNow();
        pipeline.Binance.Prices["BTCUSDT"] = 99_900m;
        pipeline.Binance.Prices["ETHUSDT"] = 3_000m;
        pipeline.Bybit.Prices["SOLUSDT"] = 150.25m;
        pipeline.BinanceCandles.Candles["BTCUSDT"] = [new Candle(created, 99_950m, 99_800m, 99_900m)];
        await pipeline.AddAsync("BTCUSDT", Condition.Above, 100_000m);
        await pipeline.AddAsync("ETHUSDT", Condition.Above, 4_000m);
        await pipeline.AddAsync("SOLUSDT", Condition.Below, 100m, exchange: ExchangeId.Bybit);

        await pipeline.NextCycleAsync();

        // BTC was near its level (within the wick band), so its candles since the previous check were read; ETH was not.
        var cycleStart = created.AddMinutes(1);
        (await pipeline.Store.ListPricesAsync(ExchangeId.Binance, "BTCUSDT", created, created.AddHours(1), Ct)).Should().Equal(new HistoryPoint(cycleStart, 99_900m, 99_950m, 99_800m));
        (await pipeline.Store.ListPricesAsync(ExchangeId.Binance, "ETHUSDT", created, created.AddHours(1), Ct)).Should().Equal(new HistoryPoint(cycleStart, 3_000m, null, null));
        (await pipeline.Store.ListPricesAsync(ExchangeId.Bybit, "SOLUSDT", created, created.AddHours(1), Ct)).Should().Equal(new HistoryPoint(cycleStart, 150.25m, null, null));
        pipeline.Notifier.Sent.Should().BeEmpty("nothing crossed");
    }

    [Fact]
    public async Task Cycle_WithNoHistoryKept_KeepsNoPrice()
    {
        var pipeline = new LocalPipeline(workerOptions: new WorkerOptions { DefaultRecipient = "default-user", PriceHistory = TimeSpan.Zero });
        pipeline.Binance.Prices["ETHUSDT"] = 3_000m;
        await pipeline.AddAsync("ETHUSDT", Condition.Above, 4_000m);

        await pipeline.NextCycleAsync();

        (await pipeline.Store.ListPricesAsync(ExchangeId.Binance, "ETHUSDT", DateTimeOffset.MinValue, DateTimeOffset.MaxValue, Ct)).Should().BeEmpty();
    }

    [Fact]
    public async Task Download_AsksOnlyWhatTheDayLacks_OnEitherSideOfWhatItKept_AndNothingOnceItHoldsIt()
    {
        var (download, source, _) = DownloadOverTwoDays();
        var day = new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero);

        var morning = await download.GetAsync(ExchangeId.Binance, "BTCUSDT", day.AddHours(6), day.AddHours(12), null, Ct);
        var longer = await download.GetAsync(ExchangeId.Binance, "BTCUSDT", day, day.AddHours(18), null, Ct);
        source.Requests.Should().Be(1 + 2, "the second download asks for [00:00, 06:00) and [12:00, 18:00) only");
        var again = await download.GetAsync(ExchangeId.Binance, "BTCUSDT", day.AddHours(1), day.AddHours(17), null, Ct);

        source.Requests.Should().Be(3, "every minute of the third was kept");
        morning.Should().Equal(source.Candles["BTCUSDT"].Where(c => c.OpenTime >= day.AddHours(6) && c.OpenTime < day.AddHours(12)));
        longer.Should().Equal(source.Candles["BTCUSDT"].Where(c => c.OpenTime >= day && c.OpenTime < day.AddHours(18)));
        again.Should().Equal(source.Candles["BTCUSDT"].Where(c => c.OpenTime >= day.AddHours(1) && c.OpenTime < day.AddHours(17)));
    }

    [Fact]
    public async Task Download_AGapInTheExchangesData_IsKeptAsAGap_NotAskedAgain()
    {
        var (download, source, _) = DownloadOverTwoDays();
        var day = new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero);
        source.Candles["BTCUSDT"].RemoveAll(c => c.OpenTime >= day.AddHours(3) && c.OpenTime < day.AddHours(4));

        var first = await download.GetAsync(ExchangeId.Binance, "BTCUSDT", day, day.AddDays(1), null, Ct);
        var second = await download.GetAsync(ExchangeId.Binance, "BTCUSDT", day.AddHours(2), day.AddHours(5), null, Ct);

        first.Should().HaveCount(1440 - 60);
        second.Should().HaveCount(120);
        source.Requests.Should().Be(1);
    }

    [Fact]
    public async Task Download_UpToNow_KeepsAllButTheMinutesNotYetSettled_AndAsksOnlyThoseAgain()
    {
        var (download, source, clock) = DownloadOverTwoDays();
        var now = clock.GetUtcNow();

        var first = await download.GetAsync(ExchangeId.Binance, "BTCUSDT", now.AddHours(-30), now, null, Ct);
        source.Requests.Should().Be(2, "a UTC day at a time: the previous day's last 18 hours, then today's 12");
        var second = await download.GetAsync(ExchangeId.Binance, "BTCUSDT", now.AddHours(-30), now, null, Ct);

        source.Requests.Should().Be(3, $"only the last {CandleDownload.Settled.TotalMinutes} minutes, which the exchange may still be completing, are asked again");
        second.Should().Equal(first);
        first.Should().HaveCount(30 * 60);
    }

    /// <summary>Every minute of 2026-11-22 and 2026-11-23 and of 2026-11-24 until noon (now), at a price that counts the minutes.</summary>
    private static (CandleDownload Download, FakeCandleSource Source, TimeProvider Clock) DownloadOverTwoDays()
    {
        var start = new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero);
        var now = start.AddDays(2).AddHours(12);
        var source = new FakeCandleSource(ExchangeId.Binance);
        source.Candles["BTCUSDT"] = Enumerable.Range(0, (int)(now - start).TotalMinutes).Select(m => new Candle(start.AddMinutes(m), 100m + m + 0.5m, 100m + m - 0.5m, 100m + m)).ToList();
        var clock = new FakeTimeProvider(now);
        return (new CandleDownload([source], new InMemorySignalStore(), clock), source, clock);
    }
}
