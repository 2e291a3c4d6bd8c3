using Amazon.CDK;
using Amazon.CDK.Assertions;

namespace TradingAlerts.Cdk.Tests;

/// <summary>Synthesizes the stacks once for all tests: starting jsii costs seconds.</summary>
public sealed class StackFixture : IDisposable
{
    public const string SampleToken = "azGDORePK8gMaC0QOYAMyEEuzJnyUi";

    private readonly string assets = Directory.CreateTempSubdirectory("tradingalerts-cdk-assets-").FullName;

    public StackFixture()
    {
        // A secret in the deploying shell's environment must not leak into the template.
        System.Environment.SetEnvironmentVariable("PUSHOVER_APP_TOKEN", SampleToken);
        File.WriteAllText(Path.Combine(assets, "TradingAlerts.Functions.dll"), "placeholder for the published functions");

        // One app per stack: an app synthesizes once.
        FanOut = Template.FromStack(new TradingAlertsStack(new App(), "FanOut", new StackSettings
        {
            HandlersAssetPath = assets,
            SheetId = "1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms",
            AlarmEmail = "ops@example.com",
        }));
        Monolithic = Template.FromStack(new TradingAlertsStack(new App(), "Monolithic", new StackSettings
        {
            HandlersAssetPath = assets,
            Mode = "monolithic",
            ScheduleMinutes = 1,
        }));
    }

    public Template FanOut { get; }

    public Template Monolithic { get; }

    public void Dispose()
    {
        System.Environment.SetEnvironmentVariable("PUSHOVER_APP_TOKEN", null);
        Directory.Delete(assets, recursive: true);
    }
}

/// <summary>
/// The test classes that synthesize share one <see cref="StackFixture"/> and run one after the other: jsii's runtime
/// serves one thread at a time, and the fixture sets a process-wide environment variable.
/// </summary>
[CollectionDefinition(Name)]
public sealed class StacksCollection : ICollectionFixture<StackFixture>
{
    public const string Name = "synthesized stacks";
}
