using Microsoft.Playwright;

namespace TradingAlerts.Web.Tests.Browser;

/// <summary>
/// One headless Chromium for the browser tests: the system's Debian package (./test.sh installs it), driven by
/// Playwright for .NET. Playwright's own browser download is never used.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? playwright;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Where the screenshots go: TestResults/screenshots under the test project's output folder.</summary>
    public static string Screenshots { get; } = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException($"{ChromiumPath} is missing: install the Debian package chromium (./test.sh does)");

        Directory.CreateDirectory(Screenshots);
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        playwright?.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
