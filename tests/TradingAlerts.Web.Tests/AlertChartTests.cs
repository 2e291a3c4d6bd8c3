using System.Text.RegularExpressions;
using TradingAlerts.Core.Notifications;
using TradingAlerts.Core.Pipeline;
using TradingAlerts.Core.Prices;
using TradingAlerts.Core.Signals;
using TradingAlerts.Testing;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace TradingAlerts.Web.Tests;

/// <summary>
/// The alert page's chart over 1 h, 24 h and 7 d: the week of Binance candles in <see cref="BacktestWeek"/> (now is
/// 2026-11-25 12:00 UTC), through the candle cache, with the prices the checks kept as dots and the alert's firings.
/// </summary>
public sealed partial class AlertChartTests : IDisposable
{
    private readonly WebHarness harness = new();
    private readonly ApiFactory factory;
    private readonly HttpClient http;

    public AlertChartTests()
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

    [Theory]
    [InlineData("1h", 58, "one-minute")] // 11:00 to 11:57: the last two minutes may still be being completed by the exchange
    [InlineData("24h", 96, "15-minute")]
    [InlineData("7d", 168, "hourly")]
    public async Task EachRange_DrawsItsCandles_AndAReloadAsksTheExchangeNothing(string range, int candles, string named)
    {
        var week = BacktestWeek.Serve(harness);
        var alert = await harness.AddAsync("BTCUSDT", "crosses_up", "100000");

        var page = await http.GetStringAsync($"/alerts/{alert.Id}?range={range}");
        var asked = week.Requests.Count;
        var again = await http.GetStringAsync($"/alerts/{alert.Id}?range={range}");

        Candles().Count(page).Should().Be(candles);
        page.Should().Contain($"{candles} {named} candles of binance BTCUSDT");
        page.Should().Contain($"href=\"/alerts/{alert.Id}?range={range}\" aria-current=\"page\"");
        Regex.Count(page, "aria-current=\"page\"").Should().Be(1, "only this range's link is current");
        asked.Should().BeGreaterThan(0);
        week.Requests.Count.Should().Be(asked, "every settled minute shown was kept in the candle cache");
        Chart().Match(again).Value.Should().Be(Chart().Match(page).Value);
    }

    [Fact]
    public async Task NoRangeAsked_ShowsTheLast24Hours_AndAnUnknownOneSaysSo()
    {
        BacktestWeek.Serve(harness);
        var alert = await harness.AddAsync("BTCUSDT", "crosses_up", "100000");

        var plain = await http.GetStringAsync($"/alerts/{alert.Id}");
        var odd = await http.GetStringAsync($"/alerts/{alert.Id}?range=3y");

        Candles().Count(plain).Should().Be(96);
        plain.Should().Contain($"href=\"/alerts/{alert.Id}?range=24h\" aria-current=\"page\"");
        odd.Should().Contain("There is no range &#x27;3y&#x27; (only 1h, 24h, 7d); showing 24 h.");
        Candles().Count(odd).Should().Be(96);
    }

    [Fact]
    public async Task TheChecksPrices_AreDots_AndEachFiringAMarker_OncePerFiringNotPerChannel()
    {
        BacktestWeek.Serve(harness);
        var now = harness.Clock.GetUtcNow();
        var alert = await harness.AddAsync("BTCUSDT", "above", "100000");
        foreach (var minutes in new[] { 50, 40, 30 })
            await harness.RecordPricesAsync(new PriceSample(ExchangeId.Binance, now.AddMinutes(-minutes), new Dictionary<string, SeenPrice> { ["BTCUSDT"] = new(99_000m + minutes) }, now.AddDays(30)));
        await harness.RecordPricesAsync(new PriceSample(ExchangeId.Binance, now.AddHours(-3), new Dictionary<string, SeenPrice> { ["BTCUSDT"] = new(98_000m) }, now.AddDays(30)));
        var snapshot = SignalSnapshot.From(alert);
        var firing = SignalFactory.FiringFor(snapshot, now.AddMinutes(-20)) with { Price = 100_050m };
        var telegram = firing with { TriggerId = Delivery.TriggerIdFor(snapshot.Id, snapshot.Version, firing.CycleId, Channels.Telegram), Channel = Channels.Telegram };
        (await harness.Store.ClaimTriggerAsync(snapshot, [firing, telegram], new SignalState(SignalStatus.Triggered), CancellationToken.None)).Should().BeTrue();

        var hour = await http.GetStringAsync($"/alerts/{alert.Id}?range=1h");
        var day = await http.GetStringAsync($"/alerts/{alert.Id}?range=24h");

        Regex.Count(hour, "<circle class=\"seen\"").Should().Be(3, "the sample three hours ago is outside the hour");
        Regex.Count(day, "<circle class=\"seen\"").Should().Be(4);
        Regex.Count(hour, "<circle class=\"firing on-close\"").Should().Be(1, "one firing, delivered on two channels");
        hour.Should().Contain("Fired 2026-11-25 11:40:00 UTC at 100,050 (bybit)", "the price that fired it was bybit's");
        hour.Should().Contain("3 prices the checks saw (blue dots), the last 99,030.");
        hour.Should().Contain("circles: its firings (1 in this period).");
    }

    [Fact]
    public async Task ExchangeRefusingCandles_TheChecksPricesStillShow_AndThePageSaysWhy()
    {
        harness.Exchanges.Binance.Given(Request.Create().WithPath("/api/v3/klines").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(503).WithHeader("Content-Type", "text/html").WithBody("<html>Service Unavailable</html>"));
        var now = harness.Clock.GetUtcNow();
        var alert = await harness.AddAsync("BTCUSDT", "above", "102000");
        await harness.RecordPricesAsync(new PriceSample(ExchangeId.Binance, now.AddMinutes(-5), new Dictionary<string, SeenPrice> { ["BTCUSDT"] = new(100_000m, 100_100m, 99_900m) }, now.AddDays(30)));

        var page = await http.GetStringAsync($"/alerts/{alert.Id}?range=1h");

        Candles().Count(page).Should().Be(0);
        Regex.Count(page, "<circle class=\"seen\"").Should().Be(1);
        page.Should().Contain("<span>No candles: binance");
        page.Should().Contain("1 price the checks saw (blue dots), the last 100,000.");
    }

    [Fact]
    public async Task NeitherCandlesNorKeptPrices_SaysNoPricesYetAndWhatWouldGiveSome()
    {
        harness.Exchanges.BinanceKlines();
        var alert = await harness.AddAsync("BTCUSDT", "above", "102000");

        var page = await http.GetStringAsync($"/alerts/{alert.Id}?range=1h");

        page.Should().NotContain("<svg class=\"chart\"");
        page.Should().Contain("No prices yet for this range — binance had no candles for BTCUSDT, and no check has kept its price here.");
    }

    [GeneratedRegex("<svg class=\"chart\".*?</svg>", RegexOptions.Singleline)]
    private static partial Regex Chart();

    [GeneratedRegex("<g class=\"candle (up|down)\">")]
    private static partial Regex Candles();
}
