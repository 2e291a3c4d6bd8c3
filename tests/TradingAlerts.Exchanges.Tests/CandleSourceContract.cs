using System.Globalization;

namespace TradingAlerts.Exchanges.Tests;

/// <summary>How one exchange's candle source is tested.</summary>
/// <param name="Body">A good answer, as the exchange documents it.</param>
/// <param name="Symbol">The symbol asked, as the exchange spells it.</param>
/// <param name="From">The start of the range asked.</param>
/// <param name="To">Its end, excluded.</param>
/// <param name="Expected">The candles of <paramref name="Body"/> in the range, oldest first, exactly.</param>
/// <param name="Requests">How the exchange's candle requests look.</param>
/// <param name="NewSource">A new source on a client and a clock.</param>
public sealed record CandleCase(
    ExchangeId Exchange, string Body, string Symbol, DateTimeOffset From, DateTimeOffset To, IReadOnlyList<Candle> Expected,
    CandleRequests Requests, Func<HttpClient, TimeProvider, ICandleSource> NewSource)
{
    /// <summary>Candles of consecutive minutes from <paramref name="first"/>, as (high, low, close).</summary>
    public static IReadOnlyList<Candle> Minutes(DateTimeOffset first, params (decimal High, decimal Low, decimal Close)[] prices) =>
        prices.Select((p, i) => new Candle(first.AddMinutes(i), p.High, p.Low, p.Close)).ToList();
}

/// <summary>
/// How one exchange's candle requests look: the path for a symbol, the parameters every request carries, the names
/// of its start and end parameters and their unit (ms or s), and the most candles one request returns.
/// </summary>
public sealed record CandleRequests(
    Func<string, string> PathOf, IReadOnlyDictionary<string, string> Fixed, string Start, string End, TimeSpan Unit, int PerRequest);

/// <summary>What every <see cref="ICandleSource"/> does, besides <see cref="ExchangeSourceContract"/>.</summary>
public abstract class CandleSourceContract(CandleCase documented)
    : ExchangeSourceContract(documented.Exchange, documented.Requests.PathOf(documented.Symbol), documented.Body)
{
    private readonly CandleRequests requests = documented.Requests;

    [Fact]
    public async Task GetMinuteCandlesAsync_OnePage_ReturnsCandlesOfTheRangeOldestFirstWithExactPrices()
    {
        Serve(200, GoodBody);
        var source = NewSource(Http);

        var candles = await source.GetMinuteCandlesAsync(documented.Symbol, documented.From, documented.To, CancellationToken.None);

        candles.Should().Equal(documented.Expected);
        source.Exchange.Should().Be(Exchange);
    }

    [Fact]
    public async Task GetMinuteCandlesAsync_RangeLongerThanOneRequest_PagesAtTheExchangeMaximum()
    {
        Serve(200, GoodBody);
        var pages = new[] { 0, requests.PerRequest, 2 * requests.PerRequest, (2 * requests.PerRequest) + 10 }
            .Select(minutes => documented.From.AddMinutes(minutes))
            .ToList();

        var candles = await NewSource(Http).GetMinuteCandlesAsync(documented.Symbol, pages[0], pages[^1], CancellationToken.None);

        candles.Should().BeInAscendingOrder(c => c.OpenTime).And.OnlyHaveUniqueItems(c => c.OpenTime);
        var queries = Queries();
        queries.Should().HaveCount(3);
        for (var page = 0; page < 3; page++)
        {
            queries[page][requests.Start].Should().Equal(InUnits(pages[page]));
            queries[page][requests.End].Should().Equal(InUnits(pages[page + 1], lessOne: true));
            queries[page]["limit"].Should().Equal(requests.PerRequest.ToString(CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public async Task GetMinuteCandlesAsync_NoWholeMinuteInRange_SendsNoRequest()
    {
        var from = documented.From.AddSeconds(10);

        var candles = await NewSource(Http).GetMinuteCandlesAsync(documented.Symbol, from, from.AddSeconds(40), CancellationToken.None);

        candles.Should().BeEmpty();
        Server.LogEntries.Should().BeEmpty();
    }

    /// <summary>The fixed parameters, then the range asked in the exchange's unit, its last unit included, and the page size.</summary>
    protected override IReadOnlyDictionary<string, string[]> Query =>
        requests.Fixed.Select(p => KeyValuePair.Create(p.Key, new[] { p.Value }))
            .Append(KeyValuePair.Create(requests.Start, new[] { InUnits(documented.From) }))
            .Append(KeyValuePair.Create(requests.End, new[] { InUnits(documented.To, lessOne: true) }))
            .Append(KeyValuePair.Create("limit", new[] { requests.PerRequest.ToString(CultureInfo.InvariantCulture) }))
            .ToDictionary();

    protected ICandleSource NewSource(HttpClient client) => documented.NewSource(client, Clock);

    protected override Func<CancellationToken, Task> NewCall(HttpClient client)
    {
        var source = NewSource(client);
        return async ct => (await source.GetMinuteCandlesAsync(documented.Symbol, documented.From, documented.To, ct))
            .Should().Equal(documented.Expected);
    }

    /// <summary><paramref name="time"/> in the exchange's unit since the Unix epoch, one unit less for an end.</summary>
    private string InUnits(DateTimeOffset time, bool lessOne = false) =>
        (((time - DateTimeOffset.UnixEpoch).Ticks / requests.Unit.Ticks) - (lessOne ? 1 : 0)).ToString(CultureInfo.InvariantCulture);
}
