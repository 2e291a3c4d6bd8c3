using Xunit.Abstractions;
using TradingAlerts.Simulation.World;

namespace TradingAlerts.Simulation.Tests;

/// <summary>
/// The promise, on seeded worlds: every true crossing told once per channel, in time, and nothing else; the named
/// exceptions allowed and counted. A failing seed prints what broke and the command that replays it. The bench runs
/// thousands of seeds (README, "Simulation"); these are the ones every test run checks.
/// </summary>
public class SeedsTests(ITestOutputHelper output)
{
    private const int SeedsPerDeployment = 100;

    [Theory]
    [InlineData(Deployment.Local)]
    [InlineData(Deployment.FanOut)]
    public void Seeds_KeepThePromise(Deployment deployment)
    {
        var reports = SeedRunner.RunSeeds(Enumerable.Range(1, SeedsPerDeployment), deployment);
        var summary = SeedRunner.Summarize(reports);
        output.WriteLine(summary);

        reports.Should().OnlyContain(r => r.Kept, summary);
        reports.Sum(r => r.Owed).Should().BeGreaterThan(SeedsPerDeployment, "the worlds must owe firings for the promise to mean anything");
    }

    [Theory]
    [InlineData(7, Deployment.Local)]
    [InlineData(7, Deployment.FanOut)]
    public void SameSeed_SameWorld_SameMessagesAtTheSameTimes(int seed, Deployment deployment)
    {
        var plan = WorldGenerator.Generate(seed, deployment);

        var first = Simulation.Run(plan).Log.Received.Select(r => (r.At, r.Channel, r.Recipient, r.Title, r.Message)).ToList();
        var second = Simulation.Run(plan).Log.Received.Select(r => (r.At, r.Channel, r.Recipient, r.Title, r.Message)).ToList();

        first.Should().NotBeEmpty().And.Equal(second);
    }
}
