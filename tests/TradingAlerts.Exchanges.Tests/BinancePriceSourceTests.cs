using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Time.Testing;
using TradingAlerts.Core.Prices;
using TradingAlerts.Core.Signals;
using TradingAlerts.Exchanges.Binance;
using TradingAlerts.Http;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace TradingAlerts.Exchanges.Tests;

public sealed class BinancePriceSourceTests : IDisposable
{
    private const string TickerPath = "/api/v3/ticker/price";

    /// <summary>Real (system-clock) retry delays of a few ms, and timeouts generous enough for a cold first request.</summary>
    private static readonly HttpRetryOptions FastRetries = new()
    {
        MaxRetries = 2,
        BaseDelay = TimeSpan.FromMilliseconds(5),
        AttemptTimeout = TimeSpan.FromSeconds(5),
        TotalTimeout = TimeSpan.FromSeconds(20),
    };

    private static readonly string[] Asked = ["LTCBTC", "ETHBTC"];

    private readonly WireMockServer server = WireMockServer.Start();
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 7, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly RequestCounter counter = new();
    private readonly HttpClient http;
    private readonly BinancePriceSource source;

    public BinancePriceSourceTests()
    {
        http = ResilientHttp.Create(new Uri(server.Url!), FastRetries, counter);
        source = new BinancePriceSource(http, clock);
    }

    public void Dispose()
    {
        http.Dispose();
        server.Stop();
        server.Dispose();
    }

    [Fact]
    public async Task GetPricesAsync_DocumentedBody_ParsesExactDecimals()
    {
        Serve(200, BinanceBodies.WithLargePrice);

        var quotes = await source.GetPricesAsync(Asked, CancellationToken.None);

        quotes.Prices["LTCBTC"].Should().Be(4.000002m);
        quotes.Prices["ETHBTC"].Should().Be(0.079466m);
        quotes.Prices["BTCUSDT"].Should().Be(123456789012.12345678m);
        quotes.IsCompleteListing.Should().BeTrue();
        source.Exchange.Should().Be(ExchangeId.Binance);
    }

    [Fact]
    public async Task GetPricesAsync_FiveHundredSymbols_SendsOneRequestWithoutSymbolParameter()
    {
        Serve(200, BinanceBodies.Multiple);
        var symbols = Enumerable.Range(0, 499).Select(i => $"COIN{i}USDT").Append("LTCBTC").ToList();

        var quotes = await source.GetPricesAsync(symbols, CancellationToken.None);

        quotes.Prices["LTCBTC"].Should().Be(4.000002m);
        server.LogEntries.Should().ContainSingle();
        var request = server.LogEntries.Single().RequestMessage;
        request.Path.Should().Be(TickerPath);
        request.Query.Should().BeNullOrEmpty();
        counter.Count.Should().Be(1);
    }

    [Fact]
    public async Task GetPricesAsync_AnyRequest_SendsTradingAlertsUserAgent()
    {
        Serve(200, BinanceBodies.Multiple);

        await source.GetPricesAsync(Asked, CancellationToken.None);

        var headers = server.LogEntries.Single().RequestMessage.Headers!;
        headers["User-Agent"].Should().ContainSingle().Which.Should().Be("TradingAlerts/1.0");
    }

    [Fact]
    public async Task GetPricesAsync_UnknownSymbol_IsAbsentFromCompleteListing()
    {
        Serve(200, BinanceBodies.Multiple);

        var quotes = await source.GetPricesAsync(["LTCBTC", "NOSUCHCOIN"], CancellationToken.None);

        quotes.Prices.Should().ContainKey("LTCBTC").And.NotContainKey("NOSUCHCOIN");
        quotes.IsCompleteListing.Should().BeTrue();
    }

