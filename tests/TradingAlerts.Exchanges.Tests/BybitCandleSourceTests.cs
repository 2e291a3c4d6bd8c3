using TradingAlerts.Exchanges.Bybit;

namespace TradingAlerts.Exchanges.Tests;

/// <summary>Bybit sends the candles newest first; the contract wants them oldest first.</summary>
public sealed class BybitCandleSourceTests() : CandleSourceContract(BybitBodies.Candles)
{
    [Fact]
    public async Task GetMinuteCandlesAsync_RetCode10001_ThrowsBybitMessageAndCode() =>
        (await FailureReasonAsync(200, BybitBodies.Error(10001, "Not supported symbols"))).Should().Be("Not supported symbols (Bybit code 10001)");

    [Fact]
    public async Task GetMinuteCandlesAsync_ResultWithoutList_ThrowsUnreadable() =>
        (await FailureReasonAsync(200, """{"retCode":0,"retMsg":"OK","result":{"category":"spot"}}"""))
            .Should().Be("unreadable response: a result without a \"list\" of candles");

    [Fact]
    public async Task GetFinePricesAsync_FewerThanSixtyTrades_AllOfThemInTheSpanOldestFirstAndReachingBack()
    {
        var from = new DateTimeOffset(2026, 7, 1, 12, 0, 40, TimeSpan.Zero);
        ServeAt(RecentTradePath, 200, Trades((from.AddSeconds(9), "16618.49"), (from.AddSeconds(2), "16620.5"), (from.AddSeconds(-30), "16600")));

        var fine = await new BybitCandleSource(Http, Clock).GetFinePricesAsync("BTCUSDT", from, from.AddSeconds(20), CancellationToken.None);

        fine.ReachesBack.Should().BeTrue();
        fine.Points.Should().Equal(new PricePoint(from.AddSeconds(2), 16620.5m, 16620.5m), new PricePoint(from.AddSeconds(9), 16618.49m, 16618.49m));
        var query = Queries().Single();
        (query["category"].Single(), query["symbol"].Single(), query["limit"].Single()).Should().Be(("spot", "BTCUSDT", "60"));
    }

    [Fact]
    public async Task GetFinePricesAsync_SixtyTradesAllAfterTheStart_DoesNotReachBack()
    {
        var from = new DateTimeOffset(2026, 7, 1, 12, 0, 0, TimeSpan.Zero);
        ServeAt(RecentTradePath, 200, Trades(Enumerable.Range(0, 60).Select(i => (from.AddSeconds(59 - i), "100")).ToArray()));

        var fine = await new BybitCandleSource(Http, Clock).GetFinePricesAsync("BTCUSDT", from.AddSeconds(-1), from.AddSeconds(60), CancellationToken.None);

        fine.ReachesBack.Should().BeFalse("a second before the oldest of the 60 trades may have traded anything");
        fine.Points.Should().HaveCount(60);
    }

    [Fact]
    public async Task GetFinePricesAsync_TradeWithoutATime_ThrowsUnreadableNamingTheTrade()
    {
        ServeAt(RecentTradePath, 200, """{"retCode":0,"retMsg":"OK","result":{"category":"spot","list":[{"execId":"1","price":"1.5"}]},"retExtInfo":{},"time":1}""");
        var call = () => new BybitCandleSource(Http, Clock).GetFinePricesAsync("BTCUSDT", Clock.GetUtcNow(), Clock.GetUtcNow(), CancellationToken.None);

        (await FluentActions.Awaiting(call).Should().ThrowAsync<ExchangeUnavailableException>()).Which.Reason.Should().Be("unreadable response: trade 0 has no time, not a Unix time");
    }

    private const string RecentTradePath = "/v5/market/recent-trade";

    /// <summary>Bybit's recent-trade answer, newest first, as its v5 documentation shows it.</summary>
    private static string Trades(params (DateTimeOffset Time, string Price)[] trades) =>
        """{"retCode":0,"retMsg":"OK","result":{"category":"spot","list":[""" +
        string.Join(',', trades.Select(t => $$"""{"execId":"2100000000007764263","symbol":"BTCUSDT","price":"{{t.Price}}","size":"0.00012","side":"Buy","time":"{{t.Time.ToUnixTimeMilliseconds()}}","isBlockTrade":false}""")) +
        """]},"retExtInfo":{},"time":1672053054358}""";
}
