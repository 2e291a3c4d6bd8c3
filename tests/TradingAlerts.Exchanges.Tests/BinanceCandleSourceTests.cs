using System.Globalization;
using TradingAlerts.Exchanges.Binance;

namespace TradingAlerts.Exchanges.Tests;

public sealed class BinanceCandleSourceTests() : CandleSourceContract(BinanceBodies.Candles)
{
    [Theory]
    [InlineData("""[[1499040000000,"0.01634790","0.80000000"]]""", "candle 0 is not [openTime, open, high, low, close, …]")]
    [InlineData("""[["soon","0.01634790","0.80000000","0.01575800","0.01577100"]]""", "candle 0 has open time \"soon\", not a Unix time")]
    [InlineData("""[[1499040000000,"0.01634790","0.8e1","0.01575800","0.01577100"]]""", "the BTCUSDT candle at 2017-07-03 00:00 UTC has high \"0.8e1\", not a decimal number")]
    [InlineData("""[[1499040000000,"0.01634790","0.80000000",null,"0.01577100"]]""", "the BTCUSDT candle at 2017-07-03 00:00 UTC has no low, not a decimal number")]
    public async Task GetMinuteCandlesAsync_MalformedRow_ThrowsUnreadableNamingCandleAndField(string body, string problem) =>
        (await FailureReasonAsync(200, body)).Should().Be($"unreadable response: {problem}");

    [Fact]
    public async Task GetFinePricesAsync_OneSecondKlinesFromTheSecondOfTheStart_EveryPriceExactAndReachingBack()
    {
        var armed = new DateTimeOffset(2026, 7, 1, 12, 0, 40, 300, TimeSpan.Zero);
        var second = armed.AddMilliseconds(-300).ToUnixTimeMilliseconds();
        Serve(200, $$"""
            [[{{second}},"99.80000000","99.80000000","99.80000000","99.80000000","1.0",{{second + 999}},"1.0",3,"0.5","0.5","0"],
             [{{second + 8000}},"99.90000000","100.50000000","99.85000000","100.10000000","2.0",{{second + 8999}},"2.0",5,"1","1","0"]]
            """);

        var fine = await new BinanceCandleSource(Http, Clock).GetFinePricesAsync("BTCUSDT", armed, armed.AddSeconds(19.7), CancellationToken.None);

        fine.ReachesBack.Should().BeTrue("one-second klines hold every trade of the span");
        fine.Points.Should().Equal(new PricePoint(armed.AddMilliseconds(-300), 99.8m, 99.8m), new PricePoint(armed.AddSeconds(7.7), 100.5m, 99.85m));
        var query = Queries().Single();
        (query["interval"].Single(), query["startTime"].Single(), query["endTime"].Single(), query["limit"].Single())
            .Should().Be(("1s", second.ToString(CultureInfo.InvariantCulture), armed.AddSeconds(19.7).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture), "1000"));
    }
}
