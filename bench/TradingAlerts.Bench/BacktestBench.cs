using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using TradingAlerts.Cli;
using TradingAlerts.Core.Signals;
using TradingAlerts.Testing;
using WireMock.Server;

namespace TradingAlerts.Bench;

/// <summary>
/// Backtests of alerts on one symbol over a long period, through the real composition (SQLite store and its candle
/// cache, the Binance adapter's paging) against a stub Binance serving that many days of one-minute candles: the first
/// backtest from a cold cache (every day downloaded), then every alert again from the warm one.
/// </summary>
internal static class BacktestBench
{
    public static async Task RunAsync(int days, int alertCount, DirectoryInfo folder)
    {
        // The period ends an hour ago, so every minute of it is settled: the warm runs ask nothing.
        var to = new DateTimeOffset(DateTime.UtcNow.Date, TimeSpan.Zero).AddHours(DateTime.UtcNow.Hour - 1);
        var from = to.AddDays(-days);
        using var binance = WireMockServer.Start();
        var history = new KlineHistory(binance, KlineShape.Binance, TimeProvider.System);

        // A seeded random walk around 100 000 with wicks: the same path every run.
        var random = new Random(1);
        var price = 100_000m;
        for (var open = from; open < to; open = open.AddMinutes(1))
        {
            price = Math.Round(price * (1m + ((decimal)random.NextDouble() - 0.5m) / 500m), 2);
            var wick = price * (decimal)random.NextDouble() / 1000m;
            history.Add(open, Math.Round(price + wick, 2), Math.Round(price - wick, 2), price);
        }

        var environment = new Dictionary<string, string>
        {
            ["TRADINGALERTS_DB"] = Path.Combine(folder.FullName, "backtest.db"),
            ["BINANCE_API_URL"] = binance.Url!,
        };
        using var context = new CliContext(environment, TextWriter.Null, Console.Error, TimeProvider.System, NullLoggerFactory.Instance);
        var app = await context.ComposeAsync(CancellationToken.None);

        // Crossing alerts a percent apart around the start, re-arming with a 0.5 % hysteresis and a 15-minute cooldown.
        var alerts = Enumerable.Range(0, alertCount).Select(i => new Signal
        {
            Id = $"backtest{i:D3}",
            Name = $"backtest {i}",
            Exchange = ExchangeId.Binance,
            Symbol = "BTCUSDT",
            Base = "BTC",
            Quote = "USDT",
            Condition = i % 2 == 0 ? Condition.CrossesUp : Condition.CrossesDown,
            TargetPrice = 100_000m * (1m + ((i - (alertCount / 2)) / 100m)),
            CreatedAt = from,
            Rule = new SignalRule { Frequency = Frequency.Rearm, HysteresisPercent = 0.5m, Cooldown = TimeSpan.FromMinutes(15) },
        }).ToList();

        var cold = Stopwatch.StartNew();
        var first = await app.Backtests.RunAsync(alerts[0], (from, to), progress: null, CancellationToken.None);
        cold.Stop();
        var coldRequests = history.Requests.Count;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"cold cache: 1 backtest over {days} days ({first.Result.Candles:N0} candles, {first.Result.Firings.Count} firings) in {cold.Elapsed.TotalSeconds:0.00} s, {coldRequests} requests to Binance"));

        var warm = Stopwatch.StartNew();
        var firings = 0;
        foreach (var alert in alerts)
            firings += (await app.Backtests.RunAsync(alert, (from, to), progress: null, CancellationToken.None)).Result.Firings.Count;
        warm.Stop();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"warm cache: {alertCount} backtests over {days} days ({firings} firings in all) in {warm.Elapsed.TotalSeconds:0.00} s ({warm.Elapsed.TotalMilliseconds / alertCount:0} ms each), {history.Requests.Count - coldRequests} requests to Binance; store {new FileInfo(environment["TRADINGALERTS_DB"]).Length / 1024.0 / 1024.0:0.0} MiB; peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1024.0 / 1024.0:0} MiB"));
    }
}
