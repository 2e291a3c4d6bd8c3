using TradingAlerts.Core.Configuration;
using TradingAlerts.Engine;
using TradingAlerts.Testing;

namespace TradingAlerts.Functions.Tests;

public sealed class FunctionSettingsTests
{
    [Fact]
    public void FunctionTimeout_SetByTheCdkApp_IsRead_UnsetMeansNoDeadline()
    {
        FunctionSettings.From(new Dictionary<string, string> { ["TRADINGALERTS_FUNCTION_TIMEOUT"] = "180" }).FunctionTimeout.Should().Be(TimeSpan.FromMinutes(3));
        FunctionSettings.From(new Dictionary<string, string>()).FunctionTimeout.Should().BeNull();
    }

    [Theory]
    [InlineData("60")]
    [InlineData("75")]
    [InlineData("901")]
    [InlineData("3m")]
    public void FunctionTimeout_TooShortOrNotSeconds_IsANamedError(string value)
    {
        var read = () => FunctionSettings.From(new Dictionary<string, string> { ["TRADINGALERTS_FUNCTION_TIMEOUT"] = value });

        read.Should().Throw<ConfigurationException>().WithMessage($"TRADINGALERTS_FUNCTION_TIMEOUT must be the function's timeout in whole seconds, more than 75*(got '{value}')");
    }

    [Fact]
    public void Readme_DocumentsEveryVariableTheFunctionsRead_TheirOwnInTheLambdaTable()
    {
        var own = FunctionSettings.Variables.Except(EngineVariables.Shared).Select(v => v.Name).ToHashSet(StringComparer.Ordinal);

        ReadmeTables.VariablesUnder("### The functions' environment").Should().BeEquivalentTo(own, "the Lambda table names the functions' own variables");
        ReadmeTables.VariablesUnder("## Configuration").Should().Contain(EngineVariables.Shared.Select(v => v.Name), "the shared ones are in the configuration table");
    }
}
