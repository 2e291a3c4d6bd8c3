using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using TradingAlerts.Cli;
using TradingAlerts.Core.Prices;
using TradingAlerts.Core.Signals;
using TradingAlerts.Storage;

// Local cycles with many armed alerts against stub exchanges on loopback: the numbers the README and the issues'
// closing notes quote. Usage (all optional):
//   --alerts 100000 --symbols 1000 --exchanges 1 --cycles 3 --fire-every 1000 --near-every 0
// --exchanges 3 spreads alerts over Binance, Bybit and Coinbase; --near-every N puts every Nth alert's target within
// 2 % of its price, so the wick rule reads candles for it.
// --backtest-days 90 --backtest-alerts 10 instead backtests that many alerts on one symbol over that many days, from a
// cold candle cache and then a warm one (BacktestBench).
var options = args.Chunk(2).ToDictionary(p => p[0].TrimStart('-'), p => int.Parse(p[1], CultureInfo.InvariantCulture));
var alertCount = options.GetValueOrDefault("alerts", 100_000);
var symbolCount = options.GetValueOrDefault("symbols", 1_000);
var exchangeCount = Math.Clamp(options.GetValueOrDefault("exchanges", 1), 1, 3);
var cycles = options.GetValueOrDefault("cycles", 3);
var fireEvery = options.GetValueOrDefault("fire-every", 1_000);
var nearEvery = options.GetValueOrDefault("near-every", 0);

if (options.TryGetValue("backtest-days", out var backtestDays))
{
    var backtestFolder = Directory.CreateTempSubdirectory("tradingalerts-backtest-bench-");
    try
    {
        await TradingAlerts.Bench.BacktestBench.RunAsync(backtestDays, options.GetValueOrDefault("backtest-alerts", 10), backtestFolder);
    }
    finally
    {
        SqliteConnection.ClearAllPools();
        backtestFolder.Delete(recursive: true);
    }

    return;
}

var exchanges = new[] { ExchangeId.Binance, ExchangeId.Bybit, ExchangeId.Coinbase }[..exchangeCount];
decimal PriceOf(int symbol) => 1000m + symbol + 0.12345678m;

var folder = Directory.CreateTempSubdirectory("tradingalerts-bench-");
using var stubs = new StubExchanges(symbolCount, PriceOf);
try
{
    var environment = new Dictionary<string, string>
    {
        ["TRADINGALERTS_DB"] = Path.Combine(folder.FullName, "bench.db"),
        ["BINANCE_API_URL"] = stubs.Binance.Url!,
        ["BYBIT_API_URL"] = stubs.Bybit.Url!,
        ["COINBASE_API_URL"] = stubs.Coinbase.Url!,
    };
    using var context = new CliContext(environment, TextWriter.Null, Console.Error, TimeProvider.System, NullLoggerFactory.Instance);
    var app = await context.ComposeAsync(CancellationToken.None);

    var seeding = Stopwatch.StartNew();
    var now = DateTimeOffset.UtcNow;
    // Made afresh each time they are needed, not held: a million alerts kept in this process's memory would slow its
    // collections, and so the cycles measured, which a real process does not pay.
    IEnumerable<Signal> Signals() => Enumerable.Range(0, alertCount).Select(i =>
    {
        var symbol = i % symbolCount;
        var target = i % fireEvery == 0 ? 1m
            : nearEvery > 0 && i % nearEvery == 1 ? PriceOf(symbol) * 1.02m
            : 1_000_000m + i;
        return new Signal
        {
            Id = $"bench{i:D7}",
            Name = $"bench {i}",
            Exchange = exchanges[i % exchanges.Length],
            Symbol = $"SYM{symbol}USDT",
            Base = $"SYM{symbol}",
            Quote = "USDT",
            Condition = Condition.Above,
            TargetPrice = target,
            CreatedAt = now.AddHours(-1),
        };
    });
    await new SqliteSignalStore(environment["TRADINGALERTS_DB"]).AddManyAsync(Signals(), CancellationToken.None);
    Console.WriteLine($"seeded {alertCount:N0} alerts on {symbolCount:N0} symbols over {exchangeCount} exchange(s) in {seeding.Elapsed.TotalSeconds:0.00} s");

    // The lower bound of requests per cycle: one bulk ticker per exchange (Coinbase: a hundred products a request),
    // plus one candle request per distinct symbol near its target (at most 50 per exchange).
    var pairsPer = Signals().GroupBy(s => s.Exchange).ToDictionary(g => g.Key, g => g.Select(s => new Pair(s.Base, s.Quote)).Distinct().ToList());
    var symbolsPer = pairsPer.ToDictionary(p => p.Key, p => p.Value.Count);
    var nearPer = Signals().Where(s => s.TargetPrice > 1m && s.TargetPrice < 1_000_000m).GroupBy(s => s.Exchange)
        .ToDictionary(g => g.Key, g => Math.Min(50, g.Select(s => s.Symbol).Distinct().Count()));
    var lowerBound = exchanges.Sum(e => (e == ExchangeId.Coinbase ? (symbolsPer[e] + 99) / 100 : 1) + nearPer.GetValueOrDefault(e));

    async Task RunCycleAsync(string label)
    {
        var watch = Stopwatch.StartNew();
        var record = await app.RunCycleAsync(CancellationToken.None);
        watch.Stop();
        var report = record.Report;
        var requests = record.Requests.Values.Sum();
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{label}: {alertCount:N0} armed alerts, {report.Checked:N0} of them read from the trigger book and evaluated, in {watch.Elapsed.TotalSeconds:0.000} s ({alertCount / watch.Elapsed.TotalSeconds:N0} armed alerts/s), {report.Fired} fired, {report.Notified} notified, {report.CheckFailures.Count} not checked; requests {requests} ({string.Join(", ", record.Requests.Where(r => r.Value > 0).Select(r => $"{r.Key.ToWire()} {r.Value}"))}), lower bound {lowerBound}, ratio {(double)requests / lowerBound:0.00}; peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1024.0 / 1024.0:0} MiB"));
    }

    for (var cycle = 1; cycle <= cycles; cycle++)
        await RunCycleAsync($"cycle {cycle}");

    // The first cycle's firings come with the process's start (code compiled on first use); as many again, added to the
    // warm process's book, give the cost of a cycle in which that many fire.
    var firingAgain = Signals().Where(s => s.TargetPrice == 1m).Select(s => s with { Id = $"again-{s.Id}" }).ToList();
    foreach (var signal in firingAgain)
        await app.Store.AddAsync(signal, CancellationToken.None);
    await RunCycleAsync($"cycle {cycles + 1} ({firingAgain.Count} alerts added to fire, warm)");

    // The price phase alone: every exchange's pairs through the cycle's price lookup (with fallback), a fresh cycle.
    var pricing = Stopwatch.StartNew();
    foreach (var (exchange, pairs) in pairsPer)
        await app.Prices.GetAsync("price-phase", exchange, pairs, CancellationToken.None);
    Console.WriteLine($"price phase alone (bulk tickers for {symbolsPer.Values.Sum():N0} exchange symbols): {pricing.Elapsed.TotalMilliseconds:0} ms");
}
finally
{
    SqliteConnection.ClearAllPools();
    folder.Delete(recursive: true);
}
