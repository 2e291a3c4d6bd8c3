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
    [InlineData("abc", "not a decimal number")]
    [InlineData("4,000002", "not a decimal number")]
    [InlineData("4e-6", "not a decimal number")]
    [InlineData("-4.00000200", "not a decimal number")]
    [InlineData("", "not a decimal number")]
    [InlineData("0.00000000", "not a price above zero")]
    public async Task GetPricesAsync_OneEntryWithoutAUsablePrice_OnlyThatSymbolIsUnpricedWithWhy(string price, string why)
    {
        Serve(200, $$"""[{"symbol":"ETHBTC","price":"0.07946600"},{"symbol":"LTCBTC","price":"{{price}}"}]""");

        var quotes = await PricesOf(["ETHBTC", "LTCBTC"])(CancellationToken.None);

        quotes.Prices.Should().Equal(new Dictionary<string, decimal> { ["ETHBTC"] = 0.079466m });
        quotes.Unpriced.Should().Equal(new Dictionary<string, string> { ["LTCBTC"] = $"LTCBTC has price \"{price}\", {why}" });
    }
}