    [Fact]
    public async Task GetPricesAsync_Http451RestrictedLocation_ThrowsNamedRegionReason()
    {
        Serve(451, BinanceBodies.RestrictedLocation);

        var reason = await ReasonOfFailureAsync();

        reason.Should().StartWith("Binance refuses this region (restricted location), HTTP 451");
        reason.Should().Contain("eu-central-1");
        server.LogEntries.Should().ContainSingle("a 451 is an answer, not a transient failure");
    }

    [Theory]
    [InlineData(429)]
    [InlineData(418)]
    public async Task GetPricesAsync_RateLimitedWithRetryAfter_SendsNothingUntilTheWaitHasPassed(int status)
    {
        server.Given(Request.Create().WithPath(TickerPath).UsingGet())
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Retry-After", "30")
                .WithBody("""{"code":-1003,"msg":"Too many requests."}"""));

        var first = await ReasonOfFailureAsync();
        first.Should().StartWith($"rate limited (HTTP {status}").And.Contain("retry after 30 s");
        server.LogEntries.Should().ContainSingle("429 and 418 are never retried");

        clock.Advance(TimeSpan.FromSeconds(29));
        var second = await ReasonOfFailureAsync();
        second.Should().StartWith($"rate limited (HTTP {status})").And.Contain("1 s from now");
        server.LogEntries.Should().ContainSingle("no request may be sent within the Retry-After window");

        server.ResetMappings();
        Serve(200, BinanceBodies.Multiple);
        clock.Advance(TimeSpan.FromSeconds(2));
        var quotes = await source.GetPricesAsync(Asked, CancellationToken.None);

