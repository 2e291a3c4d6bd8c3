using System.Diagnostics;
using System.Globalization;
using TradingAlerts.Simulation;
using TradingAlerts.Simulation.World;

// dotnet run -c Release --project bench/TradingAlerts.Simulation -- --seeds N [--from S] [--deployment local|fanout]
// dotnet run -c Release --project bench/TradingAlerts.Simulation -- --seed S [--deployment local|fanout] [--trace]
string? Option(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
var deployment = Option("--deployment") switch
{
    "local" => Deployment.Local,
    "fanout" => Deployment.FanOut,
    null => (Deployment?)null,
    var other => throw new ArgumentException($"--deployment must be local or fanout (got '{other}')"),
};

if (Option("--seed") is { } one)
{
    var seed = int.Parse(one, CultureInfo.InvariantCulture);
    var report = SeedRunner.RunSeed(seed, deployment, args.Contains("--trace") ? Console.Out : null);
    Console.WriteLine(SeedRunner.Summarize([report]));
    foreach (var finding in report.Found)
        Console.WriteLine($"  {finding.Kind}: {finding.Detail}");
    return report.Kept ? 0 : 1;
}

var count = int.Parse(Option("--seeds") ?? "100", CultureInfo.InvariantCulture);
var from = int.Parse(Option("--from") ?? "1", CultureInfo.InvariantCulture);
var watch = Stopwatch.StartNew();
var finished = 0;
var reports = SeedRunner.RunSeeds(Enumerable.Range(from, count), deployment, done: _ =>
{
    if (Interlocked.Increment(ref finished) % 500 == 0)
        Console.Error.WriteLine($"{finished} seeds, {watch.Elapsed.TotalSeconds:0} s");
});
Console.WriteLine($"seeds {from} to {from + count - 1}, {watch.Elapsed.TotalSeconds:0.0} s on {Environment.ProcessorCount} cores");
Console.WriteLine(SeedRunner.Summarize(reports));
return reports.All(r => r.Kept) ? 0 : 1;
