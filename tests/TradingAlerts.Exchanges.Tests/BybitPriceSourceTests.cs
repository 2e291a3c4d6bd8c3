using System.Globalization;

namespace TradingAlerts.Exchanges.Tests;

public sealed class BybitPriceSourceTests() : PriceSourceContract(BybitBodies.Prices)
{
    [Fact]
    public async Task GetPricesAsync_RetCode10006WithResetHeader_SendsNothingUntilBybitsReset()
    {
        var reset = Clock.GetUtcNow().AddSeconds(15).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        Serve(200, BybitBodies.Error(10006, "Too many visits"), ("X-Bapi-Limit-Reset-Timestamp", reset));
        var prices = PricesOf(["BTCUSDT"]);

        (await ReasonOfFailureAsync(prices)).Should().Be("rate limited (Bybit code 10006: Too many visits), retry after 15 s");
        Clock.Advance(TimeSpan.FromSeconds(5));

        (await ReasonOfFailureAsync(prices)).Should()
            .Be("rate limited (Bybit code 10006), no request to Bybit before 2026-07-01 12:00:15 UTC (10 s from now)");
        Counter.Count.Should().Be(1);
    }

    [Fact]
    public async Task GetPricesAsync_RetCode10006WithoutResetHeader_WaitsSixtySeconds()
    {
        var prices = PricesOf(["BTCUSDT"]);
        Serve(200, BybitBodies.Error(10006, "Too many visits"));
        (await ReasonOfFailureAsync(prices)).Should().EndWith("retry after 60 s");

        Clock.Advance(TimeSpan.FromSeconds(59));
        (await ReasonOfFailureAsync(prices)).Should().EndWith("(1 s from now)");
        Counter.Count.Should().Be(1);

        Server.ResetMappings();
        Serve(200, BybitBodies.Tickers);
        Clock.Advance(TimeSpan.FromSeconds(1));
        (await prices(CancellationToken.None)).Prices.Should().ContainKey("BTCUSDT");
        Counter.Count.Should().Be(2);
    }

    [Theory]
    [InlineData(200, """{"retCode":10009,"retMsg":"Service Restricted: region","result":{},"retExtInfo":{},"time":1673859087947}""", "Bybit code 10009")]
    [InlineData(403, "<html><body>403 Forbidden</body></html>", "HTTP 403")]
    public async Task GetPricesAsync_RestrictedRegion_ThrowsRegionReasonWithAdvice(int status, string body, string how)
    {
        var reason = await FailureReasonAsync(status, body);

        reason.Should().StartWith($"Bybit refuses this region (restricted location), {how}: run the monitor from a non-US region such as AWS eu-central-1");
        Counter.Count.Should().Be(1, "a refusal is an answer, not a transient failure");
    }

    [Theory]
    [InlineData(10001, "Not supported symbols", "Not supported symbols (Bybit code 10001)")]
    [InlineData(10016, "Internal server error.", "Bybit server error: Internal server error. (Bybit code 10016)")]
    [InlineData(10002, "", "Bybit code 10002")]
    public async Task GetPricesAsync_OtherRetCode_ThrowsBybitMessageAndCode(int retCode, string retMsg, string expected) =>
        (await FailureReasonAsync(200, BybitBodies.Error(retCode, retMsg))).Should().Be(expected);

    [Fact]
    public async Task GetPricesAsync_Http400WithRetCode_ThrowsStatusMessageAndCode() =>
        (await FailureReasonAsync(400, BybitBodies.Error(10001, "params error: category is wrong")))
            .Should().Be("HTTP 400: params error: category is wrong (Bybit code 10001)");

    [Theory]
    [InlineData("""{"retMsg":"OK","result":{"list":[]}}""", "unreadable response: an answer without retCode")]
    [InlineData("""{"retCode":0,"retMsg":"OK"}""", "unreadable response: retCode 0 without a result")]
    [InlineData("""{"retCode":0,"retMsg":"OK","result":{"category":"spot","list":[]}}""", "unreadable response: an empty price list")]
    [InlineData("""[{"symbol":"BTCUSDT","lastPrice":"20533.13"}]""", "unreadable response: a JSON array, not Bybit's answer")]
    public async Task GetPricesAsync_UnexpectedBody_ThrowsUnreadableNamingTheProblem(string body, string expectedStart) =>
        (await FailureReasonAsync(200, body)).Should().StartWith(expectedStart);

    [Fact]
    public async Task GetPricesAsync_SymbolWithoutLastPrice_IsLeftOut()
    {
        Serve(200, """{"retCode":0,"retMsg":"OK","result":{"category":"spot","list":[{"symbol":"BTCUSDT","lastPrice":"20533.13"},{"symbol":"NEWUSDT","lastPrice":""}]}}""");

        var quotes = await PricesOf(["BTCUSDT", "NEWUSDT"])(CancellationToken.None);

        quotes.Prices.Should().Equal(new Dictionary<string, decimal> { ["BTCUSDT"] = 20533.13m });
    }

    [Fact]
    public async Task GetPricesAsync_OneMalformedAndOneUnpricedEntry_OnlyThoseAreUnpricedTheRestStillCounts()
    {
        Serve(200, """{"retCode":0,"retMsg":"OK","result":{"category":"spot","list":[{"symbol":"BTCUSDT","lastPrice":"20,533.13"},{"symbol":"NEWUSDT","lastPrice":""},{"symbol":"ETHUSDT","lastPrice":"1553.21"}]}}""");

        var quotes = await PricesOf(["BTCUSDT", "NEWUSDT", "ETHUSDT"])(CancellationToken.None);

        quotes.Prices.Should().Equal(new Dictionary<string, decimal> { ["ETHUSDT"] = 1553.21m });
        quotes.Unpriced.Should().Equal(new Dictionary<string, string>
        {
            ["BTCUSDT"] = "BTCUSDT has price \"20,533.13\", not a decimal number",
            ["NEWUSDT"] = "NEWUSDT has no price yet (no trade)",
        });
    }
}
