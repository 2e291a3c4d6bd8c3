using System.Net;
using System.Text;
using System.Text.Json;
using CsCheck;
using TradingAlerts.Testing;

namespace TradingAlerts.Web.Tests;

/// <summary>The JSON API on the in-memory server: validation, problem details, masking, the sheet sync.</summary>
public sealed class ApiTests : IDisposable
{
    private readonly WebHarness harness = new();
    private readonly SheetSyncDouble sheets = new();
    private readonly ApiFactory factory;
    private readonly HttpClient http;

    public ApiTests()
    {
        factory = new ApiFactory(harness, WebUiOptions.Loopback, sheets);
        http = factory.CreateClient();
    }

    [Fact]
    public async Task PostSignal_Valid_201WithLocationSnakeCaseAndStored()
    {
        var response = await PostJsonAsync("/api/signals", """{"exchange":"binance","symbol":"btc/usdt","condition":"above","target_price":"105,000.50","name":"BTC breakout","user_id":"uQiRzpo4DXghDmr9QzzfQu27cmVRsG"}""");

        response.StatusCode.Should().Be(HttpStatusCode.Created);
        var body = await JsonAsync(response);
        var id = body.GetProperty("id").GetString()!;
        response.Headers.Location!.ToString().Should().Be($"/api/signals/{id}");
        body.GetProperty("target_price").GetDecimal().Should().Be(105000.50m);
        body.GetProperty("symbol").GetString().Should().Be("BTCUSDT");
        body.GetProperty("source").GetString().Should().Be("ui");
        body.GetProperty("user_id").GetString().Should().Be("uQiR…sG", "Pushover keys are shown masked");
        body.GetProperty("warnings").GetArrayLength().Should().Be(0);

        var stored = await harness.Store.GetAsync(id, CancellationToken.None);
        stored!.UserId.Should().Be(WebHarness.UserKey, "only the display is masked");
        stored.Base.Should().Be("BTC");
    }

