using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using TradingAlerts.Http;
using TradingAlerts.Testing;
using TradingAlerts.Testing.Stubs;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace TradingAlerts.Cli.Tests;

public sealed record CliResult(int ExitCode, string Out, string Error);

/// <summary>Standard output that a test reads while the command, on another thread, still writes to it.</summary>
public sealed class LiveOutput : StringWriter
{
    private readonly Lock gate = new();

    public override void Write(char value)
    {
        lock (gate)
            base.Write(value);
    }

    public override void Write(char[] buffer, int index, int count)
    {
        lock (gate)
            base.Write(buffer, index, count);
    }

    public override void Write(string? value)
    {
        lock (gate)
            base.Write(value);
    }

    public override void WriteLine(string? value)
    {
        lock (gate)
            base.WriteLine(value);
    }

    public override Task WriteAsync(string? value)
    {
        Write(value);
        return Task.CompletedTask;
    }

    public override Task WriteLineAsync(string? value)
    {
        WriteLine(value);
        return Task.CompletedTask;
    }

    public override string ToString()
    {
        lock (gate)
            return base.ToString();
    }
}

/// <summary>
/// Runs the real CLI composition root (as separate invocations of the command would) against a temporary SQLite
/// file, a stub Binance and a stub Pushover served over HTTP on loopback.
/// </summary>
public sealed class CliHarness : IDisposable
{
    public const string AppToken = "azGDORePK8gMaC0QOYAMyEEuzJnyUi";
    public const string DefaultUserKey = "uQiRzpo4DXghDmr9QzzfQu27cmVRsG";

    private static readonly HttpRetryOptions FastRetry = new() { BaseDelay = TimeSpan.FromMilliseconds(5), AttemptTimeout = TimeSpan.FromSeconds(5) };
    private readonly string folder = Path.Combine(Path.GetTempPath(), "tradingalerts-cli-" + Guid.NewGuid().ToString("N"));

    public CliHarness()
    {
        Directory.CreateDirectory(folder);
        Pushover = WireMockServer.Start();
        Environment = new Dictionary<string, string>
        {
            ["TRADINGALERTS_DB"] = Path.Combine(folder, "alerts.db"),
            ["BINANCE_API_URL"] = Binance.Url!,
            ["BYBIT_API_URL"] = Bybit.Url!,
            ["COINBASE_API_URL"] = Exchanges.Coinbase.Url!,
            ["PUSHOVER_API_URL"] = Pushover.Url!,
            ["PUSHOVER_APP_TOKEN"] = AppToken,
            ["PUSHOVER_USER_KEY"] = DefaultUserKey,
        };
        PushoverAccepts();
    }

    /// <summary>Binance, Bybit and Coinbase; an exchange not told to price anything answers 404.</summary>
    public StubExchanges Exchanges { get; } = new();

    public WireMockServer Binance => Exchanges.Binance;

    public WireMockServer Bybit => Exchanges.Bybit;

    public WireMockServer Pushover { get; }

    /// <summary>Google: the token endpoint, the Sheets API and the CSV export (not configured until <see cref="UseSheetsApi"/>).</summary>
    public GoogleSheetsStub Google { get; } = new();
    public Dictionary<string, string> Environment { get; }
    public string Folder => folder;

    /// <summary>Pushover's retry options: fast ones for tests, or null for the product's own (its 30 s attempt timeout).</summary>
    public HttpRetryOptions? PushoverRetry { get; init; } = FastRetry;

    /// <summary>The clock every invocation gets (a FakeTimeProvider to step through cycles).</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    public int PushoverRequests => Pushover.LogEntries.Count(e => e.RequestMessage.Path == "/1/messages.json");

    public int BinanceRequests => Binance.LogEntries.Count(e => e.RequestMessage.Path == "/api/v3/ticker/price");

    public void BinancePrices(params (string Symbol, string Price)[] prices) => Exchanges.BinancePrices(prices);

    public void BybitPrices(params (string Symbol, string Price)[] prices) => Exchanges.BybitPrices(prices);

    public void BinanceAnswers(int status, string body) => Exchanges.BinanceAnswers(status, body);

    public void PushoverAccepts() => PushoverAnswers(200, """{"status":1,"request":"647d2300-702c-4b38-8b2f-d56326ae460b"}""");

    public void PushoverAnswers(int status, string body)
    {
        Pushover.Reset();
        Pushover.Given(Request.Create().WithPath("/1/messages.json").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(body));
    }

    /// <summary>Points the sheet variables at <see cref="Google"/>'s Sheets API, plus <paramref name="extra"/> ones.</summary>
    public void UseSheetsApi(params (string Name, string Value)[] extra)
    {
        foreach (var (name, value) in Google.ApiEnvironment().Select(e => (e.Key, e.Value)).Concat(extra))
            Environment[name] = value;
    }

    public Task<CliResult> RunAsync(params string[] args) => RunAsync(CancellationToken.None, args);

    /// <summary>A command that reads <paramref name="input"/> from standard input (<c>--password-stdin</c>).</summary>
    public Task<CliResult> RunWithInputAsync(string input, params string[] args) => RunAsync(new StringWriter(), new StringReader(input), CancellationToken.None, args);

    public Task<CliResult> RunAsync(CancellationToken stop, params string[] args) => RunAsync(new StringWriter(), stop, args);

    /// <summary>A long-running command (<c>run</c>, <c>serve</c>) whose <paramref name="output"/> the test reads while it runs.</summary>
    public Task<CliResult> RunAsync(StringWriter output, CancellationToken stop, params string[] args) => RunAsync(output, TextReader.Null, stop, args);

    private async Task<CliResult> RunAsync(StringWriter output, TextReader input, CancellationToken stop, params string[] args)
    {
        var error = new StringWriter();
        using var context = new CliContext(Environment, output, error, Clock, NullLoggerFactory.Instance)
        {
            Compose = (settings, c) => new Composition(settings, c.Clock, c.Logs, c.Out, FastRetry, PushoverRetry, FastRetry),
            In = input,
        };
        var exit = await CliApp.RunAsync(args, context, stop);
        return new CliResult(exit, output.ToString(), error.ToString());
    }

    public async Task<JsonElement[]> ListAsync()
    {
        var result = await RunAsync("signals", "list", "--json");
        result.ExitCode.Should().Be(0, result.Error);
        return JsonDocument.Parse(result.Out).RootElement.EnumerateArray().ToArray();
    }

    public void Dispose()
    {
        Exchanges.Dispose();
        Pushover.Stop();
        Google.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }
}
