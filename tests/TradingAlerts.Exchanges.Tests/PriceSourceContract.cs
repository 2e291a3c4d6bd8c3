using CsCheck;
using TradingAlerts.Testing;

namespace TradingAlerts.Exchanges.Tests;

/// <summary>How one exchange's price source is tested.</summary>
/// <param name="Path">The path it asks.</param>
/// <param name="Body">A good answer, as the exchange documents it.</param>
/// <param name="Quotes">The prices in <paramref name="Body"/>, exactly, keyed as the exchange spells its symbols.</param>
/// <param name="Query">The query parameters of the request for the symbols of <paramref name="Quotes"/>.</param>
/// <param name="IsCompleteListing">Whether such an answer lists every symbol of the exchange.</param>
/// <param name="RequestsFor">How many requests it takes to price a number of symbols.</param>
/// <param name="BtcUsdt">How the exchange spells the pair BTC/USDT.</param>
/// <param name="NewSource">A new source on a client and a clock.</param>
public sealed record PriceCase(
    ExchangeId Exchange, string Path, string Body, IReadOnlyDictionary<string, decimal> Quotes, IReadOnlyDictionary<string, string[]> Query, bool IsCompleteListing,
    Func<int, int> RequestsFor, string BtcUsdt, Func<HttpClient, TimeProvider, IPriceSource> NewSource);

/// <summary>What every <see cref="IPriceSource"/> does, besides <see cref="ExchangeSourceContract"/>.</summary>
public abstract class PriceSourceContract(PriceCase documented) : ExchangeSourceContract(documented.Exchange, documented.Path, documented.Body)
{
    [Fact]
    public async Task GetPricesAsync_DocumentedBody_ReturnsExactPricesKeyedAsTheExchangeSpellsThem()
    {
        Serve(200, GoodBody);
        var source = NewSource(Http);

        var quotes = await source.GetPricesAsync(documented.Quotes.Keys.ToList(), CancellationToken.None);

        quotes.Prices.Should().Contain(documented.Quotes);
        quotes.IsCompleteListing.Should().Be(documented.IsCompleteListing);
        source.Exchange.Should().Be(Exchange);
    }

    /// <summary>
    /// Any body, arbitrary text or the documented one with a span of it replaced: prices (each positive), or the
    /// exchange unavailable with the reason; never another exception, which would cost the whole cycle.
    /// </summary>
    [Fact]
    public void GetPricesAsync_AnyBody_PricesOrUnavailableWithAReason()
    {
        var body = GoodBody;
        var mutated = Gen.Select(Gen.Int[0, body.Length], Gen.Int[0, 30], Gen.OneOf(Gen.String[0, 12], Gen.Const("null"), Gen.Const("-1"), Gen.Const("1e400"), Gen.Const("\"0\""), Gen.Const("[]"), Gen.Const("{}"), Gen.Const("\"99999999999999999999999999999999\"")),
            (at, length, text) => body[..at] + text + body[Math.Min(body.Length, at + length)..]);
        var source = NewSource(Http);

        Gen.OneOf(Gen.String[0, 200], mutated).ForEach(150, text =>
        {
            Serve(200, text);
            try
            {
                var quotes = source.GetPricesAsync(documented.Quotes.Keys.ToList(), CancellationToken.None).GetAwaiter().GetResult();
                quotes.Prices.Values.Should().OnlyContain(p => p > 0m);
            }
            catch (ExchangeUnavailableException e)
            {
                e.Message.Should().NotBeNullOrWhiteSpace();
            }
        });
    }

    [Fact]
    public async Task GetPricesAsync_TwoHundredFiftySymbols_SendsAsFewRequestsAsTheExchangeAllows()
    {
        Serve(200, GoodBody);
        var symbols = Enumerable.Range(0, 250 - documented.Quotes.Count).Select(i => $"COIN{i}").Concat(documented.Quotes.Keys).ToList();

        var quotes = await PricesOf(symbols)(CancellationToken.None);

        quotes.Prices.Should().Contain(documented.Quotes);
        Counter.Count.Should().Be(documented.RequestsFor(250));
    }

    [Fact]
    public async Task GetPricesAsync_UnknownSymbol_IsAbsentNotAFailure()
    {
        Serve(200, GoodBody);

        var quotes = await PricesOf([.. documented.Quotes.Keys, "NOSUCHCOIN"])(CancellationToken.None);

        quotes.Prices.Should().Contain(documented.Quotes).And.NotContainKey("NOSUCHCOIN");
    }

    [Theory]
    [InlineData("BTC", "USDT")]
    [InlineData(" btc", "usdt ")]
    public void SymbolFor_BaseAndQuote_SpellsThePairAsTheExchangeDoes(string baseAsset, string quoteAsset) =>
        NewSource(Http).SymbolFor(baseAsset, quoteAsset).Should().Be(documented.BtcUsdt);

    [Fact]
    public async Task GetPricesAsync_NoSymbols_SendsNoRequest()
    {
        var quotes = await PricesOf([])(CancellationToken.None);

        quotes.Prices.Should().BeEmpty();
        quotes.IsCompleteListing.Should().BeFalse("an empty answer must not mark every symbol as unlisted");
        Server.LogEntries.Should().BeEmpty();
    }

    protected override IReadOnlyDictionary<string, string[]> Query => documented.Query;

    protected IPriceSource NewSource(HttpClient client) => documented.NewSource(client, Clock);

    /// <summary>A call of one new source on <see cref="ExchangeSourceContract.Http"/> for <paramref name="symbols"/>.</summary>
    protected Func<CancellationToken, Task<PriceQuotes>> PricesOf(IReadOnlyCollection<string> symbols)
    {
        var source = NewSource(Http);
        return ct => source.GetPricesAsync(symbols, ct);
    }

    protected override Func<CancellationToken, Task> NewCall(HttpClient client)
    {
        var source = NewSource(client);
        return async ct => (await source.GetPricesAsync(documented.Quotes.Keys.ToList(), ct)).Prices.Should().Contain(documented.Quotes);
    }
}
