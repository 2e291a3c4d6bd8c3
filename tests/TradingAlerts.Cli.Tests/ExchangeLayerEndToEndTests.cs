using System.Web;

namespace TradingAlerts.Cli.Tests;

/// <summary>The exchange layer through the CLI: listings at creation, fallback, every exchange side by side, health.</summary>
public sealed class ExchangeLayerEndToEndTests : IDisposable
{
    private const string RestrictedLocation = """{"code": 0, "msg": "Service unavailable from a restricted location according to 'b. Eligibility' in https://www.binance.com/en/terms. Please contact customer service if you believe you received this message in error."}""";
    private readonly CliHarness cli = new();

    public void Dispose() => cli.Dispose();

    [Fact]
    public async Task Check_BinanceRegionBlocked_FiresFromBybitAndTheMessageSaysSo()
    {
        cli.BinancePrices(("BTCUSDT", "100250.5"));
        await cli.RunAsync("signals", "add", "--exchange", "binance", "--symbol", "BTC/USDT", "--condition", "above", "--target", "100000");
        cli.BinanceAnswers(451, RestrictedLocation);
        cli.BybitPrices(("BTCUSDT", "100300.25"));

        var result = await cli.RunAsync("check");

        result.ExitCode.Should().Be(0, result.Out + result.Error);
        result.Out.Should().Contain("1 fired, 1 notified").And.Contain("binance 1, bybit 1, coinbase 0");
        var push = HttpUtility.ParseQueryString(cli.Pushover.LogEntries.Single().RequestMessage.Body!);
        push["message"].Should().Contain("BTCUSDT on bybit is 100,300.25").And.Contain("Price from bybit: binance could not answer (Binance refuses this region (restricted location)");

        var stats = System.Text.Json.JsonDocument.Parse((await cli.RunAsync("stats", "--since", "1h", "--json")).Out).RootElement;
        var binance = stats.GetProperty("exchanges").EnumerateArray().Single(e => e.GetProperty("exchange").GetString() == "binance");
        binance.GetProperty("fallback_uses").GetInt64().Should().Be(1, "the cycle priced binance's one alert from bybit");
        binance.GetProperty("degraded").GetInt64().Should().Be(1);
        stats.GetProperty("firings").GetInt32().Should().Be(1);
    }

    [Fact]
    public async Task SignalsAdd_SymbolNotListed_RejectedWithClosestMatches()
    {
        cli.BinancePrices(("BTCUSDT", "1"), ("BTCUSDC", "1"), ("ETHUSDT", "1"));

        var result = await cli.RunAsync("signals", "add", "--exchange", "binance", "--symbol", "BTCUSDX", "--condition", "above", "--target", "1");

        result.ExitCode.Should().Be(ExitCodes.InvalidInput);
        result.Error.Should().Contain("--symbol (symbol): BTCUSDX is not listed on binance; closest: BTCUSDC, BTCUSDT");
        (await cli.ListAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task Price_EveryExchangeSideBySide_WithErrors()
    {
        cli.BinancePrices(("BTCUSDT", "100250.5"));
        cli.BybitPrices(("BTCUSDT", "100251"));

        var result = await cli.RunAsync("price", "BTC/USDT");

        result.ExitCode.Should().Be(0, result.Error);
        var lines = result.Out.Split('\n');
        lines.Should().Contain(l => l.StartsWith("binance", StringComparison.Ordinal) && l.Contains("BTCUSDT") && l.Contains("100,250.5"));
        lines.Should().Contain(l => l.StartsWith("bybit", StringComparison.Ordinal) && l.Contains("100,251"));
        lines.Should().Contain(l => l.StartsWith("coinbase", StringComparison.Ordinal) && l.Contains("BTC-USDT") && l.Contains(" - "));
    }

    [Fact]
    public async Task Price_OneExchangeFails_ShowsTheReasonAndTheFallbacksAnswer()
    {
        cli.BinanceAnswers(451, RestrictedLocation);
        cli.BybitPrices(("BTCUSDT", "100251"));

        var result = await cli.RunAsync("price", "BTC/USDT", "--exchange", "binance");

        result.ExitCode.Should().Be(0, result.Error);
        result.Out.Should().Contain("Binance refuses this region (restricted location)").And.Contain("100,251");
        result.Out.Should().NotContain("coinbase", "the first fallback answered");
    }

    [Fact]
    public async Task Status_AfterCycles_ShowsHealthAndTheLastCycles()
    {
        cli.BinancePrices(("BTCUSDT", "1"));
        await cli.RunAsync("signals", "add", "--exchange", "binance", "--symbol", "BTCUSDT", "--condition", "above", "--target", "100");
        await cli.RunAsync("check");
        cli.BinanceAnswers(503, "{}");
        await cli.RunAsync("check");

        var result = await cli.RunAsync("status");

        result.ExitCode.Should().Be(0, result.Error);
        result.Out.Should().Contain("Exchanges").And.Contain("Last cycles");
        result.Out.Split('\n').Should().Contain(l => l.StartsWith("binance", StringComparison.Ordinal) && l.Contains("degraded") && l.Contains("HTTP 503 after 3 attempts"));
        result.Out.Split('\n').Count(l => l.Contains("binance 1") || l.Contains("binance 3")).Should().Be(2, "two cycles are listed with their requests");
    }
}
