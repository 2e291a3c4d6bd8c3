using System.Web;

namespace TradingAlerts.Cli.Tests;

/// <summary>The first full path: alerts from the CLI → SQLite → Binance over HTTP → one Pushover push per crossing.</summary>
public sealed class CheckEndToEndTests : IDisposable
{
    private readonly CliHarness cli = new();

    public void Dispose() => cli.Dispose();

    [Fact]
    public async Task Check_Twice_OnePushPerFiredAlertNoneForOthers_StatesPersisted()
    {
        cli.BinancePrices(("BTCUSDT", "100250.50000000"), ("ETHUSDT", "3999.99000000"), ("BNBUSDT", "650.10000000"));
        var fires = await AddAsync("BTCUSDT", "above", "100000", "--name", "BTC breakout", "--notes", "take profit");
        var waits = await AddAsync("BTC/USDT", "above", "110000");
        var dips = await AddAsync("ethusdt", "below", "4000", "--user-key", "gznej3rKEVAvPUxu9vvNnqpmZpokzF");

        var first = await cli.RunAsync("check");
        var second = await cli.RunAsync("check");

        first.ExitCode.Should().Be(0, first.Error);
        // The alert at 110 000 is beyond 5 % of the price: the trigger book leaves it unread, so "checked" counts the other two.
        first.Out.Should().Contain("2 checked, 2 fired, 2 notified, 0 notification failures, 0 not checked").And.Contain("exchange requests: binance 1");
        second.ExitCode.Should().Be(0, second.Error);
        second.Out.Should().Contain("0 checked, 0 fired, 0 notified");
        cli.PushoverRequests.Should().Be(2);
        cli.BinanceRequests.Should().Be(2, "one bulk request per cycle");

        var pushes = cli.Pushover.LogEntries.Select(e => HttpUtility.ParseQueryString(e.RequestMessage.Body!)).ToList();
        pushes.Should().OnlyContain(p => p["token"] == CliHarness.AppToken);
        var btc = pushes.Single(p => p["user"] == CliHarness.DefaultUserKey);
        btc["title"].Should().Be("BTCUSDT above 100,000: now 100,250.5");
        btc["message"].Should().Contain("BTC breakout").And.Contain("BTCUSDT on binance is 100,250.5, above the target 100,000.").And.Contain("Notes: take profit");
        pushes.Should().ContainSingle(p => p["user"] == "gznej3rKEVAvPUxu9vvNnqpmZpokzF");

        var signals = (await cli.ListAsync()).ToDictionary(s => s.GetProperty("id").GetString()!);
        signals[fires].GetProperty("status").GetString().Should().Be("triggered");
        signals[fires].GetProperty("triggered_count").GetInt32().Should().Be(1);
        signals[fires].GetProperty("triggered_at").ValueKind.Should().Be(System.Text.Json.JsonValueKind.String);
        signals[waits].GetProperty("status").GetString().Should().Be("pending");
        signals[waits].GetProperty("triggered_count").GetInt32().Should().Be(0);
        signals[dips].GetProperty("status").GetString().Should().Be("triggered");
    }

    [Fact]
    public async Task Check_PushoverRefuses_RecordedNotRetried_ExitPartial()
    {
        cli.BinancePrices(("BTCUSDT", "100250.5"));
        await AddAsync("BTCUSDT", "above", "100000");
        cli.PushoverAnswers(400, """{"user":"invalid","errors":["user identifier is invalid"],"status":0,"request":"5042853c-402d-4a18-abcb-168734a801de"}""");

        var first = await cli.RunAsync("check");
        var second = await cli.RunAsync("check");

        first.ExitCode.Should().Be(ExitCodes.Partial);
        first.Out.Should().Contain("1 fired, 0 notified, 1 notification failures");
        second.Out.Should().Contain("0 fired, 0 notified, 0 notification failures");
        cli.PushoverRequests.Should().Be(1);
    }

    [Fact]
    public async Task Check_PushoverServerError_RetriedThenDelivered()
    {
        cli.BinancePrices(("BTCUSDT", "100250.5"));
        await AddAsync("BTCUSDT", "above", "100000");
        cli.Pushover.Reset();
        cli.Pushover.Given(WireMock.RequestBuilders.Request.Create().WithPath("/1/messages.json").UsingPost())
            .InScenario("flaky").WillSetStateTo("recovered")
            .RespondWith(WireMock.ResponseBuilders.Response.Create().WithStatusCode(500).WithBody("oops"));
        cli.Pushover.Given(WireMock.RequestBuilders.Request.Create().WithPath("/1/messages.json").UsingPost())
            .InScenario("flaky").WhenStateIs("recovered")
            .RespondWith(WireMock.ResponseBuilders.Response.Create().WithStatusCode(200).WithBody("""{"status":1,"request":"r2"}"""));

        var result = await cli.RunAsync("check");

        result.ExitCode.Should().Be(0, result.Out + result.Error);
        result.Out.Should().Contain("1 fired, 1 notified");
        cli.PushoverRequests.Should().Be(2);
    }

