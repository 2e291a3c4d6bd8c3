namespace TradingAlerts.Exchanges.Tests;

/// <summary>How one exchange's catalog is tested.</summary>
/// <param name="Path">The path it asks.</param>
/// <param name="Body">A good answer, as the exchange documents it.</param>
/// <param name="Query">The query parameters it sends.</param>
/// <param name="Listed">The instruments <paramref name="Body"/> lists, in its order; at least one of them halted.</param>
/// <param name="NewCatalog">A new catalog on a client and a clock.</param>
public sealed record CatalogCase(
    ExchangeId Exchange, string Path, IReadOnlyDictionary<string, string[]> Query, string Body, IReadOnlyList<Instrument> Listed, Func<HttpClient, TimeProvider, IExchangeCatalog> NewCatalog);

/// <summary>What every <see cref="IExchangeCatalog"/> does, besides <see cref="ExchangeSourceContract"/>.</summary>
public abstract class CatalogContract(CatalogCase documented) : ExchangeSourceContract(documented.Exchange, documented.Path, documented.Body)
{
    [Fact]
    public async Task GetInstrumentsAsync_DocumentedBody_MapsSymbolBaseQuoteAndStatusExactly()
    {
        Serve(200, GoodBody);
        var catalog = NewCatalog(Http);

        var instruments = await catalog.GetInstrumentsAsync(CancellationToken.None);

        instruments.Should().Equal(documented.Listed);
        documented.Listed.Should().Contain(i => !i.IsTrading, "the body lists a halted market");
        catalog.Exchange.Should().Be(Exchange);
        Counter.Count.Should().Be(1);
    }

    protected override IReadOnlyDictionary<string, string[]> Query => documented.Query;

    protected IExchangeCatalog NewCatalog(HttpClient client) => documented.NewCatalog(client, Clock);

    protected override Func<CancellationToken, Task> NewCall(HttpClient client)
    {
        var catalog = NewCatalog(client);
        return async ct => (await catalog.GetInstrumentsAsync(ct)).Should().Equal(documented.Listed);
    }
}
