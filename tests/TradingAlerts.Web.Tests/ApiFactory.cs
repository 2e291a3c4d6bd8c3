using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Hosting;
using TradingAlerts.Core.Sheets;
using TradingAlerts.Sheets;

namespace TradingAlerts.Web.Tests;

/// <summary>
/// The web UI on WebApplicationFactory's in-memory server, built by the library's own <see cref="WebUi.AddWebUi"/> and
/// <see cref="WebUi.UseWebUi"/> (the library has no entry point; this test assembly's is used to locate it).
/// </summary>
public sealed class ApiFactory(WebHarness harness, WebUiOptions options, ISheetSync? sheetSync = null) : WebApplicationFactory<ApiFactory>
{
    protected override IHostBuilder CreateHostBuilder() =>
        Host.CreateDefaultBuilder()
            .ConfigureWebHost(web => web
                .ConfigureServices(services => services.AddWebUi(harness.Services(sheetSync ?? new SheetsNotConfigured()), options))
                .Configure(app => app.UseWebUi()));

    /// <summary>The pages are compiled in; nothing is read from a content folder, so the output folder will do.</summary>
    protected override void ConfigureWebHost(IWebHostBuilder builder) => builder.UseContentRoot(AppContext.BaseDirectory);
}