    [Fact]
    public async Task Check_BinanceRefusesTheRegion_NamedErrorAlertStaysPending()
    {
        cli.BinanceAnswers(451, """{"code": 0, "msg": "Service unavailable from a restricted location according to 'b. Eligibility' in https://www.binance.com/en/terms. Please contact customer service if you believe you received this message in error."}""");
        var id = await AddAsync("BTCUSDT", "above", "1");

        var result = await cli.RunAsync("check");

        result.ExitCode.Should().Be(ExitCodes.Partial);
        result.Out.Should().Contain($"not checked: {id} BTCUSDT on binance: Binance refuses this region (restricted location)");
        cli.PushoverRequests.Should().Be(0);
        (await cli.ListAsync()).Single().GetProperty("status").GetString().Should().Be("pending");
    }

    [Fact]
    public async Task Check_SymbolDelistedAfterCreation_ReportedForThatAlertOnly()
    {
        cli.BinancePrices(("BTCUSDT", "100250.5"), ("NOPEUSDT", "1"));
        var delisted = await AddAsync("NOPEUSDT", "above", "2");
        await AddAsync("BTCUSDT", "above", "1");
        cli.BinancePrices(("BTCUSDT", "100250.5"));

        var result = await cli.RunAsync("check");

        result.Out.Should().Contain("1 fired, 1 notified").And.Contain($"not checked: {delisted} NOPEUSDT on binance: NOPE/USDT is not listed on binance");
    }

    [Fact]
    public async Task Check_WithoutAppToken_PrintsNotificationsAndSaysSoOnce()
    {
        cli.Environment.Remove("PUSHOVER_APP_TOKEN");
        cli.BinancePrices(("BTCUSDT", "100250.5"), ("ETHUSDT", "4000"));
        await AddAsync("BTCUSDT", "above", "100000");
        await AddAsync("ETHUSDT", "above", "1000");

        var result = await cli.RunAsync("check");

        result.ExitCode.Should().Be(0, result.Error);
        result.Out.Should().Contain("BTCUSDT above 100,000: now 100,250.5").And.Contain("ETHUSDT above 1,000: now 4,000");
        result.Error.Split('\n').Count(l => l.Contains("PUSHOVER_APP_TOKEN is not set")).Should().Be(1);
        cli.PushoverRequests.Should().Be(0);
    }

    [Fact]
    public async Task Price_KnownSymbol_ShowsPriceSourceAndLatency()
    {
        cli.BinancePrices(("BTCUSDT", "100250.50000000"));

        var result = await cli.RunAsync("price", "btc/usdt", "--exchange", "binance");

        result.ExitCode.Should().Be(0, result.Error);
        result.Out.Split('\n').Should().ContainSingle(l => l.StartsWith("binance", StringComparison.Ordinal))
            .Which.Should().MatchRegex(@"^binance +BTCUSDT +100,250\.5 +\d+ ms +-$");
    }

    [Fact]
    public async Task Price_ListedNowhere_ExitPartialWithEveryReason()
    {
        cli.BinancePrices(("BTCUSDT", "1"));

        var result = await cli.RunAsync("price", "NOPEUSDT", "--exchange", "binance");

        result.ExitCode.Should().Be(ExitCodes.Partial);
        result.Out.Should().Contain("NOPE/USDT is not listed").And.Contain("bybit").And.Contain("coinbase");
    }

    [Fact]
    public async Task Run_UntilStopped_RunsCyclesThenStopsCleanly()
    {
        cli.BinancePrices(("BTCUSDT", "100250.5"));
        await AddAsync("BTCUSDT", "above", "100000");
        using var stop = new CancellationTokenSource();

        var running = cli.RunAsync(stop.Token, "run", "--interval", "10s", "--ui-port", "0");
        while (cli.PushoverRequests == 0 && !running.IsCompleted)
            await Task.Delay(20);
        await stop.CancelAsync();
        var result = await running;

        result.ExitCode.Should().Be(0, result.Error);
        result.Out.Should().Contain("Monitoring alerts in SQLite at").And.Contain("1 fired, 1 notified").And.Contain("Stopped after 1 cycles.");
        cli.PushoverRequests.Should().Be(1);
    }

    [Theory]
    [InlineData("5s", "--interval must be from 10s to 1d")]
    [InlineData("often", "--interval must be a number followed by s, m, h or d")]
    [InlineData("99999999d", "--interval must be from 10s to 1d (got '99999999d')")]
    [InlineData("100000000000000000000m", "--interval must be from 10s to 1d")]
    public async Task Run_BadInterval_InvalidInput(string interval, string message)
    {
        var result = await cli.RunAsync("run", "--interval", interval);

        result.ExitCode.Should().Be(ExitCodes.InvalidInput);
        result.Error.Should().Contain(message);
    }

    private async Task<string> AddAsync(string symbol, string condition, string target, params string[] more)
    {
        var result = await cli.RunAsync(["signals", "add", "--exchange", "binance", "--symbol", symbol, "--condition", condition, "--target", target, "--json", .. more]);
        result.ExitCode.Should().Be(0, result.Error);
        return System.Text.Json.JsonDocument.Parse(result.Out).RootElement[0].GetProperty("id").GetString()!;
    }
}
