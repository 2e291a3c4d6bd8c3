using Microsoft.Extensions.Time.Testing;
using TradingAlerts.Core.Backtesting;
using TradingAlerts.Core.Prices;
using TradingAlerts.Core.Signals;
using TradingAlerts.Core.Tests.Fakes;

namespace TradingAlerts.Core.Tests;

/// <summary>The alert page's chart's prices: each range's candles in its buckets through the candle cache, and the checks' prices.</summary>
public sealed class RecentPricesTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    /// <summary>Now: 2026-11-24 12:00:30 UTC; every minute from 2026-11-22 00:00 has a candle, at a price that counts the minutes.</summary>
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 30, TimeSpan.Zero);

    private static readonly DateTimeOffset Start = new(2026, 11, 22, 0, 0, 0, TimeSpan.Zero);

    private InMemorySignalStore Store { get; } = new();

    [Theory]
    [InlineData("1h", "2026-11-24T11:00:00Z", 58, "2026-11-24T11:57:00Z")]
    [InlineData("24h", "2026-11-23T12:00:00Z", 96, "2026-11-24T11:45:00Z")]
    [InlineData("7d", "2026-11-17T12:00:00Z", 60, "2026-11-24T11:00:00Z")]
    public async Task EachRange_FromItsBucketsBoundary_InItsBuckets_ThroughTheLastSettledMinute(string name, string from, int candles, string lastOpen)
    {
        var (recent, _, _) = Market();
        var range = ChartRange.Named(name)!;

        var prices = await recent.ForAsync(ExchangeId.Binance, "BTCUSDT", range, Ct);

        prices.From.Should().Be(DateTimeOffset.Parse(from, null, System.Globalization.DateTimeStyles.AssumeUniversal));
        prices.To.Should().Be(Now);
        prices.Candles.Should().HaveCount(candles);
        prices.Candles[^1].OpenTime.Should().Be(DateTimeOffset.Parse(lastOpen, null, System.Globalization.DateTimeStyles.AssumeUniversal));
        prices.Candles.Zip(prices.Candles.Skip(1)).Should().OnlyContain(p => p.Second.OpenTime - p.First.OpenTime == range.Bucket);
    }

    [Fact]
    public async Task ABucket_HasItsMinutesHighestHighLowestLowAndLastClose_OnlyThoseSettled()
    {
        var (recent, _, _) = Market();

        var last = (await recent.ForAsync(ExchangeId.Binance, "BTCUSDT", ChartRange.Day, Ct)).Candles[^1];

        // 11:45 to 11:57 (11:58 and 11:59 are not settled at 12:00:30): minutes 3585 to 3597 since the start.
        last.Should().Be(new Candle(Now.AddSeconds(-30).AddMinutes(-15), 100m + 3597 + 0.5m, 100m + 3585 - 0.5m, 100m + 3597));
    }

    [Fact]
    public async Task ShownAgain_AsksTheExchangeNothingWithinTheMinute_AndOnlyTheNewlySettledMinuteAfterIt()
    {
        var (recent, source, clock) = Market();

        var first = await recent.ForAsync(ExchangeId.Binance, "BTCUSDT", ChartRange.Week, Ct);
        var asked = source.Requests;
        clock.Advance(TimeSpan.FromSeconds(20));
        var again = await recent.ForAsync(ExchangeId.Binance, "BTCUSDT", ChartRange.Week, Ct);
        source.Requests.Should().Be(asked, "every settled minute was kept in the candle cache");
        clock.Advance(TimeSpan.FromMinutes(1));
        await recent.ForAsync(ExchangeId.Binance, "BTCUSDT", ChartRange.Week, Ct);

        again.Candles.Should().Equal(first.Candles);
        source.Requests.Should().Be(asked + 1, "one minute more has settled");
    }

    [Fact]
    public async Task ExchangeFailing_CostsTheCandles_NotThePricesTheChecksSaw()
    {
        var (recent, source, _) = Market();
        source.FailWith = "binance is unavailable: HTTP 503";
        await Store.RecordPricesAsync(new PriceSample(ExchangeId.Binance, Now.AddMinutes(-30), new Dictionary<string, SeenPrice> { ["BTCUSDT"] = new(101_000m) }, Now.AddDays(30)), Ct);
        await Store.RecordPricesAsync(new PriceSample(ExchangeId.Binance, Now.AddHours(-2), new Dictionary<string, SeenPrice> { ["BTCUSDT"] = new(99_000m) }, Now.AddDays(30)), Ct);

        var prices = await recent.ForAsync(ExchangeId.Binance, "BTCUSDT", ChartRange.Hour, Ct);

        prices.Candles.Should().BeEmpty();
        prices.CandlesMissing.Should().Contain("binance is unavailable: HTTP 503");
        prices.Seen.Should().Equal(new HistoryPoint(Now.AddMinutes(-30), 101_000m, null, null));
        prices.IsEmpty.Should().BeFalse();
    }


    private (RecentPrices Recent, FakeCandleSource Source, FakeTimeProvider Clock) Market()
    {
        var source = new FakeCandleSource(ExchangeId.Binance);
        source.Candles["BTCUSDT"] = Enumerable.Range(0, (int)(Now - Start).TotalMinutes + 1).Select(m => new Candle(Start.AddMinutes(m), 100m + m + 0.5m, 100m + m - 0.5m, 100m + m)).ToList();
        var clock = new FakeTimeProvider(Now);
        return (new RecentPrices(new CandleDownload([source], Store, clock), Store, clock), source, clock);
    }
}
