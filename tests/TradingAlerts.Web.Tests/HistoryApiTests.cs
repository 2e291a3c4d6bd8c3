using System.Net;
using System.Text.Json;
using TradingAlerts.Core.Prices;
using TradingAlerts.Core.Signals;

namespace TradingAlerts.Web.Tests;

/// <summary><c>GET /api/history</c> over prices kept in the store: the points it must give, and the errors it must name.</summary>
public sealed class HistoryApiTests : IDisposable
{
    private readonly WebHarness harness = new();
    private readonly ApiFactory factory;
    private readonly HttpClient http;

    public HistoryApiTests()
    {
        factory = new ApiFactory(harness, WebUiOptions.Loopback);
        http = factory.CreateClient();
    }

    public void Dispose()
    {
        http.Dispose();
        factory.Dispose();
        harness.Dispose();
    }

    [Fact]
    public async Task ApiHistory_PricesOfTwoExchanges_GivesEachInThePeriodOldestFirst()
    {
        var now = harness.Clock.GetUtcNow();
        await RecordAsync(ExchangeId.Binance, now.AddHours(-30), ("BTCUSDT", new SeenPrice(90_000m)));
        await RecordAsync(ExchangeId.Binance, now.AddHours(-2), ("BTCUSDT", new SeenPrice(97_000.5m, 97_100m, 96_950m)), ("ETHUSDT", new SeenPrice(3_000m)));
        await RecordAsync(ExchangeId.Binance, now.AddMinutes(-1), ("BTCUSDT", new SeenPrice(97_200m)));
        await RecordAsync(ExchangeId.Bybit, now.AddMinutes(-1), ("BTCUSDT", new SeenPrice(97_210m)));

        var response = await http.GetAsync("/api/history?symbol=BTC/USDT");

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var history = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        history.GetProperty("pair").GetString().Should().Be("BTC/USDT");
        history.GetProperty("from").GetDateTimeOffset().Should().Be(now.AddHours(-24));
        var exchanges = history.GetProperty("exchanges").EnumerateArray().ToDictionary(e => e.GetProperty("exchange").GetString()!);
        exchanges.Keys.Should().BeEquivalentTo(["binance", "bybit"], "Coinbase saw nothing; the price 30 hours ago is before the period");
        exchanges["binance"].GetProperty("symbol").GetString().Should().Be("BTCUSDT");
        exchanges["binance"].GetProperty("points").EnumerateArray()
            .Select(p => (p.GetProperty("time").GetDateTimeOffset(), p.GetProperty("price").GetDecimal(), p.GetProperty("high").ValueKind == JsonValueKind.Null ? (decimal?)null : p.GetProperty("high").GetDecimal()))
            .Should().Equal((now.AddHours(-2), 97_000.5m, 97_100m), (now.AddMinutes(-1), 97_200m, null));
        exchanges["bybit"].GetProperty("points")[0].GetProperty("price").GetDecimal().Should().Be(97_210m);
    }

    [Fact]
    public async Task ApiHistory_OneExchangeAndAShortPeriod_GivesOnlyThose_EvenWhenEmpty()
    {
        var now = harness.Clock.GetUtcNow();
        await RecordAsync(ExchangeId.Binance, now.AddHours(-2), ("BTCUSDT", new SeenPrice(97_000.5m)));

        var lastHour = JsonDocument.Parse(await http.GetStringAsync("/api/history?symbol=BTC/USDT&exchange=binance&since=1h")).RootElement;
        var coinbase = JsonDocument.Parse(await http.GetStringAsync("/api/history?symbol=BTC/USDT&exchange=coinbase")).RootElement;

        lastHour.GetProperty("exchanges").EnumerateArray().Single().GetProperty("points").GetArrayLength().Should().Be(0);
        var none = coinbase.GetProperty("exchanges").EnumerateArray().Single();
        none.GetProperty("symbol").GetString().Should().Be("BTC-USDT", "the exchange's own spelling of the pair");
        none.GetProperty("points").GetArrayLength().Should().Be(0);
    }

    [Theory]
    [InlineData("/api/history?symbol=BTC/USDT&since=91d", "since")]
    [InlineData("/api/history?symbol=BTC/USDT&exchange=kraken", "exchange")]
    [InlineData("/api/history?symbol=B", "symbol")]
    [InlineData("/api/history", "symbol")]
    public async Task ApiHistory_BadQuery_Is400NamingTheField(string url, string field)
    {
        var response = await http.GetAsync(url);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors").TryGetProperty(field, out _).Should().BeTrue();
    }

    private Task RecordAsync(ExchangeId exchange, DateTimeOffset at, params (string Symbol, SeenPrice Seen)[] symbols) =>
        harness.RecordPricesAsync(new PriceSample(exchange, at, symbols.ToDictionary(s => s.Symbol, s => s.Seen), at.AddDays(30)));
}
