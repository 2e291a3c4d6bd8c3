using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using TradingAlerts.Storage;
using TradingAlerts.Testing;

namespace TradingAlerts.Cli.Tests;

/// <summary><c>tradingalerts stats</c> over a SQLite file holding a known week of history: the figures it must show.</summary>
public sealed class StatsCommandTests : IDisposable
{
    private static readonly DateTimeOffset Now = SignalFactory.Now;
    private readonly CliHarness cli = new() { Clock = new FakeTimeProvider(Now) };

    public void Dispose() => cli.Dispose();

    [Fact]
    public async Task StatsJson_AKnownWeek_GivesItsFigures()
    {
        await WriteHistoryAsync();

        var result = await cli.RunAsync("stats", "--since", KnownHistory.Period, "--json");

        result.ExitCode.Should().Be(ExitCodes.Ok, result.Error);
        var stats = JsonDocument.Parse(result.Out).RootElement;
        stats.GetProperty("firings").GetInt32().Should().Be(KnownHistory.Firings);
        stats.GetProperty("from").GetDateTimeOffset().Should().Be(Now.AddDays(-7));
        stats.GetProperty("days").EnumerateArray().Sum(d => d.GetProperty("firings").GetInt32()).Should().Be(KnownHistory.Firings);
        var symbols = stats.GetProperty("symbols").EnumerateArray().ToDictionary(s => s.GetProperty("symbol").GetString()!, s => s.GetProperty("firings").GetInt32());
        symbols.Should().BeEquivalentTo(new Dictionary<string, int> { ["BTCUSDT"] = KnownHistory.BtcFirings, ["ETHUSDT"] = KnownHistory.EthFirings });

        var channels = stats.GetProperty("channels").EnumerateArray().ToDictionary(c => c.GetProperty("channel").GetString()!);
        channels["pushover"].GetProperty("sent").GetInt32().Should().Be(KnownHistory.PushoverDeliveries);
        channels["pushover"].GetProperty("latency_p50_ms").GetInt64().Should().Be(KnownHistory.PushoverP50Ms);
        channels["pushover"].GetProperty("latency_p95_ms").GetInt64().Should().Be(KnownHistory.PushoverP95Ms);
        channels["telegram"].GetProperty("failed").GetInt32().Should().Be(KnownHistory.TelegramFailed);
        channels["telegram"].GetProperty("held").GetInt32().Should().Be(KnownHistory.TelegramHeld);
        channels["telegram"].GetProperty("success_rate").GetDecimal().Should().Be(KnownHistory.TelegramSuccessRate);

        var cycles = stats.GetProperty("cycles");
        cycles.GetProperty("recorded").GetInt64().Should().Be(KnownHistory.CyclesRecorded);
        cycles.GetProperty("completed").GetInt64().Should().Be(KnownHistory.CyclesCompleted);
        cycles.GetProperty("broken_off").GetInt64().Should().Be(KnownHistory.CyclesBrokenOff);
        var binance = stats.GetProperty("exchanges").EnumerateArray().Single();
        binance.GetProperty("exchange").GetString().Should().Be("binance");
        (binance.GetProperty("up").GetInt64(), binance.GetProperty("degraded").GetInt64(), binance.GetProperty("down").GetInt64(), binance.GetProperty("requests").GetInt64(), binance.GetProperty("fallback_uses").GetInt64())
            .Should().Be((KnownHistory.BinanceUp, KnownHistory.BinanceDegraded, KnownHistory.BinanceDown, KnownHistory.BinanceRequests, KnownHistory.BinanceFallbackUses));
        stats.GetProperty("most_fired").EnumerateArray().Select(a => (a.GetProperty("id").GetString(), a.GetProperty("firings").GetInt32()))
            .Should().Equal((KnownHistory.MostFired, KnownHistory.MostFiredCount));
        stats.GetProperty("never_fired").EnumerateArray().Select(a => a.GetProperty("id").GetString()).Should().Equal(KnownHistory.NeverFired);
    }

    [Fact]
    public async Task Stats_AKnownWeek_PrintsItsFiguresForPeople()
    {
        await WriteHistoryAsync();

        var result = await cli.RunAsync("stats");

        result.ExitCode.Should().Be(ExitCodes.Ok, result.Error);
        result.Out.Should().Contain($"{KnownHistory.Firings} firing(s)");
        Line(result.Out, "pushover").Should().MatchRegex(@"^pushover\s+5\s+5\s+0\s+0\s+0\s+100%\s+4\.0 s\s+10\.0 s$");
        Line(result.Out, "telegram").Should().MatchRegex(@"^telegram\s+3\s+1\s+1\s+1\s+1\s+50%\s+3\.0 s\s+3\.0 s$");
        Line(result.Out, "binance").Should().MatchRegex(@"^binance\s+1\s+1\s+1\s+7\s+8$");
        Line(result.Out, KnownHistory.MostFired).Should().MatchRegex(@"btc-100k alert\s+BTCUSDT\s+3$");
        result.Out.Should().Contain("sol-watch").And.Contain("old-one");
    }

    [Fact]
    public async Task Stats_EmptyStore_SaysNothingFired()
    {
        var result = await cli.RunAsync("stats", "--since", "24h");

        result.ExitCode.Should().Be(ExitCodes.Ok, result.Error);
        result.Out.Should().Contain("0 firing(s)").And.Contain("Deliveries: none in the period.");
    }

    [Theory]
    [InlineData("forever")]
    [InlineData("91d")]
    [InlineData("0m")]
    public async Task Stats_BadPeriod_NamesTheFlagAndTheLimit(string since)
    {
        var result = await cli.RunAsync("stats", "--since", since);

        result.ExitCode.Should().Be(ExitCodes.InvalidInput);
        result.Error.Should().Contain($"--since must be a duration from 1m to 90d, such as 24h or 7d (got '{since}')");
    }

    private async Task WriteHistoryAsync()
    {
        var store = new SqliteSignalStore(cli.Environment["TRADINGALERTS_DB"]);
        await store.InitializeAsync(CancellationToken.None);
        await KnownHistory.WriteAsync(store, Now);
    }

    private static string Line(string output, string first) =>
        output.Split('\n').Select(l => l.TrimEnd('\r')).Single(l => l.StartsWith(first + " ", StringComparison.Ordinal));
}
