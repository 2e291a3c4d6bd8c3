using System.Text.Json;
using Microsoft.Extensions.Time.Testing;

namespace TradingAlerts.Cli.Tests;

/// <summary><c>tradingalerts history</c> after real cycles (<c>check</c> against a stub Binance): the prices each cycle saw.</summary>
public sealed class HistoryCommandTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider clock = new(Now);
    private readonly CliHarness cli;

    public HistoryCommandTests() => cli = new CliHarness { Clock = clock };

    public void Dispose() => cli.Dispose();

    [Fact]
    public async Task History_AfterTwoCycles_GivesThePriceEachSaw_AtItsStart()
    {
        cli.BinancePrices(("BTCUSDT", "97000.50000000"), ("ETHUSDT", "3000.00000000"));
        (await cli.RunAsync("signals", "add", "--exchange", "binance", "--symbol", "BTCUSDT", "--condition", "above", "--target", "200000")).ExitCode.Should().Be(ExitCodes.Ok);
        (await cli.RunAsync("check")).ExitCode.Should().Be(ExitCodes.Ok);
        clock.Advance(TimeSpan.FromMinutes(1));
        cli.BinancePrices(("BTCUSDT", "97100.00000000"), ("ETHUSDT", "3000.00000000"));
        (await cli.RunAsync("check")).ExitCode.Should().Be(ExitCodes.Ok);

        var json = await cli.RunAsync("history", "BTCUSDT", "--json");
        var text = await cli.RunAsync("history", "btc/usdt", "--since", "1h");
        var bybit = await cli.RunAsync("history", "BTC/USDT", "--exchange", "bybit");

        json.ExitCode.Should().Be(ExitCodes.Ok, json.Error);
        var binance = JsonDocument.Parse(json.Out).RootElement.GetProperty("exchanges").EnumerateArray().Single();
        binance.GetProperty("exchange").GetString().Should().Be("binance");
        binance.GetProperty("points").EnumerateArray().Select(p => (p.GetProperty("time").GetDateTimeOffset(), p.GetProperty("price").GetDecimal()))
            .Should().Equal((Now, 97_000.5m), (Now.AddMinutes(1), 97_100m));
        text.Out.Should().Contain("BTC/USDT from 2026-11-25 11:01:00 to 2026-11-25 12:01:00 UTC")
            .And.Contain("binance BTCUSDT: 2 price(s), from 97,000.5 to 97,100; high 97,100, low 97,000.5")
            .And.Contain("2026-11-25 12:01:00  97,100");
        bybit.ExitCode.Should().Be(ExitCodes.Ok, bybit.Error);
        bybit.Out.Should().Contain("No prices kept in this period");
    }

    [Fact]
    public async Task History_BadInput_IsNamed()
    {
        var period = await cli.RunAsync("history", "BTCUSDT", "--since", "91d");
        var exchange = await cli.RunAsync("history", "BTCUSDT", "--exchange", "kraken");
        var symbol = await cli.RunAsync("history", "B");

        period.ExitCode.Should().Be(ExitCodes.InvalidInput);
        period.Error.Should().Contain("--since must be a duration from 1m to 90d");
        exchange.ExitCode.Should().Be(ExitCodes.InvalidInput);
        exchange.Error.Should().Contain("--exchange must be one of binance | bybit | coinbase");
        symbol.ExitCode.Should().Be(ExitCodes.InvalidInput);
        symbol.Error.Should().Contain("SYMBOL: must be 2 to 30 letters or digits");
    }
}
