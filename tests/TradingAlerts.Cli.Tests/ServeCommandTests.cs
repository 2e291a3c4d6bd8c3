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
    public async Task Serve_OffLoopbackWithAStoreButNoAccountNorToken_RefusesToStartNamingBothWays()
    {
        (await cli.RunAsync("signals", "add", "--exchange", "binance", "--symbol", "BTCUSDT", "--condition", "above", "--target", "100000")).ExitCode.Should().Be(ExitCodes.Ok);

        var result = await cli.RunAsync("serve", "--host", "0.0.0.0", "--port", "0");

        result.ExitCode.Should().Be(ExitCodes.Configuration);
        result.Error.Should().Contain("TRADINGALERTS_UI_TOKEN must be set to listen on 0.0.0.0").And.Contain("tradingalerts users add NAME --admin");
        result.Out.Should().NotContain("Serving");
    }

    [Fact]
    public async Task Serve_OffLoopbackWithAnAccountAndNoToken_StartsForSignIn_AnsweringAnyHostName()
    {
        (await cli.RunWithInputAsync(Password + "\n", "users", "add", "ann", "--admin", "--password-stdin")).ExitCode.Should().Be(ExitCodes.Ok);
        using var output = new LiveOutput();
        using var stop = new CancellationTokenSource();
        var serving = cli.RunAsync(output, stop.Token, "serve", "--host", "0.0.0.0", "--port", "0");

        var root = await ListeningAtAsync(output, serving);
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var byName = new HttpRequestMessage(HttpMethod.Get, new Uri(root, "/api/signals"));
        byName.Headers.Host = "alerts.example.com";
        var api = await http.SendAsync(byName);
        var login = await http.GetStringAsync(new Uri(root, "/login"));
        await stop.CancelAsync();
        var result = await serving;

        api.StatusCode.Should().Be(System.Net.HttpStatusCode.Unauthorized, "off loopback any host name is answered (not 400), and the API asks for an account's token");
        login.Should().Contain("name=\"password\"");
        result.ExitCode.Should().Be(ExitCodes.Ok, result.Error);
        result.Out.Should().Contain($"on http://0.0.0.0:{root.Port}/ (sign in with an account)");
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

    private const string Password = "correct horse battery staple";

    /// <summary>Where a started <c>serve</c> listens, from its startup line (it was given port 0), reached over loopback.</summary>
    private static async Task<Uri> ListeningAtAsync(LiveOutput output, Task<CliResult> serving)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            if (serving.IsCompleted)
                throw new InvalidOperationException($"serve ended: {(await serving).Error}");
            if (System.Text.RegularExpressions.Regex.Match(output.ToString(), @"on http://0\.0\.0\.0:(\d+)/") is { Success: true } match)
                return new Uri($"http://127.0.0.1:{match.Groups[1].Value}/");
            await Task.Delay(100);
        }

        throw new TimeoutException($"serve did not say where it listens: {output}");
    }

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
