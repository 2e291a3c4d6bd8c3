namespace TradingAlerts.Exchanges.Tests;

public sealed class CoinbasePriceSourceTests() : PriceSourceContract(CoinbaseBodies.Prices)
{
    [Fact]
    public async Task GetPricesAsync_SeveralProducts_AsksThemAllInOneRequest()
    {
        Serve(200, CoinbaseBodies.Products);

        var quotes = await PricesOf(["BTC-USD", "ETH-USD", "SOL-USD"])(CancellationToken.None);

        quotes.Prices.Keys.Should().BeEquivalentTo("BTC-USD", "ETH-USD");
        Queries().Should().ContainSingle().Which["product_ids"].Should().Equal("BTC-USD", "ETH-USD", "SOL-USD");
    }

    [Fact]
    public async Task GetPricesAsync_MoreProductsThanOneRequestHolds_AsksInBatchesOfOneHundred()
    {
        Serve(200, CoinbaseBodies.Products);
        var products = Enumerable.Range(0, 249).Select(i => $"COIN{i}-USD").Append("BTC-USD").ToList();

        var quotes = await PricesOf(products)(CancellationToken.None);

        quotes.Prices["BTC-USD"].Should().Be(140.21m);
        Queries().Select(q => q["product_ids"].Count).Should().Equal(100, 100, 50);
        Queries().SelectMany(q => q["product_ids"]).Should().Equal(products);
    }

    [Fact]
    public async Task GetPricesAsync_ProductWithoutPriceYet_IsAbsentAndTheOthersArePriced()
    {
        Serve(200, CoinbaseBodies.SpotProducts);

        var quotes = await PricesOf(["BTC-USD", "LUNA-USD"])(CancellationToken.None);

        quotes.Prices.Should().ContainKey("BTC-USD").And.NotContainKey("LUNA-USD", "its price is empty in the body");
    }

    [Theory]
    [InlineData(400, """{"message":"User-Agent header is required."}""", "HTTP 400: User-Agent header is required.")]
    [InlineData(404, """{"error":"NOT_FOUND","error_details":"product not found","message":"product not found"}""", "HTTP 404: product not found")]
    [InlineData(403, "<html>Forbidden</html>", "HTTP 403")]
    public async Task GetPricesAsync_Refused_ThrowsStatusAndCoinbasesWords(int status, string body, string expected)
    {
        (await FailureReasonAsync(status, body)).Should().Be(expected);
        Counter.Count.Should().Be(1);
    }
}