        quotes.Prices["LTCBTC"].Should().Be(4.000002m);
        server.LogEntries.Should().HaveCount(2);
    }

    [Fact]
    public async Task GetPricesAsync_503ThenOk_ReturnsPricesAfterTwoRequests()
    {
        server.Given(Request.Create().WithPath(TickerPath).UsingGet())
            .InScenario("flaky").WillSetStateTo("recovered")
            .RespondWith(Response.Create().WithStatusCode(503));
        server.Given(Request.Create().WithPath(TickerPath).UsingGet())
            .InScenario("flaky").WhenStateIs("recovered")
            .RespondWith(Response.Create().WithStatusCode(200).WithBody(BinanceBodies.Multiple));

        var quotes = await source.GetPricesAsync(Asked, CancellationToken.None);

        quotes.Prices["ETHBTC"].Should().Be(0.079466m);
        server.LogEntries.Should().HaveCount(2);
        counter.Count.Should().Be(2);
    }

    [Fact]
    public async Task GetPricesAsync_Always503_ThrowsAfterThreeAttempts()
    {
        Serve(503, "Service Unavailable");

        var reason = await ReasonOfFailureAsync();

        reason.Should().Be("HTTP 503 after 3 attempts");
        server.LogEntries.Should().HaveCount(3);
        counter.Count.Should().Be(3);
    }

    [Fact]
    public async Task GetPricesAsync_Http400_ThrowsBinanceMessageWithoutRetry()
    {
        Serve(400, BinanceBodies.InvalidSymbol);

        var reason = await ReasonOfFailureAsync();

        reason.Should().Be("HTTP 400: Invalid symbol. (Binance code -1121)");
        server.LogEntries.Should().ContainSingle();
    }

    [Fact]
    public async Task GetPricesAsync_AnswerSlowerThanAttemptTimeout_ThrowsTimeoutReason()
    {
        server.Given(Request.Create().WithPath(TickerPath).UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithBody(BinanceBodies.Multiple).WithDelay(TimeSpan.FromSeconds(1)));
        using var impatient = ResilientHttp.Create(
            new Uri(server.Url!),
            FastRetries with { AttemptTimeout = TimeSpan.FromMilliseconds(100) });
        var impatientSource = new BinancePriceSource(impatient, clock);

        var failure = await FluentActions.Awaiting(() => impatientSource.GetPricesAsync(Asked, CancellationToken.None))
            .Should().ThrowAsync<ExchangeUnavailableException>();

        failure.Which.Reason.Should().Be("no answer within 0.1 s, after 3 attempts");
    }

    [Fact]
    public async Task GetPricesAsync_NothingListening_ThrowsCannotConnect()
    {
        var port = UnusedLoopbackPort();
        using var nowhere = ResilientHttp.Create(new Uri($"http://127.0.0.1:{port}"), FastRetries);
        var unreachable = new BinancePriceSource(nowhere, clock);

        var failure = await FluentActions.Awaiting(() => unreachable.GetPricesAsync(Asked, CancellationToken.None))
            .Should().ThrowAsync<ExchangeUnavailableException>();

        failure.Which.Reason.Should().StartWith($"cannot connect to 127.0.0.1:{port}: ");
        failure.Which.Exchange.Should().Be(ExchangeId.Binance);
    }

    [Theory]
    [InlineData("<!DOCTYPE html><html><body>Cloudflare: checking your browser</body></html>", "unreadable response: an HTML page, not JSON")]
    [InlineData("""[{"symbol":"LTCBTC","price":"4.00000200"},{"symbol":"ETHBTC","pri""", "unreadable response: malformed or truncated JSON")]
    [InlineData(BinanceBodies.Single, "unreadable response: a JSON object, not the array of prices")]
    [InlineData("""[{"symbol":"LTCBTC","price":4.000002}]""", "unreadable response: JSON of an unexpected shape at $[0].price")]
    [InlineData("""[{"price":"4.00000200"}]""", "unreadable response: entry 0 has no symbol")]
    [InlineData("[]", "unreadable response: an empty price list")]
    [InlineData("", "unreadable response: an empty body")]
    public async Task GetPricesAsync_UnexpectedBody_ThrowsUnreadableNamingTheProblem(string body, string expectedStart)
    {
        Serve(200, body);

        var reason = await ReasonOfFailureAsync();

        reason.Should().StartWith(expectedStart);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("4,000002")]
    [InlineData("4e-6")]
    [InlineData("-4.00000200")]
    [InlineData("")]
    public async Task GetPricesAsync_PriceNotPlainDecimal_ThrowsUnreadableNamingSymbolAndPrice(string price)
    {
        Serve(200, $$"""[{"symbol":"ETHBTC","price":"0.07946600"},{"symbol":"LTCBTC","price":"{{price}}"}]""");

        var reason = await ReasonOfFailureAsync();

        reason.Should().Be($"unreadable response: LTCBTC has price \"{price}\", not a decimal number");
    }

    [Fact]
    public async Task GetPricesAsync_CallerCancels_ThrowsOperationCanceled()
    {
        server.Given(Request.Create().WithPath(TickerPath).UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithBody(BinanceBodies.Multiple).WithDelay(TimeSpan.FromSeconds(1)));
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await FluentActions.Awaiting(() => source.GetPricesAsync(Asked, cancellation.Token))
            .Should().ThrowAsync<OperationCanceledException>();
    }

    [Fact]
    public async Task GetPricesAsync_NoSymbols_SendsNoRequest()
    {
        var quotes = await source.GetPricesAsync([], CancellationToken.None);

        quotes.Prices.Should().BeEmpty();
        quotes.IsCompleteListing.Should().BeFalse("an empty answer must not mark every symbol as unlisted");
        server.LogEntries.Should().BeEmpty();
    }

    private void Serve(int status, string body) =>
        server.Given(Request.Create().WithPath(TickerPath).UsingGet())
            .RespondWith(Response.Create().WithStatusCode(status).WithBody(body));

    private async Task<string> ReasonOfFailureAsync()
    {
        var failure = await FluentActions.Awaiting(() => source.GetPricesAsync(Asked, CancellationToken.None))
            .Should().ThrowAsync<ExchangeUnavailableException>();
        failure.Which.Exchange.Should().Be(ExchangeId.Binance);
        return failure.Which.Reason;
    }

    private static int UnusedLoopbackPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
