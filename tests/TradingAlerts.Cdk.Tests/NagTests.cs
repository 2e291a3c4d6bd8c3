using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.CDK.Assertions;

namespace TradingAlerts.Cdk.Tests;

/// <summary>
/// cdk-nag's AwsSolutions pack over the synthesized templates, run by <c>scripts/nag.js</c> (the npm library, pinned in
/// package.json: <c>npm ci</c> installs it), and the suppressions it honours: each in the template with its reason,
/// and in the README.
/// </summary>
[Collection(StacksCollection.Name)]
public sealed class NagTests(StackFixture stacks)
{
    public static TheoryData<string> Stacks => new() { "fanout with the Sheets sync", "monolithic" };

    private Template TemplateOf(string name) => name == "monolithic" ? stacks.Monolithic : stacks.FanOut;

    [Theory]
    [MemberData(nameof(Stacks))]
    public void AwsSolutions_NoUnsuppressedError(string stack)
    {
        var (exit, output) = Nag(JsonNode.Parse(JsonSerializer.Serialize(TemplateOf(stack).ToJSON()))!);

        output.Should().Contain(": 0 error(s)").And.Contain("suppressed AwsSolutions-SMG4 on Secret");
        exit.Should().Be(0, output);
    }

    [Fact]
    public void AwsSolutions_WithoutTheTemplatesSuppressions_ReportsTheSecretsRotation()
    {
        var template = JsonNode.Parse(JsonSerializer.Serialize(stacks.FanOut.ToJSON()))!;
        foreach (var (_, resource) in template["Resources"]!.AsObject())
            resource!["Metadata"]?.AsObject().Remove("cdk_nag");

        var (exit, output) = Nag(template);

        exit.Should().Be(1, output);
        output.Should().Contain("error AwsSolutions-SMG4 on Secret").And.Contain(": 1 error(s)");
    }

    [Fact]
    public void AwsSolutions_AStaleSuppression_Fails()
    {
        var template = JsonNode.Parse(JsonSerializer.Serialize(stacks.FanOut.ToJSON()))!;
        var table = template["Resources"]!.AsObject().Single(r => (string?)r.Value!["Type"] == "AWS::DynamoDB::Table").Value!;
        table["Metadata"] = JsonNode.Parse("""{"cdk_nag":{"rules_to_suppress":[{"id":"AwsSolutions-DDB3","reason":"point-in-time recovery is on, so this matches nothing"}]}}""");

        var (exit, output) = Nag(template);

        exit.Should().Be(1, output);
        output.Should().Contain("the suppression of AwsSolutions-DDB3 matches no finding");
    }

    [Fact]
    public void Suppressions_CarryTheirReasonInTheTemplateAndTheReadme()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md"));
        var deploy = readme[readme.IndexOf("### Deploy", StringComparison.Ordinal)..];
        deploy = deploy[..deploy.IndexOf("\n### ", 4, StringComparison.Ordinal)];

        TradingAlertsStack.NagSuppressions.Should().NotBeEmpty();
        foreach (var template in new[] { stacks.FanOut, stacks.Monolithic })
        {
            var suppressed = JsonNode.Parse(JsonSerializer.Serialize(template.ToJSON()))!["Resources"]!.AsObject()
                .SelectMany(r => r.Value!["Metadata"]?["cdk_nag"]?["rules_to_suppress"]?.AsArray() ?? [])
                .ToDictionary(rule => (string)rule!["id"]!, rule => (string)rule!["reason"]!);
            suppressed.Should().BeEquivalentTo(TradingAlertsStack.NagSuppressions);
        }

        deploy.Should().Contain("cdk-nag");
        foreach (var (rule, reason) in TradingAlertsStack.NagSuppressions)
            deploy.Should().Contain($"`{rule}`").And.Contain(reason, "the README gives each suppression's reason under ### Deploy");
    }

    /// <summary>Runs scripts/nag.js on the template: its exit code and what it printed.</summary>
    private static (int Exit, string Output) Nag(JsonNode template)
    {
        var root = RepositoryRoot();
        if (!Directory.Exists(Path.Combine(root, "node_modules", "cdk-nag")))
            throw new InvalidOperationException($"cdk-nag is not installed: run `npm ci` in {root} (package.json pins cdk-nag)");

        var file = Path.Combine(Directory.CreateTempSubdirectory("tradingalerts-nag-").FullName, "template.json");
        File.WriteAllText(file, template.ToJsonString());
        try
        {
            var start = new ProcessStartInfo("node", [Path.Combine(root, "scripts", "nag.js"), file])
            {
                WorkingDirectory = root,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            using var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(120_000))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException("scripts/nag.js ran for more than 2 minutes");
            }

            return (process.ExitCode, stdout + stderr.Result);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "package.json")) && File.Exists(Path.Combine(dir.FullName, "TradingAlerts.sln")))
                return dir.FullName;
        }

        throw new InvalidOperationException($"no repository root (package.json next to TradingAlerts.sln) above {AppContext.BaseDirectory}");
    }
}
