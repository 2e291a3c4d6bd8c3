using System.Globalization;
using TradingAlerts.Exchanges.Coinbase;

namespace TradingAlerts.Exchanges.Tests;

/// <summary>Coinbase sends the candles newest first, times in Unix seconds; the contract wants them oldest first.</summary>
public sealed class CoinbaseCandleSourceTests() : CandleSourceContract(CoinbaseBodies.Candles)
{
    [Fact]
    public async Task GetMinuteCandlesAsync_CandleWithoutClose_ThrowsUnreadableNamingCandleAndField() =>
        (await FailureReasonAsync(200, """{"candles":[{"start":"1639508040","low":"140.21","high":"140.21","open":"140.21"}]}"""))
            .Should().Be("unreadable response: the BTC-USD candle at 2021-12-14 18:54 UTC has no close, not a decimal number");

    [Fact]
    public async Task GetFinePricesAsync_MarketTradesOfTheSpan_OldestFirstExactAndReachingBack()
    {
        var from = new DateTimeOffset(2026, 7, 1, 12, 0, 40, TimeSpan.Zero);
        ServeAt("/api/v3/brokerage/market/products/BTC-USD/ticker", 200, """
            {"trades":[{"trade_id":"34b080bf","product_id":"BTC-USD","price":"140.91","size":"4","time":"2026-07-01T12:00:55.250Z","side":"BUY","exchange":"coinbase"},
                       {"trade_id":"34b080be","product_id":"BTC-USD","price":"140.5","size":"1","time":"2026-07-01T12:00:41.000Z","side":"SELL","exchange":"coinbase"}],
             "best_bid":"140.90","best_ask":"140.92"}
            """);

        var fine = await new CoinbaseCandleSource(Http, Clock).GetFinePricesAsync("BTC-USD", from, from.AddSeconds(20), CancellationToken.None);

        fine.ReachesBack.Should().BeTrue("the answer holds fewer trades than asked: every trade of the span");
        fine.Points.Should().Equal(new PricePoint(from.AddSeconds(1), 140.5m, 140.5m), new PricePoint(from.AddSeconds(15.25), 140.91m, 140.91m));
        var query = Queries().Single();
        (query["limit"].Single(), query["start"].Single(), query["end"].Single()).Should().Be(("1000", from.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), (from.ToUnixTimeSeconds() + 21).ToString(CultureInfo.InvariantCulture)));
    }
}
