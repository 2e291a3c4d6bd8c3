using TradingAlerts.Core.Prices;

namespace TradingAlerts.Core.Tests;

public sealed class CandleBucketsTests
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Aggregate_MinutesInFifteenMinuteBuckets_HighestHighLowestLowLastClose()
    {
        var candles = new List<Candle>
        {
            new(Noon.AddMinutes(-2), 101m, 99m, 100m),
            new(Noon.AddMinutes(-1), 102m, 100m, 101m),
            new(Noon, 105m, 100m, 104m),
            new(Noon.AddMinutes(7), 103m, 97m, 98m),
            new(Noon.AddMinutes(14), 99m, 98m, 98.5m),
            new(Noon.AddMinutes(45), 110m, 108m, 109m),
        };

        CandleBuckets.Aggregate(candles, TimeSpan.FromMinutes(15)).Should().Equal(
            new Candle(Noon.AddMinutes(-15), 102m, 99m, 101m),
            new Candle(Noon, 105m, 97m, 98.5m),
            new Candle(Noon.AddMinutes(45), 110m, 108m, 109m));
    }

    [Fact]
    public void Aggregate_AWidthNotOfWholeMinutes_Refused()
    {
        var aggregate = () => CandleBuckets.Aggregate([], TimeSpan.FromSeconds(90));

        aggregate.Should().Throw<ArgumentOutOfRangeException>();
    }
}
