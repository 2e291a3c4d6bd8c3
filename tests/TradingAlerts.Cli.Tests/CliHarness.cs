using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using TradingAlerts.Http;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace TradingAlerts.Cli.Tests;

public sealed record CliResult(int ExitCode, string Out, string Error);

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
        Binance = WireMockServer.Start();
        Bybit = WireMockServer.Start();
        Coinbase = WireMockServer.Start();
        Pushover = WireMockServer.Start();
        Environment = new Dictionary<string, string>
        {
            ["TRADINGALERTS_DB"] = Path.Combine(folder, "alerts.db"),
            ["BINANCE_API_URL"] = Binance.Url!,
            ["BYBIT_API_URL"] = Bybit.Url!,
            ["COINBASE_API_URL"] = Coinbase.Url!,
            ["PUSHOVER_API_URL"] = Pushover.Url!,
            ["PUSHOVER_APP_TOKEN"] = AppToken,
            ["PUSHOVER_USER_KEY"] = DefaultUserKey,
        };
        PushoverAccepts();
    }

    /// <summary>Serves the ticker and, for the symbols it prices, the listing (exchangeInfo).</summary>
    public WireMockServer Binance { get; }

    /// <summary>Answers 404 to everything unless a test says otherwise: "not listed", never the internet.</summary>
    public WireMockServer Bybit { get; }

    public WireMockServer Coinbase { get; }
    public WireMockServer Pushover { get; }
    public Dictionary<string, string> Environment { get; }
    public string Folder => folder;

    /// <summary>The clock every invocation gets (a FakeTimeProvider to step through cycles).</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    public int PushoverRequests => Pushover.LogEntries.Count(e => e.RequestMessage.Path == "/1/messages.json");

    public int BinanceRequests => Binance.LogEntries.Count(e => e.RequestMessage.Path == "/api/v3/ticker/price");

    public void BinancePrices(params (string Symbol, string Price)[] prices)
    {
        Binance.Reset();
        var body = JsonSerializer.Serialize(prices.Select(p => new Dictionary<string, string> { ["symbol"] = p.Symbol, ["price"] = p.Price }));
        Binance.Given(Request.Create().WithPath("/api/v3/ticker/price").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(body));
        var listing = JsonSerializer.Serialize(new
        {
            symbols = prices.Select(p => new { symbol = p.Symbol, status = "TRADING", baseAsset = p.Symbol[..^4], quoteAsset = p.Symbol[^4..], isSpotTradingAllowed = true }),
        });
        Binance.Given(Request.Create().WithPath("/api/v3/exchangeInfo").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(listing));
    }

    /// <summary>Bybit's spot tickers, in the documented v5 shape.</summary>
    public void BybitPrices(params (string Symbol, string Price)[] prices)
    {
        Bybit.Reset();
        var body = JsonSerializer.Serialize(new
        {
            retCode = 0,
            retMsg = "OK",
            result = new { category = "spot", list = prices.Select(p => new { symbol = p.Symbol, lastPrice = p.Price }) },
            retExtInfo = new { },
            time = 1673859087947,
        });
        Bybit.Given(Request.Create().WithPath("/v5/market/tickers").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(body));
    }

    public void BinanceAnswers(int status, string body)
    {
        Binance.Reset();
        Binance.Given(Request.Create().WithPath("/api/v3/ticker/price").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(body));
    }

    public void PushoverAccepts() => PushoverAnswers(200, """{"status":1,"request":"647d2300-702c-4b38-8b2f-d56326ae460b"}""");

    public void PushoverAnswers(int status, string body)
    {
        Pushover.Reset();
        Pushover.Given(Request.Create().WithPath("/1/messages.json").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(body));
    }

    public Task<CliResult> RunAsync(params string[] args) => RunAsync(CancellationToken.None, args);

    public async Task<CliResult> RunAsync(CancellationToken stop, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        using var context = new CliContext(Environment, output, error, Clock, NullLoggerFactory.Instance)
        {
            Compose = (settings, c) => new Composition(settings, c.Clock, c.Logs, c.Out, FastRetry, FastRetry),
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
        Binance.Stop();
        Bybit.Stop();
        Coinbase.Stop();
        Pushover.Stop();
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }
}
