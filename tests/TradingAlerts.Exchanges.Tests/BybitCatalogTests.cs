using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace TradingAlerts.Exchanges.Tests;

public sealed class BybitCatalogTests() : CatalogContract(BybitBodies.Catalog)
{
    private const string InstrumentsPath = "/v5/market/instruments-info";

    [Fact]
    public async Task GetInstrumentsAsync_NextPageCursor_FollowsItUntilTheLastPage()
    {
        // The lower priority number wins: a request with the cursor gets the second page.
        Server.Given(Request.Create().WithPath(InstrumentsPath).WithParam("cursor", "page2").UsingGet()).AtPriority(1)
            .RespondWith(Response.Create().WithBody(BybitBodies.InstrumentsPage("ETHUSDT", "ETH", string.Empty)));
        Server.Given(Request.Create().WithPath(InstrumentsPath).UsingGet()).AtPriority(2)
            .RespondWith(Response.Create().WithBody(BybitBodies.InstrumentsPage("BTCUSDT", "BTC", "page2")));

        var instruments = await NewCatalog(Http).GetInstrumentsAsync(CancellationToken.None);

        instruments.Select(i => i.Symbol).Should().Equal("BTCUSDT", "ETHUSDT");
        var queries = Queries();
        queries.Should().HaveCount(2);
        queries[0].Should().NotContainKey("cursor");
        queries[1]["cursor"].Should().Equal("page2");
        queries.Should().AllSatisfy(q => q["category"].Should().Equal("spot"));
    }

    [Fact]
    public async Task GetInstrumentsAsync_CursorThatRepeats_StopsInsteadOfLooping()
    {
        Serve(200, BybitBodies.InstrumentsPage("BTCUSDT", "BTC", "again"));

        var instruments = await NewCatalog(Http).GetInstrumentsAsync(CancellationToken.None);

        Counter.Count.Should().Be(2, "the first page, then the cursor once");
        instruments.Should().HaveCount(2);
    }

    [Fact]
    public async Task GetInstrumentsAsync_RetCode10009_ThrowsRegionReason() =>
        (await FailureReasonAsync(200, BybitBodies.Error(10009, "Service Restricted: region")))
            .Should().StartWith("Bybit refuses this region (restricted location), Bybit code 10009");
}
