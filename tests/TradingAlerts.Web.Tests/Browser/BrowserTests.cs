using System.Globalization;
using Deque.AxeCore.Playwright;
using Microsoft.AspNetCore.Builder;
using Microsoft.Playwright;
using TradingAlerts.Sheets;
using TradingAlerts.Core.Pipeline;
using TradingAlerts.Core.Prices;
using TradingAlerts.Core.Signals;
using TradingAlerts.Testing;

namespace TradingAlerts.Web.Tests.Browser;

/// <summary>
/// The web UI in a real headless Chromium, served by <see cref="WebUi.Build"/> (what <c>serve</c> runs) on a real
/// Kestrel port, over SQLite and stub exchanges on loopback.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class BrowserTests(BrowserFixture fixture) : IAsyncLifetime
{
    private readonly WebHarness harness = new();
    private WebApplication app = null!;
    private IBrowserContext context = null!;
    private IPage page = null!;
    private Uri root = null!;

    public async Task InitializeAsync()
    {
        app = WebUi.Build(harness.Services(new SheetsNotConfigured()), WebUiOptions.Loopback with { Port = 0 });
        await app.StartAsync();
        root = WebUi.AddressOf(app);
        context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = root.ToString(), ViewportSize = new() { Width = 1280, Height = 800 } });
        page = await context.NewPageAsync();
    }

    [Fact]
    public async Task CreateAlert_ValidForm_AppearsInTheListWithItsDistanceToTarget()
    {
        await page.GotoAsync("/alerts/new");
        await page.SelectOptionAsync("#exchange", "binance");
        await page.FillAsync("#symbol", "BTC/USDT");
        await page.SelectOptionAsync("#condition", "above");
        await page.FillAsync("#target_price", "105,000");
        await page.FillAsync("#name", "BTC breakout");
        await page.ClickAsync("button[type=submit]:has-text('Create alert')");

        (await page.TextContentAsync("#notice")).Should().Contain("Created alert BTC breakout.");
        await page.GotoAsync("/");
        var row = page.Locator("#alerts tbody tr", new() { HasText = "BTC breakout" });
        (await row.CountAsync()).Should().Be(1);
        var cells = await row.Locator("td").AllInnerTextsAsync();
        cells.Take(7).Should().Equal("BTC breakout", "binance", "BTCUSDT", "above", "105,000", "100,000", "+5.00 %");
        (await harness.ListAsync()).Should().ContainSingle().Which.Source.Should().Be(SignalSource.Ui);

        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.Screenshots, "alerts.png"), FullPage = true });
    }

    [Fact]
    public async Task Dashboard_AKnownWeek_ShowsItsFiguresChartsWithTextAlternativesAndPassesAxe()
    {
        await harness.WriteKnownHistoryAsync();

        await page.GotoAsync($"/dashboard?since={KnownHistory.Period}");

        (await page.TextContentAsync("#firings")).Should().Be(KnownHistory.Firings.ToString(CultureInfo.InvariantCulture));
        (await page.TextContentAsync("#cycles-completed")).Should().Be(KnownHistory.CyclesCompleted.ToString(CultureInfo.InvariantCulture));
        var chart = page.Locator("#firings-chart");
        (await chart.IsVisibleAsync()).Should().BeTrue();
        (await chart.GetAttributeAsync("role")).Should().Be("img");
        (await chart.GetAttributeAsync("aria-label")).Should().Contain($"{KnownHistory.Firings} in all");
        (await chart.Locator("rect").CountAsync()).Should().Be(4, "three days with firings, the last stacked BTCUSDT and ETHUSDT");
        (await page.Locator("#days tbody tr").CountAsync()).Should().Be(8);
        (await page.Locator("#symbols tr[data-symbol=BTCUSDT] td.num").TextContentAsync()).Should().Be(KnownHistory.BtcFirings.ToString(CultureInfo.InvariantCulture));
        var pushover = page.Locator("#channels tr[data-channel=pushover]");
        (await pushover.Locator("td.p50").TextContentAsync()).Should().Be("4.0 s");
        (await pushover.Locator("td.p95").TextContentAsync()).Should().Be("10.0 s");
        var telegram = page.Locator("#channels tr[data-channel=telegram]");
        (await telegram.Locator("td.success").TextContentAsync()).Should().Be("50%");
        (await telegram.Locator("td.held").TextContentAsync()).Should().Be(KnownHistory.TelegramHeld.ToString(CultureInfo.InvariantCulture));
        (await telegram.Locator("svg.share").GetAttributeAsync("aria-label")).Should().Be("1 sent, 1 pending, 1 failed");
        var binance = page.Locator("#exchanges tr[data-exchange=binance]");
        (await binance.Locator("td").AllInnerTextsAsync()).Take(6).Should().Equal("binance", "1", "1", "1", "7", "8");
        (await page.Locator("#most-fired tr[data-id=btc-100k] td.num").TextContentAsync()).Should().Be("3");
        (await page.Locator("#never-fired tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.id)")).Should().Equal(KnownHistory.NeverFired);

        var axe = await page.RunAxe();
        axe.Violations.Should().BeEmpty(string.Join("; ", axe.Violations.Select(v => $"{v.Id}: {v.Help}")));
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.Screenshots, "dashboard.png"), FullPage = true });
    }

    [Fact]
    public async Task CreateAlert_BadTarget_TheFieldsMessageAndTheValuesKept()
    {
        await page.GotoAsync("/alerts/new");
        await page.FillAsync("#symbol", "BTCUSDT");
        await page.FillAsync("#target_price", "12,34");
        await page.FillAsync("#notes", "my note");
        await page.ClickAsync("button[type=submit]:has-text('Create alert')");

        (await page.TextContentAsync("#target_price-error")).Should().Be("must be a positive number such as 65000.5 or 65,000.50 (got '12,34')");
        (await page.TextContentAsync("#symbol-error")).Should().BeEmpty();
        (await page.InputValueAsync("#symbol")).Should().Be("BTCUSDT");
        (await page.InputValueAsync("#notes")).Should().Be("my note");
        (await harness.ListAsync()).Should().BeEmpty();

        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.Screenshots, "create-error.png"), FullPage = true });
    }

    [Fact]
    public async Task DeleteAlert_ScriptsOff_AConfirmationNamingTheAlert_ThenGoneFromTheList()
    {
        await harness.AddAsync("BTCUSDT", "above", "110000", name: "keep me");
        var doomed = await harness.AddAsync("ETHUSDT", "below", "2500", name: "delete me");
        await using var scriptsOff = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = root.ToString(), JavaScriptEnabled = false });
        var plain = await scriptsOff.NewPageAsync();

        await plain.GotoAsync("/");
        await plain.GetByRole(AriaRole.Link, new() { Name = "Delete delete me" }).ClickAsync();
        (await plain.TextContentAsync("h1")).Should().Be("Delete the alert “delete me”?");
        (await plain.TextContentAsync("#confirm")).Should().StartWith("delete me: binance ETHUSDT below 2,500");
        (await plain.TextContentAsync("#confirm-delete")).Should().Be("Delete “delete me”");
        (await harness.Store.GetAsync(doomed.Id, CancellationToken.None)).Should().NotBeNull("nothing is deleted before the confirmation");
        await plain.ClickAsync("#confirm-delete");

        (await plain.TextContentAsync("#notice")).Should().Be($"Deleted alert delete me ({doomed.Id}).");
        (await plain.Locator("#alerts tbody tr").AllInnerTextsAsync()).Should().ContainSingle().Which.Should().Contain("keep me");
        (await harness.Store.GetAsync(doomed.Id, CancellationToken.None)).Should().BeNull();
    }

    [Fact]
    public async Task Alerts_NoneYet_SayWhatToDoNextWithLinks_AndAFilterMatchingNoneSaysSo()
    {
        await page.GotoAsync("/");

        (await page.TextContentAsync("#no-alerts")).Should().StartWith("No alerts yet — create one, import a CSV").And.Contain("or sync the sheet");
        (await page.Locator("#no-alerts a").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))")).Should().Equal("/alerts/new", "/sync");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.Screenshots, "alerts-empty.png"), FullPage = true });

        await harness.AddAsync("BTCUSDT", "above", "110000", name: "pending one");
        await page.GotoAsync("/?status=paused");
        (await page.TextContentAsync("#no-alerts")).Should().StartWith("No alerts match this filter");
    }

    [Fact]
    public async Task Favicon_LinkedAndServedFromThisOrigin_NoPageLoadFailsOrLogsAnError()
    {
        var failures = new List<string>();
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
                failures.Add($"{response.Status} {response.Url}");
        };
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
                failures.Add(message.Text);
        };

        await page.GotoAsync("/");
        var href = await page.GetAttributeAsync("link[rel=icon]", "href");
        var icon = await context.APIRequest.GetAsync(href!);
        var legacy = await context.APIRequest.GetAsync("/favicon.ico");

        href.Should().Be("/favicon.svg");
        icon.Status.Should().Be(200);
        icon.Headers["content-type"].Should().StartWith("image/svg+xml");
        (await icon.TextAsync()).Should().StartWith("<svg xmlns=\"http://www.w3.org/2000/svg\"");
        legacy.Status.Should().Be(200, "browsers ask for /favicon.ico whatever the page links");
        legacy.Headers["content-type"].Should().StartWith("image/svg+xml");
        icon.Headers["content-security-policy"].Should().Contain("default-src 'none'");
        failures.Should().BeEmpty();
    }

    [Fact]
    public async Task ActiveToggle_DisablesThenEnables()
    {
        var signal = await harness.AddAsync("BTCUSDT", "above", "110000", name: "toggle me");

        await page.GotoAsync("/");
        await page.ClickAsync("button.toggle");
        (await page.TextContentAsync("#notice")).Should().Be($"Alert {signal.Id} disabled.");
        (await harness.Store.GetAsync(signal.Id, CancellationToken.None))!.Active.Should().BeFalse();

        await page.ClickAsync("button.toggle");
        (await harness.Store.GetAsync(signal.Id, CancellationToken.None))!.Active.Should().BeTrue();
    }

    [Fact]
    public async Task CheckPrice_EveryStubExchangeSideBySide()
    {
        await page.GotoAsync("/price");
        await page.FillAsync("#symbol", "btc-usdt");
        await page.ClickAsync("button[type=submit]:has-text('Check')");

        (await page.TextContentAsync("#pair")).Should().Be("BTC/USDT");
        var rows = page.Locator("#quotes tbody tr");
        (await rows.CountAsync()).Should().Be(3);
        (await rows.Nth(0).Locator("td").AllInnerTextsAsync()).Take(3).Should().Equal("binance", "BTCUSDT", "100,000");
        (await rows.Nth(1).Locator("td").AllInnerTextsAsync()).Take(3).Should().Equal("bybit", "BTCUSDT", "100,010");
        (await rows.Nth(2).Locator("td").AllInnerTextsAsync()).Take(3).Should().Equal("coinbase", "BTC-USDT", "99,990");

        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.Screenshots, "price.png"), FullPage = true });
    }

    [Fact]
    public async Task AlertPage_CandlesLevelAndFiringOver24hAnd7d_FromTheCandleCache_PassesAxe_AndSyncSaysNotConfigured()
    {
        var week = BacktestWeek.Serve(harness);
        var now = harness.Clock.GetUtcNow();
        var signal = await harness.AddAsync("BTCUSDT", "above", "100000", name: "charted");
        foreach (var minutes in new[] { 90, 60, 30, 1 })
            await harness.RecordPricesAsync(new PriceSample(ExchangeId.Binance, now.AddMinutes(-minutes), new Dictionary<string, SeenPrice> { ["BTCUSDT"] = new(99_000m) }, now.AddDays(30)));
        var snapshot = SignalSnapshot.From(signal);
        var firing = SignalFactory.FiringFor(snapshot, BacktestWeek.SecondFiring) with { Price = 100_050m };
        (await harness.Store.ClaimTriggerAsync(snapshot, firing, new SignalState(SignalStatus.Triggered), CancellationToken.None)).Should().BeTrue();

        await page.GotoAsync($"/alerts/{signal.Id}");
        var chart = page.Locator("#chart");
        (await chart.GetAttributeAsync("role")).Should().Be("img");
        (await chart.Locator("g.candle").CountAsync()).Should().Be(96, "24 hours of 15-minute candles");
        (await chart.Locator("line.target").CountAsync()).Should().Be(1);
        (await chart.Locator("circle.seen").CountAsync()).Should().Be(4);
        (await chart.Locator("circle.firing").CountAsync()).Should().Be(0, "it fired two days ago");
        (await page.Locator("nav.ranges a[aria-current=page]").InnerTextAsync()).Should().Be("24 h");
        (await page.RunAxe()).Violations.Should().BeEmpty();
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.Screenshots, "alert-24h.png"), FullPage = true });
        var asked = week.Requests.Count;

        await page.ClickAsync("nav.ranges a:has-text('7 d')");
        (await chart.Locator("g.candle").CountAsync()).Should().Be(168, "a week of hourly candles");
        (await chart.Locator("circle.firing").CountAsync()).Should().Be(1);
        (await chart.Locator("circle.firing title").TextContentAsync()).Should().Be("Fired 2026-11-23 14:31:00 UTC at 100,050 (bybit)");
        (await page.Locator("nav.ranges a[aria-current=page]").InnerTextAsync()).Should().Be("7 d");
        (await page.RunAxe()).Violations.Should().BeEmpty();
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.Screenshots, "alert-7d.png"), FullPage = true });
        week.Requests.Count.Should().BeGreaterThan(asked, "the week's first six days were not kept yet");
        asked = week.Requests.Count;
        await page.ReloadAsync();
        (await chart.Locator("g.candle").CountAsync()).Should().Be(168);
        week.Requests.Count.Should().Be(asked, "a reload is served from the candle cache");

        await page.GotoAsync("/sync");
        await page.ClickAsync("#sync");
        (await page.TextContentAsync("#not-configured")).Should().Contain("set GOOGLE_SHEET_ID");
    }

    [Fact]
    public async Task CreateAlert_Preview_ShowsTheWeeksFiringsOnTheChartKeepsTheFormAndSavesNothing()
    {
        BacktestWeek.Serve(harness);
        await page.GotoAsync("/alerts/new");
        await page.SelectOptionAsync("#exchange", "binance");
        await page.FillAsync("#symbol", "BTCUSDT");
        await page.SelectOptionAsync("#condition", "crosses_up");
        await page.FillAsync("#target_price", "100,000");
        await page.SelectOptionAsync("#frequency", "rearm");
        await page.FillAsync("#hysteresis", "0.5");
        await page.FillAsync("#name", "BTC 100k");
        await page.ClickAsync("#preview-button");

        (await page.TextContentAsync("#preview-count")).Should().Be("Would have fired 2 times in the last 7 days (2 pushes).", "the week's truth (BacktestWeek)");
        var chart = page.Locator("#preview-chart");
        (await chart.GetAttributeAsync("role")).Should().Be("img");
        (await chart.Locator("circle.firing").CountAsync()).Should().Be(2);
        (await chart.Locator("circle.firing.wick").CountAsync()).Should().Be(1, "the second firing was a wick");
        (await chart.Locator("line.target").CountAsync()).Should().Be(1);
        var rows = page.Locator("#preview-firings tbody tr");
        (await rows.Nth(0).Locator("td").AllInnerTextsAsync()).Should().Equal("2026-11-21 08:01:00 UTC", "100,200", "close");
        (await rows.Nth(1).Locator("td").AllInnerTextsAsync()).Should().Equal("2026-11-23 14:31:00 UTC", "100,050", "wick");
        (await page.TextContentAsync("#preview-gaps")).Should().Contain("no candles from 2026-11-24 03:00:00 UTC to 2026-11-24 03:05:00 UTC (5 min)");

        (await page.InputValueAsync("#symbol")).Should().Be("BTCUSDT");
        (await page.InputValueAsync("#target_price")).Should().Be("100,000");
        (await page.InputValueAsync("#condition")).Should().Be("crosses_up");
        (await page.InputValueAsync("#frequency")).Should().Be("rearm");
        (await page.InputValueAsync("#hysteresis")).Should().Be("0.5");
        (await page.InputValueAsync("#name")).Should().Be("BTC 100k");
        (await harness.ListAsync()).Should().BeEmpty("a preview saves nothing");

        var axe = await page.RunAxe();
        axe.Violations.Should().BeEmpty(string.Join("; ", axe.Violations.Select(v => $"{v.Impact} {v.Id}: {v.Help}")));
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.Screenshots, "preview.png"), FullPage = true });

        await page.ClickAsync("button[type=submit]:has-text('Create alert')");
        (await page.TextContentAsync("#notice")).Should().Contain("Created alert BTC 100k.", "the kept fields save as typed");
    }

    [Fact]
    public async Task CreateAlert_PreviewOfABadTarget_ShowsTheFieldsError_AndOfAnExchangeDown_SaysSo()
    {
        harness.Exchanges.Binance.Given(WireMock.RequestBuilders.Request.Create().WithPath("/api/v3/klines").UsingGet())
            .RespondWith(WireMock.ResponseBuilders.Response.Create().WithStatusCode(400).WithBody("""{"code":-1121,"msg":"Invalid symbol."}"""));
        await page.GotoAsync("/alerts/new");
        await page.FillAsync("#symbol", "BTCUSDT");
        await page.FillAsync("#target_price", "12,34");
        await page.ClickAsync("#preview-button");

        (await page.TextContentAsync("#target_price-error")).Should().Be("must be a positive number such as 65000.5 or 65,000.50 (got '12,34')");
        (await page.Locator("#preview").CountAsync()).Should().Be(0);

        await page.FillAsync("#target_price", "100000");
        await page.ClickAsync("#preview-button");
        (await page.TextContentAsync("#preview-missing")).Should().StartWith("No preview: no candles from binance: ");
        (await page.InputValueAsync("#target_price")).Should().Be("100000");
        (await harness.ListAsync()).Should().BeEmpty();
    }

    public async Task DisposeAsync()
    {
        await context.DisposeAsync();
        await app.StopAsync();
        await app.DisposeAsync();
        harness.Dispose();
    }
}
