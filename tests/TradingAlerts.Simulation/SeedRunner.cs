using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using TradingAlerts.Simulation.Oracle;
using TradingAlerts.Simulation.World;

namespace TradingAlerts.Simulation;

/// <summary>Runs seeds (on every core, each world on a thread of its own) and sums their reports.</summary>
public static class SeedRunner
{
    public const string ReplayCommand = "dotnet run -c Release --project bench/TradingAlerts.Simulation -- --seed {0} --deployment {1} --trace";

    /// <summary>One seed, judged.</summary>
    public static SimReport RunSeed(int seed, Deployment? deployment = null, TextWriter? trace = null)
    {
        var plan = WorldGenerator.Generate(seed, deployment);
        var (run, offThread) = Simulation.RunCounted(plan, trace);
        return Checker.Check(run, offThread);
    }

    public static IReadOnlyList<SimReport> RunSeeds(IEnumerable<int> seeds, Deployment? deployment = null, int? parallelism = null, Action<SimReport>? done = null)
    {
        var reports = new ConcurrentBag<SimReport>();
        Parallel.ForEach(seeds, new ParallelOptions { MaxDegreeOfParallelism = parallelism ?? Environment.ProcessorCount }, seed =>
        {
            var report = RunSeed(seed, deployment);
            reports.Add(report);
            done?.Invoke(report);
        });
        return reports.OrderBy(r => r.Seed).ToList();
    }

    /// <summary>The report of many seeds: totals, every class of finding with its rate, and the seeds that broke the promise.</summary>
    public static string Summarize(IReadOnlyList<SimReport> reports)
    {
        var text = new StringBuilder();
        var owed = reports.Sum(r => r.Owed);
        var firings = reports.Sum(r => r.Firings);
        var local = reports.Count(r => r.Deployment == Deployment.Local);
        text.AppendLine(CultureInfo.InvariantCulture, $"seeds: {reports.Count} ({local} local, {reports.Count - local} fan-out)");
        text.AppendLine(CultureInfo.InvariantCulture, $"cycles or records: {reports.Sum(r => r.Cycles)}, exchange requests: {reports.Sum(r => r.ExchangeRequests)}, processes died: {reports.Sum(r => r.Crashes)}");
        text.AppendLine(CultureInfo.InvariantCulture, $"true firings owed: {owed}, firings made: {firings}, messages received: {reports.Sum(r => r.Messages)} ({reports.Sum(r => r.OperatorMessages)} to the operator)");
        text.AppendLine("violations:");
        foreach (var kind in Findings.Violations)
            text.AppendLine(CultureInfo.InvariantCulture, $"  {kind,-44} {reports.Sum(r => r.Count(kind)),6}");
        text.AppendLine("named exceptions:");
        foreach (var kind in Findings.Exceptions)
        {
            var count = reports.Sum(r => r.Count(kind));
            var rate = firings == 0 ? 0 : 100.0 * count / firings;
            text.AppendLine(CultureInfo.InvariantCulture, $"  {kind,-44} {count,6}  ({rate:0.00} per 100 firings)");
        }

        var broken = reports.Where(r => !r.Kept).ToList();
        text.AppendLine(CultureInfo.InvariantCulture, $"seeds that broke the promise: {broken.Count}");
        foreach (var report in broken.Take(20))
            text.Append(Describe(report));
        return text.ToString();
    }

    public static string Describe(SimReport report)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"seed {report.Seed}: replay with {string.Format(CultureInfo.InvariantCulture, ReplayCommand, report.Seed, report.Deployment.ToString().ToLowerInvariant())}");
        foreach (var finding in report.Violations.Take(10))
            text.AppendLine(CultureInfo.InvariantCulture, $"  {finding.Kind}: {finding.Detail}");
        return text.ToString();
    }
}
