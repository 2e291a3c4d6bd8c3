using Deque.AxeCore.Playwright;
using Microsoft.AspNetCore.Builder;
using Microsoft.Playwright;
using TradingAlerts.Core.Accounts;
using TradingAlerts.Sheets;

namespace TradingAlerts.Web.Tests.Browser;

/// <summary>Accounts mode in Chromium: a member signs in with password and TOTP code, creates an alert and sees only their own.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AccountsBrowserTests(BrowserFixture fixture) : IAsyncLifetime
{
    private readonly WebHarness harness = new();
    private WebApplication app = null!;
    private IBrowserContext context = null!;
    private IPage page = null!;

    public async Task InitializeAsync()
    {
        app = WebUi.Build(harness.Services(new SheetsNotConfigured()), WebUiOptions.Loopback with { Port = 0 });
        await app.StartAsync();
        context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = WebUi.AddressOf(app).ToString(), ViewportSize = new() { Width = 1280, Height = 800 } });
        page = await context.NewPageAsync();
    }

    [Fact]
    public async Task Member_SignsInWithTotp_CreatesAnAlert_AndSeesOnlyTheirOwn()
    {
        var enrolment = TotpCodes.Enrol("alice");
        await harness.AddAccountAsync("alice", totpSecret: enrolment.Secret);
        await harness.AddAccountAsync("bob");
        await harness.AddAsync("ETHUSDT", "above", "4000", name: "bob's ETH", owner: "bob");

        await page.GotoAsync("/");
        page.Url.Should().Contain("/login?ReturnUrl=%2F");
        (await page.Locator("nav a[href='/sync']").CountAsync()).Should().Be(0, "before sign-in nobody is an admin");
        await page.FillAsync("#name", "alice");
        await page.FillAsync("#password", WebHarness.Password);
        await page.FillAsync("#code", TotpCodes.CodeAt(enrolment.Secret, harness.Clock.GetUtcNow()));
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.Screenshots, "login.png"), FullPage = true });
        var loginAxe = await page.RunAxe();
        loginAxe.Violations.Should().BeEmpty(string.Join("; ", loginAxe.Violations.Select(v => $"{v.Id}: {v.Help}")));
        await page.ClickAsync("button[type=submit]:has-text('Sign in')");

        (await page.TextContentAsync("#signed-in")).Should().Be("Signed in as alice (member)");
        await page.GotoAsync("/alerts/new");
        await page.SelectOptionAsync("#exchange", "binance");
        await page.FillAsync("#symbol", "BTC/USDT");
        await page.SelectOptionAsync("#condition", "above");
        await page.FillAsync("#target_price", "105,000");
        await page.FillAsync("#name", "alice's BTC");
        await page.ClickAsync("button[type=submit]:has-text('Create alert')");
        (await page.TextContentAsync("#notice")).Should().Contain("Created alert alice's BTC.");

        await page.GotoAsync("/");
        (await page.Locator("#alerts tbody tr td:first-child").AllInnerTextsAsync()).Should().Equal("alice's BTC");
        (await harness.ListAsync()).Single(s => s.Name == "alice's BTC").Owner.Should().Be("alice");
        (await page.Locator("nav a[href='/sync']").CountAsync()).Should().Be(0, "the sync writes the whole team's sheet: admins only");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.Screenshots, "member-alerts.png"), FullPage = true });
        var alertsAxe = await page.RunAxe();
        alertsAxe.Violations.Should().BeEmpty(string.Join("; ", alertsAxe.Violations.Select(v => $"{v.Id}: {v.Help}")));

        await page.ClickAsync("nav a[href='/dashboard']");
        (await page.TextContentAsync("#scope")).Should().StartWith("Your alerts");
        (await page.Locator("#owner").CountAsync()).Should().Be(0, "only an admin picks an owner");
        var dashboardAxe = await page.RunAxe();
        dashboardAxe.Violations.Should().BeEmpty(string.Join("; ", dashboardAxe.Violations.Select(v => $"{v.Id}: {v.Help}")));

        await page.ClickAsync("button[type=submit]:has-text('Sign out')");
        page.Url.Should().EndWith("/login");
    }

    [Fact]
    public async Task Member_EnrolsASecondFactorByItsQrCode_KeptOnlyOnceTheAppsCodeMatches_ThenSignInAsksForIt()
    {
        await harness.AddAccountAsync("alice");
        await SignInAsync("alice", code: null);

        await page.GotoAsync("/account");
        (await page.TextContentAsync("#totp-state")).Should().Be("not enrolled");
        await page.ClickAsync("#enrol");
        (await page.Locator("#enrolment svg.qr").GetAttributeAsync("role")).Should().Be("img");
        var secret = (await page.TextContentAsync("#totp-secret"))!;
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.Screenshots, "account-totp.png"), FullPage = true });
        var axe = await page.RunAxe();
        axe.Violations.Should().BeEmpty(string.Join("; ", axe.Violations.Select(v => $"{v.Id}: {v.Help}")));

        var wrong = TotpCodes.CodeAt(secret, harness.Clock.GetUtcNow().AddMinutes(10));
        await page.FillAsync("#code", wrong);
        await page.ClickAsync("button[type=submit]:has-text('Keep this second factor')");
        (await page.TextContentAsync("#code-error")).Should().StartWith("that is not the code the app shows now");
        (await page.TextContentAsync("#totp-secret")).Should().Be(secret, "the same key is shown again to try once more");
        (await harness.Accounts.GetAccountAsync("alice", CancellationToken.None))!.TotpSecret.Should().BeNull("nothing is kept before the app's code matches");

        await page.FillAsync("#code", TotpCodes.CodeAt(secret, harness.Clock.GetUtcNow()));
        await page.ClickAsync("button[type=submit]:has-text('Keep this second factor')");
        (await page.TextContentAsync("#notice")).Should().Contain("Second factor enrolled");
        (await page.TextContentAsync("#totp-state")).Should().StartWith("enrolled");
        (await harness.Accounts.GetAccountAsync("alice", CancellationToken.None))!.TotpSecret.Should().Be(secret);

        await page.ClickAsync("button[type=submit]:has-text('Sign out')");
        await SignInAsync("alice", code: null);
        page.Url.Should().Contain("/login", "the password alone no longer signs in");
        harness.Clock.Advance(TimeSpan.FromSeconds(30));
        await SignInAsync("alice", TotpCodes.CodeAt(secret, harness.Clock.GetUtcNow()));
        (await page.TextContentAsync("#signed-in")).Should().Be("Signed in as alice (member)");
    }

    private async Task SignInAsync(string name, string? code)
    {
        await page.GotoAsync("/login");
        await page.FillAsync("#name", name);
        await page.FillAsync("#password", WebHarness.Password);
        if (code is not null)
            await page.FillAsync("#code", code);
        await page.ClickAsync("button[type=submit]:has-text('Sign in')");
    }

    public async Task DisposeAsync()
    {
        await context.DisposeAsync();
        await app.DisposeAsync();
        harness.Dispose();
    }
}
