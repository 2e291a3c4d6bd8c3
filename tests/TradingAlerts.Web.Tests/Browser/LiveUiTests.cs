using Deque.AxeCore.Playwright;
using Microsoft.AspNetCore.Builder;
using Microsoft.Playwright;
using TradingAlerts.Core.Signals;
using TradingAlerts.Sheets;

namespace TradingAlerts.Web.Tests.Browser;

/// <summary>
/// What the script adds to pages that work without it: the create form's fields and sentence, the live alerts list,
/// local times; and every page at a desktop's and a phone's width, with axe.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class LiveUiTests(BrowserFixture fixture) : IAsyncLifetime
{
    private readonly WebHarness harness = new();
    private WebApplication app = null!;
    private Uri root = null!;
    private readonly List<IBrowserContext> contexts = [];

    public async Task InitializeAsync()
    {
        app = WebUi.Build(harness.Services(new SheetsNotConfigured()), WebUiOptions.Loopback with { Port = 0 });
        await app.StartAsync();
        root = WebUi.AddressOf(app);
    }

    private async Task<IPage> PageAsync(int width = 1280, bool scripts = true, string timeZone = "UTC")
    {
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = root.ToString(), ViewportSize = new() { Width = width, Height = 800 }, JavaScriptEnabled = scripts, TimezoneId = timeZone,
        });
        contexts.Add(context);
        return await context.NewPageAsync();
    }

    [Fact]
    public async Task CreateForm_ScriptsOn_OnlyTheConditionsFields_AndTheSentenceFollowsTheFields()
    {
        var page = await PageAsync();
        await page.GotoAsync("/alerts/new");
        await page.FillAsync("#symbol", "BTC/USDT");
        await page.SelectOptionAsync("#condition", "crosses_up");
        await page.FillAsync("#target_price", "105,000");

        await Assertions.Expect(page.Locator("#target_price")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#low")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("#pct")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("#hysteresis")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("#sentence")).ToHaveTextAsync("Push me once when BTC/USDT on Binance crosses up 105,000 — now 100,000, 5.0 % away");

        await page.FillAsync("#target_price", "95,000");
        await Assertions.Expect(page.Locator("#sentence")).ToHaveTextAsync("Push me once when BTC/USDT on Binance crosses up 95,000 — now 100,000, 5.0 % away");

        await page.SelectOptionAsync("#condition", "channel_exit");
        await page.FillAsync("#low", "90,000");
        await page.FillAsync("#high", "101,000");
        await Assertions.Expect(page.Locator("#target_price")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("#low")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#sentence")).ToHaveTextAsync("Push me once when BTC/USDT on Binance leaves 90,000–101,000 — now 100,000, 1.0 % away");

        await page.SelectOptionAsync("#condition", "pct_move");
        await page.FillAsync("#pct", "5");
        await page.FillAsync("#window", "1h");
        await page.SelectOptionAsync("#frequency", "rearm");
        await Assertions.Expect(page.Locator("#low")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("#direction")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#hysteresis")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#sentence")).ToHaveTextAsync(
            "Push me each time (again once it came back 0.5 % and 15m passed) when BTC/USDT on Binance moves 5 % either way within 1h — now 100,000");

        await page.ClickAsync("button[type=submit]:has-text('Create alert')");
        await Assertions.Expect(page.Locator("#notice")).ToContainTextAsync("Created alert");
        var created = (await harness.ListAsync()).Should().ContainSingle().Subject;
        created.Condition.Should().Be(Condition.PctMove);
        created.TargetPrice.Should().BeNull("the hidden target was not posted");
        created.Rule.Low.Should().BeNull("nor the hidden band");
    }

    [Fact]
    public async Task CreateForm_Preview_TheSentenceRenderedByTheServer()
    {
        var page = await PageAsync(scripts: false);
        await page.GotoAsync("/alerts/new");
        await page.FillAsync("#symbol", "BTCUSDT");
        await page.SelectOptionAsync("#condition", "below");
        await page.FillAsync("#target_price", "98000");
        await page.ClickAsync("#preview-button");

        (await page.TextContentAsync("#sentence")).Should().Be("Push me once when BTC/USDT on Binance below 98,000 — now 100,000, 2.0 % away");
    }

    [Fact]
    public async Task CreateForm_ScriptsOff_EveryFieldInItsGroup_AndItStillCreates()
    {
        var page = await PageAsync(scripts: false);
        await page.GotoAsync("/alerts/new");

        foreach (var field in new[] { "#target_price", "#low", "#high", "#pct", "#window", "#direction", "#frequency", "#hysteresis", "#cooldown" })
            (await page.IsVisibleAsync(field)).Should().BeTrue(field);
        (await page.Locator("fieldset legend").AllInnerTextsAsync()).Should().HaveCount(5);

        await page.FillAsync("#symbol", "BTCUSDT");
        await page.SelectOptionAsync("#condition", "above");
        await page.FillAsync("#target_price", "105000");
        await page.FillAsync("#name", "no script");
        await page.ClickAsync("button[type=submit]:has-text('Create alert')");

        (await page.TextContentAsync("#notice")).Should().Contain("Created alert no script.");
        (await harness.ListAsync()).Should().ContainSingle().Which.TargetPrice.Should().Be(105000m);
    }

    [Fact]
    public async Task AlertsList_TheStoreChanges_TheRowShowsTheFiringWithoutAReload()
    {
        var signal = await harness.AddAsync("BTCUSDT", "above", "105000", name: "live");
        var page = await PageAsync(timeZone: "Europe/Paris");
        await page.Clock.InstallAsync();
        await page.GotoAsync("/");
        var row = page.Locator($"#alerts tr[data-id='{signal.Id}']");
        await Assertions.Expect(row.Locator("td.status")).ToHaveTextAsync("pending");
        await page.EvaluateAsync("() => document.body.dataset.loaded = 'this page'");

        var stored = await harness.Store.GetAsync(signal.Id, CancellationToken.None);
        var firedAt = harness.Clock.GetUtcNow();
        (await harness.Store.UpdateAsync(stored! with { Status = SignalStatus.Triggered, TriggeredCount = 1, TriggeredAt = firedAt }, CancellationToken.None)).Should().BeTrue();
        await page.Clock.RunForAsync(16_000);

        await Assertions.Expect(row.Locator("td.status")).ToHaveTextAsync("triggered");
        await Assertions.Expect(row.Locator("td.fired")).ToHaveTextAsync("1");
        var time = row.Locator("td.last-fired time");
        await Assertions.Expect(time).ToHaveTextAsync("2026-11-25 13:00:00 GMT+1");
        (await time.GetAttributeAsync("datetime")).Should().Be("2026-11-25T12:00:00Z");
        (await time.GetAttributeAsync("title")).Should().Be("2026-11-25 12:00:00 UTC");
        (await row.Locator("td.price").InnerTextAsync()).Should().Be("100,000");
        (await row.Locator("td.distance").InnerTextAsync()).Should().Be("+5.00 %");
        (await page.EvaluateAsync<string>("() => document.body.dataset.loaded")).Should().Be("this page", "the page was not reloaded");
    }

    [Fact]
    public async Task Times_ServerRendersTimeWithUtcTitle_ScriptsShowThemInTheBrowsersZone()
    {
        var signal = await harness.AddAsync("BTCUSDT", "above", "105000", name: "fired");
        var stored = await harness.Store.GetAsync(signal.Id, CancellationToken.None);
        await harness.Store.UpdateAsync(stored! with { Status = SignalStatus.Triggered, TriggeredCount = 1, TriggeredAt = harness.Clock.GetUtcNow() }, CancellationToken.None);

        var plain = await PageAsync(scripts: false, timeZone: "Asia/Tokyo");
        await plain.GotoAsync("/");
        var time = plain.Locator("td.last-fired time");
        (await time.InnerTextAsync()).Should().Be("2026-11-25 12:00:00 UTC");
        (await time.GetAttributeAsync("title")).Should().Be("2026-11-25 12:00:00 UTC");
        (await time.GetAttributeAsync("datetime")).Should().Be("2026-11-25T12:00:00Z");

        var scripted = await PageAsync(timeZone: "Asia/Tokyo");
        await scripted.GotoAsync("/");
        await Assertions.Expect(scripted.Locator("td.last-fired time")).ToHaveTextAsync("2026-11-25 21:00:00 GMT+9");
        (await scripted.Locator("td.last-fired time").GetAttributeAsync("title")).Should().Be("2026-11-25 12:00:00 UTC");
    }

    [Theory]
    [InlineData(1280)]
    [InlineData(375)]
    public async Task EveryPage_AtThisWidth_NoPageOverflow_NoSeriousAxeViolation_Screenshot(int width)
    {
        await harness.WriteKnownHistoryAsync();
        var signal = await harness.AddAsync("BTCUSDT", "above", "105000", name: "BTC breakout with a long name to wrap");
        var pages = new (string Name, string Path)[]
        {
            ("alerts", "/"), ("create", "/alerts/new"), ("alert", $"/alerts/{signal.Id}"), ("delete", $"/alerts/{signal.Id}/delete"),
            ("price", "/price?symbol=BTCUSDT"), ("dashboard", "/dashboard"), ("sync", "/sync"),
        };
        var page = await PageAsync(width);
        var failures = new List<string>();
        foreach (var (name, path) in pages)
        {
            var response = await page.GotoAsync(path);
            response!.Ok.Should().BeTrue(path);
            var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
            if (overflow > width)
                failures.Add($"{path}: {overflow} px wide");
            var axe = await page.RunAxe();
            failures.AddRange(axe.Violations.Where(v => v.Impact is "serious" or "critical").Select(v => $"{path}: {v.Impact} {v.Id}: {v.Help} ({string.Join(", ", v.Nodes.Select(n => n.Target))})"));
            await page.ScreenshotAsync(new() { Path = System.IO.Path.Combine(BrowserFixture.Screenshots, $"{name}-{width}.png"), FullPage = true });
        }

        failures.Should().BeEmpty();
    }

    public async Task DisposeAsync()
    {
        foreach (var context in contexts)
            await context.DisposeAsync();
        await app.StopAsync();
        await app.DisposeAsync();
        harness.Dispose();
    }
}
