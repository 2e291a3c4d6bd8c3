using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using TradingAlerts.Cli;
using TradingAlerts.Core.Signals;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

// One local cycle with many armed alerts against a stub Binance on loopback: the numbers the README and the
// issue's closing note quote. Usage: --alerts 100000 --symbols 1000 --cycles 3 --fire-every 1000
var options = args.Chunk(2).ToDictionary(p => p[0].TrimStart('-'), p => int.Parse(p[1], CultureInfo.InvariantCulture));
var alertCount = options.GetValueOrDefault("alerts", 100_000);
var symbolCount = options.GetValueOrDefault("symbols", 1_000);
var cycles = options.GetValueOrDefault("cycles", 3);
var fireEvery = options.GetValueOrDefault("fire-every", 1_000);

var folder = Directory.CreateTempSubdirectory("tradingalerts-bench-");
var binance = WireMockServer.Start();
try
{
    var ticker = new StringBuilder("[");
    for (var s = 0; s < symbolCount; s++)
        ticker.Append(CultureInfo.InvariantCulture, $"{(s > 0 ? "," : string.Empty)}{{\"symbol\":\"SYM{s}USDT\",\"price\":\"{1000 + s}.12345678\"}}");
    binance.Given(Request.Create().WithPath("/api/v3/ticker/price").UsingGet())
        .RespondWith(Response.Create().WithStatusCode(200).WithBody(ticker.Append(']').ToString()));

    var environment = new Dictionary<string, string>
    {
        ["TRADINGALERTS_DB"] = Path.Combine(folder.FullName, "bench.db"),
        ["BINANCE_API_URL"] = binance.Url!,
    };
    using var context = new CliContext(environment, TextWriter.Null, Console.Error, TimeProvider.System, NullLoggerFactory.Instance);
    var app = await context.ComposeAsync(CancellationToken.None);

    var seeding = Stopwatch.StartNew();
    var now = DateTimeOffset.UtcNow;
    await app.Store.AddManyAsync(
        Enumerable.Range(0, alertCount).Select(i => new Signal
        {
            Id = $"bench{i:D7}",
            Name = $"bench {i}",
            Exchange = ExchangeId.Binance,
            Symbol = $"SYM{i % symbolCount}USDT",
            Condition = Condition.Above,

            // One alert in fireEvery is below its symbol's price and fires; the others wait far above it.
            TargetPrice = i % fireEvery == 0 ? 1m : 1_000_000m + i,
            CreatedAt = now,
        }),
        CancellationToken.None);
    Console.WriteLine($"seeded {alertCount:N0} alerts on {symbolCount:N0} symbols in {seeding.Elapsed.TotalSeconds:0.00} s");

    for (var cycle = 1; cycle <= cycles; cycle++)
    {
        var requestsBefore = app.ExchangeRequests.Values.Sum(c => c.Count);
        var watch = Stopwatch.StartNew();
        var report = await app.Cycle.RunOnceAsync(CancellationToken.None);
        watch.Stop();
        var requests = app.ExchangeRequests.Values.Sum(c => c.Count) - requestsBefore;
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"cycle {cycle}: {report.Checked:N0} alerts evaluated in {watch.Elapsed.TotalSeconds:0.000} s ({report.Checked / watch.Elapsed.TotalSeconds:N0} alerts/s), {report.Fired} fired, {report.Notified} notified, {requests} exchange request(s), peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1024.0 / 1024.0:0} MiB"));
    }
}
finally
{
    binance.Stop();
    SqliteConnection.ClearAllPools();
    folder.Delete(recursive: true);
}
