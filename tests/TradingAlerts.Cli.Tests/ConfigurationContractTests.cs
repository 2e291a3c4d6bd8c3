using TradingAlerts.Testing;

namespace TradingAlerts.Cli.Tests;

/// <summary>The README's configuration table is the contract operators read: it names exactly the variables the CLI reads.</summary>
public sealed class ConfigurationContractTests
{
    [Fact]
    public void ReadmeConfigurationTable_NamesEveryVariableTheCliReads_AndNoOther()
    {
        var documented = ReadmeTables.VariablesUnder("## Configuration");
        var read = Settings.Variables.Select(v => v.Name).ToHashSet(StringComparer.Ordinal);

        documented.Except(read).Should().BeEmpty("the README documents no variable the CLI ignores");
        read.Except(documented).Should().BeEmpty("every variable the CLI reads is in the README's table");
    }

    [Fact]
    public void EveryVariable_IsDeclaredOnce_WithOneLineOfDocumentation()
    {
        Settings.Variables.GroupBy(v => v.Name).Where(g => g.Count() > 1).Select(g => g.Key).Should().BeEmpty();
        Settings.Variables.Should().OnlyContain(v => v.Meaning.Length > 0 && !v.Meaning.Contains('\n'));
    }

    [Fact]
    public async Task Config_ListsEveryVariable_SecretsOnlyAsSet()
    {
        using var cli = new CliHarness();

        var result = await cli.RunAsync("config");

        foreach (var variable in Settings.Variables)
            result.Out.Should().Contain(variable.Name);
        result.Out.Should().NotContain(CliHarness.AppToken).And.Contain("PUSHOVER_APP_TOKEN").And.Contain("(set)");
    }
}
