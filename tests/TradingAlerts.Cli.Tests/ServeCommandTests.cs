namespace TradingAlerts.Cli.Tests;

public sealed class ServeCommandTests : IDisposable
{
    private readonly CliHarness cli = new();

    [Fact]
    public async Task Serve_OffLoopbackWithoutToken_RefusesToStartNamingTheVariable()
    {
        var result = await cli.RunAsync("serve", "--host", "0.0.0.0", "--port", "0");

        result.ExitCode.Should().Be(ExitCodes.Configuration);
        result.Error.Should().Contain("TRADINGALERTS_UI_TOKEN must be set to listen on 0.0.0.0");
        File.Exists(cli.Environment["TRADINGALERTS_DB"]).Should().BeFalse("nothing is opened before the refusal");
    }

    [Fact]
    public async Task Serve_ShortToken_RefusesToStartWithoutRepeatingIt()
    {
        cli.Environment["TRADINGALERTS_UI_TOKEN"] = "short-secret";

        var result = await cli.RunAsync("serve", "--host", "0.0.0.0", "--port", "0");

        result.ExitCode.Should().Be(ExitCodes.Configuration);
        result.Error.Should().Contain("TRADINGALERTS_UI_TOKEN must be at least 16 characters").And.NotContain("short-secret");
    }

    [Fact]
    public async Task Serve_HostNotAnAddress_IsInvalidInput()
    {
        var result = await cli.RunAsync("serve", "--host", "example.com");

        result.ExitCode.Should().Be(ExitCodes.InvalidInput);
        result.Error.Should().Contain("--host must be an IP address");
    }

    [Fact]
    public async Task Serve_Loopback_AnswersUntilStopped()
    {
        var port = FreePort();
        using var stop = new CancellationTokenSource();
        var serving = cli.RunAsync(stop.Token, "serve", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));

        using var http = new HttpClient();
        var page = await GetWhenListeningAsync(http, new Uri($"http://127.0.0.1:{port}/alerts/new"), serving);
        await stop.CancelAsync();
        var result = await serving;

        page.Should().Contain("Create alert");
        result.ExitCode.Should().Be(ExitCodes.Ok, result.Error);
        result.Out.Should().Contain($"Serving the web UI for SQLite at {cli.Environment["TRADINGALERTS_DB"]} on http://127.0.0.1:{port}/").And.Contain("Stopped.");
    }

    [Fact]
    public async Task Serve_PortInUse_NamedError()
    {
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;

        var result = await cli.RunAsync("serve", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));

        result.ExitCode.Should().Be(ExitCodes.InvalidInput);
        result.Error.Trim().Should().Be($"error: --port {port} is in use; pick another");
    }

    public void Dispose() => cli.Dispose();

    private static int FreePort()
    {
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        return ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
    }

    private static async Task<string> GetWhenListeningAsync(HttpClient http, Uri page, Task<CliResult> serving)
    {
        for (var attempt = 0; ; attempt++)
        {
            if (serving.IsCompleted)
                throw new InvalidOperationException($"serve ended: {(await serving).Error}");
            try
            {
                return await http.GetStringAsync(page);
            }
            catch (HttpRequestException) when (attempt < 100)
            {
                await Task.Delay(100);
            }
        }
    }
}
