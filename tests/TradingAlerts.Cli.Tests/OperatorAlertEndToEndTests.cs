using System.Web;
using Microsoft.Extensions.Time.Testing;

namespace TradingAlerts.Cli.Tests;

/// <summary>
/// The operator health alert through separate <c>check</c> invocations (each a new composition over the same SQLite
/// file), a minute apart on a fake clock, against stub exchanges and a stub Pushover.
/// </summary>
public sealed class OperatorAlertEndToEndTests : IDisposable
{
    private const string OperatorKey = "oPeRaToRkEy0123456789abcdefghi";
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.Zero));
    private readonly CliHarness cli;

    public OperatorAlertEndToEndTests()
    {
        cli = new CliHarness { Clock = clock };
        cli.Environment["TRADINGALERTS_OPERATOR_USER_KEY"] = OperatorKey;
    }

    public void Dispose() => cli.Dispose();

    [Fact]
    public async Task Check_BinanceFailingForCyclesThenBack_OperatorGetsOneDownAndOneRecoveredMessage()
    {
        cli.BinancePrices(("BTCUSDT", "100"));
        (await cli.RunAsync("signals", "add", "--exchange", "binance", "--symbol", "BTCUSDT", "--condition", "above", "--target", "1000")).ExitCode.Should().Be(0);
        cli.BybitPrices(("BTCUSDT", "101"));
        cli.BinanceAnswers(503, "{}");

        for (var cycle = 1; cycle <= 2; cycle++)
            await CheckAsync();
        Messages().Should().BeEmpty("two failing cycles are not yet an incident");

        for (var cycle = 3; cycle <= 6; cycle++)
            await CheckAsync();
        var down = Messages().Should().ContainSingle("one message per incident, not one per cycle").Subject;
        (await cli.RunAsync("status")).Out.Should().Contain("Operator alert open: binance down since 2026-03-01 10:00:00 UTC");
        down["user"].Should().Be(OperatorKey);
        down["title"].Should().Be("TradingAlerts: binance is down");
        down["message"].Should().Contain("since 2026-03-01 10:00 UTC").And.Contain("HTTP 503").And.Contain("tradingalerts status");

        cli.BinancePrices(("BTCUSDT", "100"));
        clock.Advance(TimeSpan.FromMinutes(2));
        await CheckAsync();
        await CheckAsync();

        Messages().Should().HaveCount(2);
        Messages()[1]["user"].Should().Be(OperatorKey);
        Messages()[1]["title"].Should().Be("TradingAlerts: binance recovered");
        var status = await cli.RunAsync("status");
        status.Out.Should().Contain("binance").And.Contain("ok").And.NotContain("Operator alert open");
    }

    [Theory]
    [InlineData("TRADINGALERTS_INTERVAL", "5s", "TRADINGALERTS_INTERVAL must be from 10s to 1d (got '5s')")]
    [InlineData("TRADINGALERTS_INTERVAL", "often", "TRADINGALERTS_INTERVAL must be a number followed by s, m, h or d")]
    [InlineData("TRADINGALERTS_INTERVAL", "99999999d", "TRADINGALERTS_INTERVAL must be from 10s to 1d (got '99999999d')")]
    [InlineData("TRADINGALERTS_OPERATOR_USER_KEY", "not-a-key", "TRADINGALERTS_OPERATOR_USER_KEY must be a 30-character Pushover user or group key (letters and digits; the value set has 9 characters)")]
    public async Task Check_BadOperatorSetting_ConfigurationErrorNamingIt(string variable, string value, string message)
    {
        cli.Environment[variable] = value;

        var result = await cli.RunAsync("check");

        result.ExitCode.Should().Be(ExitCodes.Configuration);
        result.Error.Should().Contain(message);
        Messages().Should().BeEmpty();
    }

    private async Task CheckAsync()
    {
        var result = await cli.RunAsync("check");
        result.ExitCode.Should().Be(0, result.Out + result.Error);
        clock.Advance(TimeSpan.FromMinutes(1));
    }

    private List<System.Collections.Specialized.NameValueCollection> Messages() =>
        cli.Pushover.LogEntries.Where(e => e.RequestMessage.Path == "/1/messages.json").Select(e => HttpUtility.ParseQueryString(e.RequestMessage.Body!)).ToList();
}
