using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using TradingAlerts.Testing;

namespace TradingAlerts.Cli.Tests;

/// <summary>
/// <c>tradingalerts backtest</c> against stub exchanges serving three days of one-minute candles in their own page
/// shapes and limits: the requests the download makes, a 429 waited out for its Retry-After, a gap named, and the
/// firings the rule gives over the series.
/// </summary>
public sealed class BacktestCommandTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Start = Now.AddDays(-3);
    private static readonly DateTimeOffset GapStart = Start.AddDays(1).AddHours(6);
    private readonly FakeTimeProvider clock = new(Now);
    private readonly CliHarness cli;

    public BacktestCommandTests() => cli = new CliHarness { Clock = clock };

    public void Dispose() => cli.Dispose();

    [Fact]
    public async Task Binance_ThreeDaysWithARateLimitAndAGap_PagesByTheThousandWaitsOutTheRetryAfterAndReportsTheGap()
    {
        cli.BinancePrices(("BTCUSDT", "99"));
        var history = ThreeDays(cli.Binance, KlineShape.Binance);
        history.RefuseRequest = 3;

        var result = await RunWaitingAsync(history, "backtest", "--exchange", "binance", "--symbol", "BTCUSDT", "--condition", "crosses_up", "--target", "100",
            "--frequency", "rearm", "--cooldown", "15m", "--since", "3d", "--json");

        result.ExitCode.Should().Be(ExitCodes.Ok, result.Error);
        var json = JsonDocument.Parse(result.Out).RootElement;
        AssertThreeDays(json, "binance", "BTCUSDT");

        // A UTC day is 1440 minutes: two pages of at most 1000 each; the half days at either end of the period one each.
        // The third request (the first whole day's second page) is refused; that day is asked again from its start once
        // the 30 s Retry-After has passed, and nothing before.
        history.Requests.Should().HaveCount(8);
        (history.Requests[3] - history.Requests[2]).Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(30));
        result.Error.Should().Contain("rate limited: waiting 30 s");
        result.Error.Split('\n').Count(l => l.StartsWith("candles through", StringComparison.Ordinal)).Should().Be(4, "one progress line per UTC day the period touches");
    }

    [Fact]
    public async Task Bybit_ThreeDays_PagesByTheThousandNewestFirst()
    {
        cli.BybitPrices(("BTCUSDT", "99"));
        var history = ThreeDays(cli.Bybit, KlineShape.Bybit);

        var result = await cli.RunAsync("backtest", "--exchange", "bybit", "--symbol", "BTC/USDT", "--condition", "crosses_up", "--target", "100",
            "--frequency", "rearm", "--cooldown", "15m", "--since", "3d", "--json");

        result.ExitCode.Should().Be(ExitCodes.Ok, result.Error);
        AssertThreeDays(JsonDocument.Parse(result.Out).RootElement, "bybit", "BTCUSDT");
        history.Requests.Should().HaveCount(6);
    }

    [Fact]
    public async Task Coinbase_ThreeDays_PagesBy350()
    {
        cli.Exchanges.CoinbasePrices(("BTC-USD", "99"));
        var history = ThreeDays(cli.Exchanges.Coinbase, KlineShape.Coinbase);

        var result = await cli.RunAsync("backtest", "--exchange", "coinbase", "--symbol", "BTC-USD", "--condition", "crosses_up", "--target", "100",
            "--frequency", "rearm", "--cooldown", "15m", "--from", Start.ToString("O"), "--to", Now.ToString("O"), "--json");

        result.ExitCode.Should().Be(ExitCodes.Ok, result.Error);
        AssertThreeDays(JsonDocument.Parse(result.Out).RootElement, "coinbase", "BTC-USD");
        history.Requests.Should().HaveCount(16, "a UTC day's 1440 minutes are five pages of at most 350, the half days at either end three each");
    }

    [Fact]
    public async Task SecondBacktest_OfTheSamePeriod_IsServedFromTheStoredCandles_AskingOnlyTheMinutesNotYetSettled()
    {
        cli.BinancePrices(("BTCUSDT", "99"));
        var history = ThreeDays(cli.Binance, KlineShape.Binance);
        string[] lastThreeDays = ["backtest", "--exchange", "binance", "--symbol", "BTCUSDT", "--condition", "crosses_up", "--target", "100", "--frequency", "rearm", "--cooldown", "15m", "--since", "3d", "--json"];

        var first = await cli.RunAsync(lastThreeDays);
        var second = await cli.RunAsync(lastThreeDays);

        first.ExitCode.Should().Be(ExitCodes.Ok, first.Error);
        second.ExitCode.Should().Be(ExitCodes.Ok, second.Error);
        second.Out.Should().Be(first.Out, "the same candles give the same result, the ten-minute gap included");
        AssertThreeDays(JsonDocument.Parse(second.Out).RootElement, "binance", "BTCUSDT");
        history.Requests.Should().HaveCount(6 + 1, "the second run asks only for the last two minutes, which the exchange may still be completing");

        // A period that ended before them is asked nothing at all, from a store opened afresh by the next command.
        var past = await cli.RunAsync("backtest", "--exchange", "binance", "--symbol", "BTCUSDT", "--condition", "above", "--target", "100",
            "--from", Start.AddHours(6).ToString("O"), "--to", Now.AddHours(-1).ToString("O"), "--json");
        past.ExitCode.Should().Be(ExitCodes.Ok, past.Error);
        JsonDocument.Parse(past.Out).RootElement.GetProperty("candles").GetInt32().Should().Be((3 * 1440) - (6 * 60) - 60 - 10);
        history.Requests.Should().HaveCount(7, "every minute of it is kept");
    }

    [Fact]
    public async Task ExistingAlert_BacktestedByItsId_UsesItsRule()
    {
        cli.BinancePrices(("BTCUSDT", "99"));
        var added = await cli.RunAsync("signals", "add", "--exchange", "binance", "--symbol", "BTCUSDT", "--condition", "above", "--target", "100", "--json");
        added.ExitCode.Should().Be(ExitCodes.Ok, added.Error);
        var id = JsonDocument.Parse(added.Out).RootElement[0].GetProperty("id").GetString()!;
        ThreeDays(cli.Binance, KlineShape.Binance);

        var result = await cli.RunAsync("backtest", id, "--since", "1d");

        result.ExitCode.Should().Be(ExitCodes.Ok, result.Error);
        result.Out.Should().Contain("above 100").And.Contain("It would have fired once (1 push):");
        result.Out.Should().Contain("2026-11-25 10:01  100.5  wick", "above fires once, at the last wick; the others are before the period");
    }

    [Fact]
    public async Task BadInput_AsSignalsAddRefusesIt_OrAPeriodOver90Days_IsRefusedBeforeAnyRequest()
    {
        cli.BinancePrices(("BTCUSDT", "99"));
        var history = ThreeDays(cli.Binance, KlineShape.Binance);

        var noTarget = await cli.RunAsync("backtest", "--exchange", "binance", "--symbol", "BTCUSDT", "--condition", "above");
        var tooLong = await cli.RunAsync("backtest", "--exchange", "binance", "--symbol", "BTCUSDT", "--condition", "above", "--target", "100", "--since", "91d");
        var both = await cli.RunAsync("backtest", "abc123", "--condition", "above");

        noTarget.ExitCode.Should().Be(ExitCodes.InvalidInput);
        noTarget.Error.Should().Contain("--target (target_price)");
        tooLong.ExitCode.Should().Be(ExitCodes.InvalidInput);
        tooLong.Error.Should().Contain("--since (since): must be a duration from 1m to 90d");
        both.ExitCode.Should().Be(ExitCodes.InvalidInput);
        history.Requests.Should().BeEmpty();
    }

    /// <summary>
    /// Three days at 99 from 2026-11-22 12:00, with a ten-minute gap on 11-23 at 18:00. At 10:00 on 11-23, 11-24 and
    /// 11-25 the price goes to 100.5: a wick (close 99.2), then a close, then a wick again.
    /// </summary>
    private KlineHistory ThreeDays(WireMock.Server.WireMockServer server, KlineShape shape)
    {
        var history = new KlineHistory(server, shape, clock);
        for (var open = Start; open < Now; open += TimeSpan.FromMinutes(1))
        {
            if (open >= GapStart && open < GapStart.AddMinutes(10))
                continue;
            var spike = open.TimeOfDay == TimeSpan.FromHours(10);
            var closesThere = open.Date == Start.AddDays(2).Date;
            history.Add(open, spike ? 100.5m : 99m, 99m, spike && closesThere ? 100.5m : spike ? 99.2m : 99m);
        }

        return history;
    }

    private static void AssertThreeDays(JsonElement json, string exchange, string symbol)
    {
        json.GetProperty("exchange").GetString().Should().Be(exchange);
        json.GetProperty("symbol").GetString().Should().Be(symbol);
        json.GetProperty("from").GetDateTimeOffset().Should().Be(Start);
        json.GetProperty("to").GetDateTimeOffset().Should().Be(Now);
        json.GetProperty("candles").GetInt32().Should().Be((3 * 1440) - 10);

        // Armed at 99 at the first check; each spike fires (the cooldown and the 99 after it arm it again), checked at the minute's end.
        var firings = json.GetProperty("firings").EnumerateArray()
            .Select(f => (f.GetProperty("time").GetDateTimeOffset(), f.GetProperty("price").GetDecimal(), f.GetProperty("wick").GetBoolean()))
            .ToList();
        firings.Should().Equal(
            (Start.Date.AddDays(1).AddHours(10).AddMinutes(1), 100.5m, true),
            (Start.Date.AddDays(2).AddHours(10).AddMinutes(1), 100.5m, false),
            (Start.Date.AddDays(3).AddHours(10).AddMinutes(1), 100.5m, true));
        json.GetProperty("pushes").GetInt32().Should().Be(3);
        json.GetProperty("paused").GetArrayLength().Should().Be(0);
        var gap = json.GetProperty("gaps").EnumerateArray().Single();
        gap.GetProperty("from").GetDateTimeOffset().Should().Be(GapStart);
        gap.GetProperty("to").GetDateTimeOffset().Should().Be(GapStart.AddMinutes(10));
    }

    /// <summary>
    /// Runs the command; once the exchange has refused, and the command has had a moment to read the refusal, moves the
    /// clock past the Retry-After (again, until it is asked again). In steps that long, not a second at a time: a step
    /// while a request is on its way would time that request out by the same clock.
    /// </summary>
    private async Task<CliResult> RunWaitingAsync(KlineHistory history, params string[] args)
    {
        var run = cli.RunAsync(args);
        while (!run.IsCompleted)
        {
            var refused = history.Requests.Count == history.RefuseRequest;
            await Task.Delay(refused ? 200 : 1);
            if (refused && history.Requests.Count == history.RefuseRequest)
                clock.Advance(TimeSpan.FromSeconds(history.RetryAfterSeconds + 1));
        }

        return await run;
    }
}
