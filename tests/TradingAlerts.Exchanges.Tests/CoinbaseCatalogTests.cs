namespace TradingAlerts.Exchanges.Tests;

public sealed class CoinbaseCatalogTests() : CatalogContract(CoinbaseBodies.Catalog)
{
    [Theory]
    [InlineData("cancel_only")]
    [InlineData("auction_mode")]
    [InlineData("is_disabled")]
    public async Task GetInstrumentsAsync_OnlineProductWithTradingFlag_IsNotTrading(string flag)
    {
        Serve(200, $$"""{"products":[{"product_id":"BTC-USD","status":"online","{{flag}}":true,"quote_currency_id":"USD","base_currency_id":"BTC"}]}""");

        var instruments = await NewCatalog(Http).GetInstrumentsAsync(CancellationToken.None);

        instruments.Should().ContainSingle().Which.IsTrading.Should().BeFalse();
    }
}
