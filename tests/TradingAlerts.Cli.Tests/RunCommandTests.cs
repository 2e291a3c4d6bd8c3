using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Time.Testing;

namespace TradingAlerts.Cli.Tests;

/// <summary>
/// <c>run</c> with its web UI: one process, one composition, the monitor loop on a fake clock and the UI on a real
/// Kestrel port, against stub exchanges and a stub Pushover.
/// </summary>
public sealed partial class RunCommandTests : IDisposable
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.Zero));
    private readonly CliHarness cli;

    public RunCommandTests() => cli = new CliHarness { Clock = clock };

    public void Dispose() => cli.Dispose();

    [Fact]
    public async Task Run_UiPortZero_PrintsTheAddress_AnAlertCreatedInTheFormFiresAtTheNextCycle_AndTheAlertsPageShowsItTriggered()
    {
        cli.BinancePrices(("BTCUSDT", "100250.5"));
        var output = new LiveOutput();
        using var stop = new CancellationTokenSource();
        var running = cli.RunAsync(output, stop.Token, "run", "--ui-port", "0", "--interval", "10s");

        var root = await UntilAsync(() => UiAddress().Match(output.ToString()) is { Success: true } m ? Task.FromResult<Uri?>(new Uri(m.Groups[1].Value)) : Task.FromResult<Uri?>(null), running);
        using var http = new HttpClient { BaseAddress = root };
        await UntilAsync(async () => (await http.GetStringAsync(new Uri("/", UriKind.Relative))).Contains("Next cycle in 10 s", StringComparison.Ordinal) ? "waiting" : null, running);

        var form = await http.GetStringAsync(new Uri("/alerts/new", UriKind.Relative));
        using var fields = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = AntiforgeryToken().Match(form).Groups[1].Value,
            ["exchange"] = "binance",
            ["symbol"] = "BTC/USDT",
            ["condition"] = "above",
            ["target_price"] = "100,000",
            ["name"] = "UI breakout",
        });
        var created = await http.PostAsync(new Uri("/alerts/new", UriKind.Relative), fields);
        (await created.Content.ReadAsStringAsync()).Should().Contain("Created alert UI breakout.");
        cli.PushoverRequests.Should().Be(0, "the alert waits for the next cycle");

        clock.Advance(TimeSpan.FromSeconds(10));
        // A page reads the alerts before its status strip: one rendered as the cycle ends may show one and not the other.
        var alerts = await UntilAsync(async () => await http.GetStringAsync(new Uri("/", UriKind.Relative)) is var page && TriggeredRow().IsMatch(page) && page.Contains("1 checked, 1 fired, 1 notified", StringComparison.Ordinal) ? page : null, running);
        await stop.CancelAsync();
        var result = await running;

        alerts.Should().Contain("<span id=\"last-summary\">1 checked, 1 fired, 1 notified</span>");
        cli.PushoverRequests.Should().Be(1);
        result.ExitCode.Should().Be(ExitCodes.Ok, result.Error);
        result.Out.Should().Contain($"Monitoring alerts in SQLite at {cli.Environment["TRADINGALERTS_DB"]}, every 10s. Web UI on {root}. Stop with Ctrl+C.")
            .And.Contain("1 fired, 1 notified").And.Contain("Stopped after 2 cycles.");
        var stopped = async () => await http.GetAsync(new Uri("/", UriKind.Relative));
        await stopped.Should().ThrowAsync<HttpRequestException>("the web UI stops with the monitor");
    }

    [Fact]
    public async Task Run_NoUi_ServesNothing()
    {
        cli.BinancePrices(("BTCUSDT", "100250.5"));
        (await cli.RunAsync("signals", "add", "--exchange", "binance", "--symbol", "BTCUSDT", "--condition", "above", "--target", "100000")).ExitCode.Should().Be(0);
        var port = FreePort();
        using var stop = new CancellationTokenSource();

        var running = cli.RunAsync(stop.Token, "run", "--no-ui", "--ui-port", port.ToString(CultureInfo.InvariantCulture), "--interval", "10s");
        await UntilAsync(() => Task.FromResult(cli.PushoverRequests > 0 ? "fired" : null), running);
        using var probe = new TcpClient();
        var connect = async () => await probe.ConnectAsync(IPAddress.Loopback, port);
        await connect.Should().ThrowAsync<SocketException>("--no-ui serves nothing, on any port");
        await stop.CancelAsync();
        var result = await running;

        result.ExitCode.Should().Be(ExitCodes.Ok, result.Error);
        result.Out.Should().Contain("Monitoring alerts in SQLite at").And.NotContain("Web UI").And.Contain("Stopped after 1 cycles.");
    }

    [Fact]
    public async Task Run_OffLoopbackUiWithoutToken_RefusesToStartNamingTheVariable()
    {
        var result = await cli.RunAsync("run", "--ui-host", "0.0.0.0", "--ui-port", "0");

        result.ExitCode.Should().Be(ExitCodes.Configuration);
        result.Error.Should().Contain("TRADINGALERTS_UI_TOKEN must be set to listen on 0.0.0.0");
        result.Out.Should().NotContain("Monitoring");
        File.Exists(cli.Environment["TRADINGALERTS_DB"]).Should().BeFalse("nothing is opened before the refusal");
    }

    [Fact]
    public async Task Run_OffLoopbackUiWithAnAccountAndNoToken_MonitorsAndServesForSignIn()
    {
        (await cli.RunWithInputAsync("correct horse battery staple\n", "users", "add", "ann", "--admin", "--password-stdin")).ExitCode.Should().Be(ExitCodes.Ok);
        var output = new LiveOutput();
        using var stop = new CancellationTokenSource();

        var running = cli.RunAsync(output, stop.Token, "run", "--ui-host", "0.0.0.0", "--ui-port", "0", "--interval", "10s");
        var port = await UntilAsync(() => Task.FromResult(Regex.Match(output.ToString(), @"Web UI on http://0\.0\.0\.0:(\d+)/ \(sign in with an account\)\.") is { Success: true } m ? m.Groups[1].Value : null), running);
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var api = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/api/signals"));
        await stop.CancelAsync();
        var result = await running;

        api.StatusCode.Should().Be(HttpStatusCode.Unauthorized, "the account guards it");
        result.ExitCode.Should().Be(ExitCodes.Ok, result.Error);
        result.Out.Should().Contain("Monitoring alerts in SQLite at");
    }

    [Theory]
    [InlineData("--ui-host", "example.com", "--ui-host must be an IP address")]
    [InlineData("--ui-port", "70000", "--ui-port must be 0 to 65535 (got 70000)")]
    public async Task Run_BadUiAddress_InvalidInputNamingTheFlag(string flag, string value, string message)
    {
        var result = await cli.RunAsync("run", flag, value);

        result.ExitCode.Should().Be(ExitCodes.InvalidInput);
        result.Error.Should().Contain(message);
        File.Exists(cli.Environment["TRADINGALERTS_DB"]).Should().BeFalse();
    }

    [Fact]
    public async Task Run_UiPortInUse_NamedErrorAndNoCycle()
    {
        cli.BinancePrices(("BTCUSDT", "100250.5"));
        (await cli.RunAsync("signals", "add", "--exchange", "binance", "--symbol", "BTCUSDT", "--condition", "above", "--target", "100000")).ExitCode.Should().Be(0);
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var result = await cli.RunAsync("run", "--ui-port", port.ToString(CultureInfo.InvariantCulture), "--interval", "10s");

        result.ExitCode.Should().Be(ExitCodes.InvalidInput);
        result.Error.Trim().Should().Be($"error: --ui-port {port} is in use; pick another or --no-ui");
        result.Out.Should().NotContain("Monitoring");
        cli.BinanceRequests.Should().Be(0, "monitoring never started");
        cli.PushoverRequests.Should().Be(0);
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>Asks until <paramref name="probe"/> has an answer; fails as soon as the command ends instead.</summary>
    private static async Task<T> UntilAsync<T>(Func<Task<T?>> probe, Task<CliResult> running)
        where T : class
    {
        for (var attempt = 0; ; attempt++)
        {
            if (running.IsCompleted)
                throw new InvalidOperationException($"run ended: {(await running).Error}");
            if (await probe() is { } answer)
                return answer;
            if (attempt == 500)
                throw new TimeoutException("no answer after 500 tries");
            await Task.Delay(20);
        }
    }

    [GeneratedRegex(@"Web UI on (http://127\.0\.0\.1:\d+/)\.")]
    private static partial Regex UiAddress();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    [GeneratedRegex(@"<td><a href=""/alerts/[^""]+"">UI breakout</a></td>(?:(?!</tr>)[\s\S])*<td class=""status"">triggered</td>\s*<td class=""num fired"">1</td>")]
    private static partial Regex TriggeredRow();
}
