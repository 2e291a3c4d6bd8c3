namespace TradingAlerts.Exchanges.Tests;

public sealed class BinanceCatalogTests() : CatalogContract(BinanceBodies.Catalog)
{
    [Fact]
    public async Task GetInstrumentsAsync_Http451_ThrowsNamedRegionReason() =>
        (await FailureReasonAsync(451, BinanceBodies.RestrictedLocation))
            .Should().StartWith("Binance refuses this region (restricted location), HTTP 451");

    [Theory]
    [InlineData("""{"symbols":[{"symbol":"ETHBTC","status":"TRADING","quoteAsset":"BTC","isSpotTradingAllowed":true}]}""", "instrument ETHBTC has no base asset")]
    [InlineData("""{"symbols":[{"status":"TRADING","baseAsset":"ETH","quoteAsset":"BTC"}]}""", "instrument 0 has no symbol")]
    [InlineData("""{"timezone":"UTC"}""", "exchange information without a \"symbols\" list")]
    public async Task GetInstrumentsAsync_IncompleteBody_ThrowsUnreadableNamingWhatIsMissing(string body, string missing) =>
        (await FailureReasonAsync(200, body)).Should().Be($"unreadable response: {missing}");
}
