using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using TradingAlerts.Sheets;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace TradingAlerts.Web.Tests;

/// <summary>
/// <c>GET /api/backtest</c> on a real Kestrel port (what <c>serve</c> runs), over a stub Binance serving the week of
/// <see cref="BacktestWeek"/> in its own kline shape and page limit.
/// </summary>
public sealed class BacktestApiTests : IAsyncLifetime
{
    private readonly WebHarness harness = new();
    private readonly HttpClient http = new();
    private WebApplication app = null!;

    public async Task InitializeAsync()
    {
        app = WebUi.Build(harness.Services(new SheetsNotConfigured()), WebUiOptions.Loopback with { Port = 0 });
        await app.StartAsync();
        http.BaseAddress = WebUi.AddressOf(app);
    }

    [Fact]
    public async Task Backtest_AScriptedWeek_GivesTheFiringsItsTruthSays_AndTheSameJsonAsTheCli()
    {
        var history = BacktestWeek.Serve(harness);

        var response = await http.GetAsync($"/api/backtest?{BacktestWeek.Query}&since=7d");

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        var text = await response.Content.ReadAsStringAsync();
        var json = JsonDocument.Parse(text).RootElement;
        json.GetProperty("exchange").GetString().Should().Be("binance");
        json.GetProperty("symbol").GetString().Should().Be("BTCUSDT");
        json.GetProperty("from").GetString().Should().Be("2026-11-18T12:00:00Z");
        json.GetProperty("to").GetString().Should().Be("2026-11-25T12:00:00Z");
        json.GetProperty("candles").GetInt32().Should().Be((7 * 1440) - 5);
        json.GetProperty("firings").EnumerateArray()
            .Select(f => (f.GetProperty("time").GetDateTimeOffset(), f.GetProperty("price").GetDecimal(), f.GetProperty("wick").GetBoolean()))
            .Should().Equal((BacktestWeek.FirstFiring, 100_200m, false), (BacktestWeek.SecondFiring, 100_050m, true));
        json.GetProperty("pushes").GetInt32().Should().Be(2);
        json.GetProperty("paused").GetArrayLength().Should().Be(0);
        var gap = json.GetProperty("gaps").EnumerateArray().Single();
        (gap.GetProperty("from").GetDateTimeOffset(), gap.GetProperty("to").GetDateTimeOffset()).Should().Be((BacktestWeek.GapFrom, BacktestWeek.GapTo));
        json.GetProperty("unchecked").GetInt32().Should().Be(0);
        history.Requests.Should().HaveCount(14, "seven days, each two pages of at most 1000 minutes");

        var cli = await harness.RunCliAsync("backtest", "--exchange", "binance", "--symbol", "BTCUSDT", "--condition", "crosses_up", "--target", "100000",
            "--frequency", "rearm", "--hysteresis", "0.5", "--since", "7d", "--json");
        cli.ExitCode.Should().Be(0, cli.Error);
        JsonNode.DeepEquals(JsonNode.Parse(cli.Out), JsonNode.Parse(text)).Should().BeTrue($"the CLI wrote {cli.Out}");
        (await harness.ListAsync()).Should().BeEmpty("a backtest saves nothing");
    }

    [Fact]
    public async Task Backtest_AnExistingAlertById_RunsItsOwnRule()
    {
        BacktestWeek.Serve(harness);
        var signal = await harness.AddAsync("BTCUSDT", "above", "100000");

        var response = await http.GetAsync($"/api/backtest?id={signal.Id}&from=2026-11-20&to=2026-11-25");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        json.GetProperty("from").GetDateTimeOffset().Should().Be(new DateTimeOffset(2026, 11, 20, 0, 0, 0, TimeSpan.Zero));
        json.GetProperty("firings").EnumerateArray().Select(f => f.GetProperty("time").GetDateTimeOffset())
            .Should().Equal([BacktestWeek.FirstFiring], "above fires once, at the first close over the target, then is done");
    }

    [Fact]
    public async Task Backtest_BadFields_400ProblemNamingEachFieldAndNothingAsked()
    {
        var history = BacktestWeek.Serve(harness);

        var response = await http.GetAsync("/api/backtest?exchange=binance&symbol=BTCUSDT&condition=above&target_price=abc&since=91d");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var errors = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        errors.EnumerateObject().Select(e => e.Name).Should().BeEquivalentTo(["target_price", "since"]);
        errors.GetProperty("target_price")[0].GetString().Should().Contain("got 'abc'");
        errors.GetProperty("since")[0].GetString().Should().Contain("from 1m to 90d");
        history.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task Backtest_AnIdWithTheFieldsOfANewAlert_400NamingId()
    {
        var response = await http.GetAsync("/api/backtest?id=abc&condition=above");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var errors = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        errors.EnumerateObject().Select(e => e.Name).Should().Equal("id");
    }

    [Fact]
    public async Task Backtest_UnknownId_404()
    {
        var response = await http.GetAsync("/api/backtest?id=no-such-alert");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await response.Content.ReadAsStringAsync()).Should().Contain("no alert with id 'no-such-alert'");
    }

    [Fact]
    public async Task Backtest_ExchangeCannotGiveCandles_503WithItsReason()
    {
        harness.Exchanges.Binance.Given(Request.Create().WithPath("/api/v3/klines").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(400).WithHeader("Content-Type", "application/json").WithBody("""{"code":-1121,"msg":"Invalid symbol."}"""));

        var response = await http.GetAsync($"/api/backtest?{BacktestWeek.Query}&since=1d");

        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString()
            .Should().StartWith("no candles from binance: ");
    }

    public async Task DisposeAsync()
    {
        http.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
        harness.Dispose();
    }
}