    [Fact]
    public async Task PostSignal_BadFields_400ProblemDetailsKeyedBySnakeCaseFieldAndNothingStored()
    {
        var response = await PostJsonAsync("/api/signals", """{"exchange":"kraken","symbol":"BTCUSDT","condition":"sideways","target_price":-5}""");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = await JsonAsync(response);
        problem.GetProperty("status").GetInt32().Should().Be(400);
        var errors = problem.GetProperty("errors");
        errors.GetProperty("exchange")[0].GetString().Should().Contain("must be one of binance | bybit | coinbase (got 'kraken')");
        errors.GetProperty("condition")[0].GetString().Should().Contain("got 'sideways'");
        errors.GetProperty("target_price")[0].GetString().Should().Contain("must be a positive number").And.Contain("got '-5'");
        errors.EnumerateObject().Select(e => e.Name).Should().BeEquivalentTo(["exchange", "condition", "target_price"]);
        (await harness.ListAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task PostSignal_CooldownLongerThanAnyTimeSpan_400NamingCooldown()
    {
        var response = await PostJsonAsync("/api/signals", """{"exchange":"binance","symbol":"BTCUSDT","condition":"above","target_price":"1","frequency":"rearm","cooldown":"99999999d"}""");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var errors = (await JsonAsync(response)).GetProperty("errors");
        errors.GetProperty("cooldown")[0].GetString().Should().Contain("at most 7d (got '99999999d')");
        (await harness.ListAsync()).Should().BeEmpty();
    }

    /// <summary>
    /// Any JSON body, with any value in any field the API reads: 201 with the alert, or 400 naming what is wrong; never
    /// a 500. Every alert answered 201 is stored, and nothing else.
    /// </summary>
    [Fact]
    public void PostSignal_AnyJson_CreatedOrProblemNeverAServerError()
    {
        string[] fields = ["name", "symbol", "target_price", "low", "high", "pct", "window", "direction", "frequency", "hysteresis", "cooldown", "channels", "urgent", "template", "expires_at", "user_id", "notes"];
        var value = Gen.OneOf(
            Gen.String[0, 20].Select(t => System.Text.Json.JsonSerializer.Serialize(t)),
            Gen.Select(Gen.Char["0123456789"].Array[1, 30], Gen.Char["smhd"], (digits, unit) => $"\"{new string(digits)}{unit}\""),
            Gen.OneOf(Gen.Const("null"), Gen.Const("true"), Gen.Const("-1e400"), Gen.Const("1e400"), Gen.Const("[]"), Gen.Const("{}"), Gen.Const("12345678901234567890123456789012")));
        var body = Gen.Select(Gen.Int[0, fields.Length - 1], value, Gen.Int[0, 2], (field, text, condition) =>
            $$"""{"exchange":"binance","symbol":"BTCUSDT","condition":"{{new[] { "above", "channel_exit", "pct_move" }[condition]}}","target_price":"1","{{fields[field]}}":{{text}}}""");
        var created = 0;

        body.ForEach(200, json =>
        {
            using var response = PostJsonAsync("/api/signals", json).GetAwaiter().GetResult();
            ((int)response.StatusCode).Should().BeOneOf([201, 400], json);
            if (response.StatusCode == HttpStatusCode.Created)
                created++;
            harness.ListAsync().GetAwaiter().GetResult().Should().HaveCount(created, json);
        });
    }

    [Fact]
    public async Task PostSignal_BodyOverTheLimit_413NothingStored()
    {
        var notes = new string('x', 70 * 1024);

        var response = await PostJsonAsync("/api/signals", $$"""{"exchange":"binance","symbol":"BTCUSDT","condition":"above","target_price":"1","notes":"{{notes}}"}""");

        response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        (await JsonAsync(response)).GetProperty("detail").GetString().Should().Be("a request body may be at most 64 KiB (this one is 70 KiB)");
        (await harness.ListAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task PostSignal_SymbolNotListed_400NamingSymbolWithTheClosest()
    {
        var response = await PostJsonAsync("/api/signals", """{"exchange":"binance","symbol":"BTCUSDX","condition":"above","target_price":"1"}""");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var errors = (await JsonAsync(response)).GetProperty("errors");
        errors.GetProperty("symbol")[0].GetString().Should().Be("BTCUSDX is not listed on binance; closest: BTCUSDT");
    }

    [Fact]
    public async Task PostSignal_NotJson_415AndNotAnObject_400()
    {
        using var form = new StringContent("exchange=binance", Encoding.UTF8, "text/plain");
        (await http.PostAsync(new Uri("/api/signals", UriKind.Relative), form)).StatusCode.Should().Be(HttpStatusCode.UnsupportedMediaType);

        var array = await PostJsonAsync("/api/signals", "[1,2]");
        array.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await JsonAsync(array)).GetProperty("detail").GetString().Should().StartWith("the body must be one alert object");
    }

    [Fact]
    public async Task GetSignals_ListsWithFiltersAndRejectsAnUnknownStatus()
    {
        await harness.AddAsync("BTCUSDT", "above", "110000", WebHarness.UserKey);
        await harness.AddAsync("ETHUSDT", "below", "2500");

        var all = await JsonAsync(await http.GetAsync(new Uri("/api/signals", UriKind.Relative)));
        all.GetArrayLength().Should().Be(2);
        all[0].GetProperty("user_id").GetString().Should().Be("uQiR…sG");
        all[0].GetProperty("triggered_count").GetInt32().Should().Be(0);

        var pending = await JsonAsync(await http.GetAsync(new Uri("/api/signals?status=pending&exchange=binance", UriKind.Relative)));
        pending.GetArrayLength().Should().Be(2);
        var coinbase = await JsonAsync(await http.GetAsync(new Uri("/api/signals?exchange=coinbase", UriKind.Relative)));
        coinbase.GetArrayLength().Should().Be(0);

        var bad = await http.GetAsync(new Uri("/api/signals?status=done", UriKind.Relative));
        bad.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await JsonAsync(bad)).GetProperty("errors").GetProperty("status")[0].GetString().Should().Contain("pending | triggered | expired | waiting | paused (got 'done')");
    }

    [Fact]
    public async Task GetSignal_ById_WithFirings_AndUnknownId404Problem()
    {
        var signal = await harness.AddAsync("BTCUSDT", "above", "110000");

        var found = await JsonAsync(await http.GetAsync(new Uri($"/api/signals/{signal.Id}", UriKind.Relative)));
        found.GetProperty("id").GetString().Should().Be(signal.Id);
        found.GetProperty("firings").GetArrayLength().Should().Be(0);

        var missing = await http.GetAsync(new Uri("/api/signals/nope", UriKind.Relative));
        missing.StatusCode.Should().Be(HttpStatusCode.NotFound);
        missing.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await JsonAsync(missing)).GetProperty("detail").GetString().Should().Be("no alert with id 'nope'");
    }

    [Fact]
    public async Task DeleteSignal_Existing204ThenGone_Unknown404()
    {
        var signal = await harness.AddAsync("BTCUSDT", "above", "110000");

        (await http.DeleteAsync(new Uri($"/api/signals/{signal.Id}", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await harness.Store.GetAsync(signal.Id, CancellationToken.None)).Should().BeNull();
        (await http.DeleteAsync(new Uri($"/api/signals/{signal.Id}", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task GetPrice_EveryExchangeSideBySide_OrOneWithFallbacks()
    {
        var all = await JsonAsync(await http.GetAsync(new Uri("/api/price?symbol=BTCUSDT", UriKind.Relative)));
        all.GetProperty("pair").GetString().Should().Be("BTC/USDT");
        all.GetProperty("quotes").EnumerateArray().Select(q => (q.GetProperty("exchange").GetString(), q.GetProperty("symbol").GetString(), q.GetProperty("price").GetDecimal()))
            .Should().Equal(("binance", "BTCUSDT", 100000m), ("bybit", "BTCUSDT", 100010m), ("coinbase", "BTC-USDT", 99990m));

        harness.Exchanges.BinanceAnswers(451, """{"code": 0, "msg": "Service unavailable from a restricted location"}""");
        var fallback = await JsonAsync(await http.GetAsync(new Uri("/api/price?symbol=BTC/USDT&exchange=binance", UriKind.Relative)));
        var quotes = fallback.GetProperty("quotes");
        quotes.GetArrayLength().Should().Be(2, "Binance failed, Bybit answered, so Coinbase was not asked");
        quotes[0].GetProperty("error").GetString().Should().Contain("restricted location");
        quotes[1].GetProperty("price").GetDecimal().Should().Be(100010m);
    }

    [Fact]
    public async Task GetPrice_BadSymbolOrExchange_400NamingTheField()
    {
        var symbol = await http.GetAsync(new Uri("/api/price?symbol=%24%24", UriKind.Relative));
        symbol.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await JsonAsync(symbol)).GetProperty("errors").GetProperty("symbol")[0].GetString().Should().Contain("must be 2 to 30 letters or digits");

        var exchange = await http.GetAsync(new Uri("/api/price?symbol=BTCUSDT&exchange=kraken", UriKind.Relative));
        (await JsonAsync(exchange)).GetProperty("errors").GetProperty("exchange")[0].GetString().Should().Contain("got 'kraken'");
    }

    [Fact]
    public async Task PostSync_ReportsTheSummaryAndInvalidRows()
    {
        var response = await http.PostAsync(new Uri("/api/sync?dry_run=true", UriKind.Relative), null);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var report = await JsonAsync(response);
        report.GetProperty("dry_run").GetBoolean().Should().BeTrue();
        (report.GetProperty("added").GetInt32(), report.GetProperty("updated").GetInt32(), report.GetProperty("deactivated").GetInt32(), report.GetProperty("unchanged").GetInt32())
            .Should().Be((1, 1, 1, 4));
        var invalid = report.GetProperty("invalid")[0];
        (invalid.GetProperty("row").GetInt32(), invalid.GetProperty("field").GetString()).Should().Be((7, "target_price"));
        report.GetProperty("changes")[0].GetProperty("kind").GetString().Should().Be("added");
        sheets.Calls.Should().ContainSingle().Which.DryRun.Should().BeTrue();
    }

    [Fact]
    public async Task PostSync_NotConfigured_503SayingHowToConfigure()
    {
        using var unconfigured = new ApiFactory(harness, WebUiOptions.Loopback);
        var response = await unconfigured.CreateClient().PostAsync(new Uri("/api/sync", UriKind.Relative), null);

        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        var problem = await JsonAsync(response);
        problem.GetProperty("title").GetString().Should().Be("The Google Sheets sync is not configured");
        problem.GetProperty("detail").GetString().Should().Contain("GOOGLE_SHEET_ID").And.Contain("GOOGLE_SHEET_CSV_URL");
    }

    [Fact]
    public async Task ApiWrite_FromAnotherSitesPage_403()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/sync");
        request.Headers.Add("Sec-Fetch-Site", "cross-site");

        var response = await http.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        sheets.Calls.Should().BeEmpty();
    }

    [Fact]
    public async Task ListSignals_EachWithItsCurrentPriceAndDistance_TheModelsFieldsUnchanged()
    {
        await harness.AddAsync("BTCUSDT", "above", "105000", name: "btc");

        var body = await JsonAsync(await http.GetAsync(new Uri("/api/signals", UriKind.Relative)));

        var item = body.EnumerateArray().Should().ContainSingle().Subject;
        item.GetProperty("current_price").GetDecimal().Should().Be(100000m, "the stub Binance's price");
        item.GetProperty("price_exchange").GetString().Should().Be("binance");
        item.GetProperty("distance_pct").GetDecimal().Should().Be(5m);
        item.GetProperty("target_price").GetDecimal().Should().Be(105000m);
        item.GetProperty("status").GetString().Should().Be("pending");
    }

    [Fact]
    public async Task Describe_TheFormsFields_TheSentenceWithTheCurrentPrice()
    {
        var response = await http.GetAsync(new Uri("/api/describe?exchange=binance&symbol=BTC/USDT&condition=crosses_up&target_price=105,000&channels=pushover,telegram&urgent=true", UriKind.Relative));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await JsonAsync(response)).GetProperty("sentence").GetString()
            .Should().Be("Notify me (pushover, telegram) urgently once when BTC/USDT on Binance crosses up 105,000 — now 100,000, 5.0 % away");
        (await harness.ListAsync()).Should().BeEmpty("nothing is saved");
    }

    [Fact]
    public async Task Describe_BadFields_400KeyedByField()
    {
        var response = await http.GetAsync(new Uri("/api/describe?exchange=binance&symbol=BTCUSDT&condition=above&target_price=abc", UriKind.Relative));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await JsonAsync(response)).GetProperty("errors").GetProperty("target_price")[0].GetString().Should().Contain("got 'abc'");
    }

    [Fact]
    public async Task Script_ServedFromThisOrigin_AndThePolicyAllowsOnlyThat()
    {
        var script = await http.GetAsync(new Uri("/app.js", UriKind.Relative));

        script.Content.Headers.ContentType!.MediaType.Should().Be("text/javascript");
        (await script.Content.ReadAsStringAsync()).Should().Contain("/api/describe");
        var policy = script.Headers.GetValues("Content-Security-Policy").Single();
        policy.Should().Contain("script-src 'self';").And.Contain("connect-src 'self';").And.NotContain("unsafe-inline");
    }

    [Fact]
    public async Task EveryAnswer_CarriesTheSecurityHeaders()
    {
        foreach (var path in new[] { "/", "/api/signals", "/alerts/new" })
        {
            var response = await http.GetAsync(new Uri(path, UriKind.Relative));
            response.Headers.GetValues("Content-Security-Policy").Single().Should().Contain("frame-ancestors 'none'").And.Contain("default-src 'none'");
            response.Headers.GetValues("X-Frame-Options").Single().Should().Be("DENY");
            response.Headers.GetValues("X-Content-Type-Options").Single().Should().Be("nosniff");
        }
    }

    [Fact]
    public async Task Loopback_WithoutToken_AnswersOnlyToLoopbackHostNames()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/signals");
        request.Headers.Host = "attacker.example";

        (await http.SendAsync(request)).StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    public void Dispose()
    {
        http.Dispose();
        factory.Dispose();
        harness.Dispose();
    }

    private async Task<HttpResponseMessage> PostJsonAsync(string path, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        return await http.PostAsync(new Uri(path, UriKind.Relative), content);
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
}
