namespace TradingAlerts.Exchanges.Tests;

public sealed class BinancePriceSourceTests() : PriceSourceContract(BinanceBodies.Prices)
{
    [Fact]
    public async Task GetPricesAsync_Http451RestrictedLocation_ThrowsNamedRegionReason()
    {
        var reason = await FailureReasonAsync(451, BinanceBodies.RestrictedLocation);

        reason.Should().StartWith("Binance refuses this region (restricted location), HTTP 451");
        reason.Should().Contain("eu-central-1");
        Server.LogEntries.Should().ContainSingle("a 451 is an answer, not a transient failure");
    }

    [Fact]
    public async Task GetPricesAsync_Http418WithRetryAfter_NamesTheBanAndSendsNothingUntilTheWaitHasPassed()
    {
        Serve(418, """{"code":-1003,"msg":"Way too many requests; IP banned."}""", ("Retry-After", "120"));
        var prices = PricesOf(["LTCBTC"]);

        (await ReasonOfFailureAsync(prices)).Should()
            .Be("rate limited (HTTP 418, IP banned for repeating requests after a 429), retry after 120 s");
        Clock.Advance(TimeSpan.FromSeconds(119));

        (await ReasonOfFailureAsync(prices)).Should()
            .Be("rate limited (HTTP 418), no request to Binance before 2026-07-01 12:02:00 UTC (1 s from now)");
        Server.LogEntries.Should().ContainSingle("no request may be sent within the Retry-After window");
    }

    [Fact]
    public async Task GetPricesAsync_Http400_ThrowsBinanceMessageWithoutRetry()
    {
        (await FailureReasonAsync(400, BinanceBodies.InvalidSymbol)).Should().Be("HTTP 400: Invalid symbol. (Binance code -1121)");
        Server.LogEntries.Should().ContainSingle();
    }

    [Theory]
    [InlineData(BinanceBodies.Single, "unreadable response: a JSON object, not the array of prices")]
    [InlineData("""[{"symbol":"LTCBTC","price":4.000002}]""", "unreadable response: JSON of an unexpected shape at $[0].price")]
    [InlineData("""[{"price":"4.00000200"}]""", "unreadable response: entry 0 has no symbol")]
    [InlineData("[]", "unreadable response: an empty price list")]
    public async Task GetPricesAsync_UnexpectedBody_ThrowsUnreadableNamingTheProblem(string body, string expectedStart) =>
        (await FailureReasonAsync(200, body)).Should().StartWith(expectedStart);

    [Theory]
    [InlineData("abc")]
    [InlineData("4,000002")]
    [InlineData("4e-6")]
    [InlineData("-4.00000200")]
    [InlineData("")]
    public async Task GetPricesAsync_PriceNotPlainDecimal_ThrowsUnreadableNamingSymbolAndPrice(string price) =>
        (await FailureReasonAsync(200, $$"""[{"symbol":"ETHBTC","price":"0.07946600"},{"symbol":"LTCBTC","price":"{{price}}"}]"""))
            .Should().Be($"unreadable response: LTCBTC has price \"{price}\", not a decimal number");
}
