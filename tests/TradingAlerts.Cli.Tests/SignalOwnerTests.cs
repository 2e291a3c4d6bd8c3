namespace TradingAlerts.Cli.Tests;

/// <summary><c>signals add|list|import --owner</c>, and the owner in export and <c>signals list --json</c>, over SQLite.</summary>
public sealed class SignalOwnerTests : IDisposable
{
    private const string Password = "correct horse battery staple";
    private readonly CliHarness cli = new();

    public void Dispose() => cli.Dispose();

    [Fact]
    public async Task Add_WithoutAccounts_HasNoOwner_AnOwnerNamedIsUnknown()
    {
        var plain = await AddAsync("50");
        var named = await AddAsync("60", "--owner", "ann");

        plain.ExitCode.Should().Be(ExitCodes.Ok, plain.Error);
        named.ExitCode.Should().Be(ExitCodes.InvalidInput);
        named.Error.Should().Contain("--owner (owner): no account named 'ann'").And.Contain("Nothing was written.");
        var alert = (await cli.ListAsync()).Single();
        alert.GetProperty("owner").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null);
    }

    [Fact]
    public async Task AddAndList_ByOwner_DefaultIsTheFirstAdmin_UnknownFilterIsInvalid()
    {
        await TeamAsync();
        await AddAsync("50");
        await AddAsync("60", "--owner", "mia");

        var mine = await cli.RunAsync("signals", "list", "--owner", "mia", "--json");
        var admins = await cli.RunAsync("signals", "list", "--owner", "ann", "--json");
        var unknown = await cli.RunAsync("signals", "list", "--owner", "zed");

        mine.Out.Should().Contain("\"target_price\": 60").And.NotContain("\"target_price\": 50");
        admins.Out.Should().Contain("\"target_price\": 50").And.Contain("\"owner\": \"ann\"").And.NotContain("\"target_price\": 60");
        unknown.ExitCode.Should().Be(ExitCodes.InvalidInput);
        unknown.Error.Should().Contain("--owner: no account named 'zed'");
    }

    [Fact]
    public async Task ExportThenImport_KeepsTheOwner_ImportOwnerFillsBlankCells_UnknownOwnerRowIsReported()
    {
        await TeamAsync();
        await AddAsync("60", "--owner", "mia");
        var backup = Path.Combine(cli.Folder, "backup.csv");
        (await cli.RunAsync("signals", "export", "--output", backup)).ExitCode.Should().Be(ExitCodes.Ok);
        (await File.ReadAllTextAsync(backup)).Should().Contain(",owner").And.Contain(",mia");
        await cli.RunAsync("signals", "remove", (await cli.ListAsync()).Single().GetProperty("id").GetString()!);
        var rows = Path.Combine(cli.Folder, "rows.csv");
        await File.WriteAllTextAsync(rows, "symbol,condition,target_price,exchange,owner\nBTCUSDT,above,70,binance,\nBTCUSDT,above,80,binance,zed\n");

        var restored = await cli.RunAsync("signals", "import", backup);
        var imported = await cli.RunAsync("signals", "import", rows, "--owner", "mia");

        restored.ExitCode.Should().Be(ExitCodes.Ok, restored.Out + restored.Error);
        imported.ExitCode.Should().Be(ExitCodes.Partial);
        imported.Out.Should().Contain("1 added").And.Contain("row 3: owner: no account named 'zed'");
        (await cli.ListAsync()).Select(s => (s.GetProperty("target_price").GetDecimal(), s.GetProperty("owner").GetString()))
            .Should().BeEquivalentTo([(60m, "mia"), (70m, "mia")]);
    }

    private async Task TeamAsync()
    {
        (await cli.RunWithInputAsync(Password + "\n", "users", "add", "ann", "--admin", "--password-stdin")).ExitCode.Should().Be(ExitCodes.Ok);
        (await cli.RunWithInputAsync(Password + "\n", "users", "add", "mia", "--password-stdin")).ExitCode.Should().Be(ExitCodes.Ok);
    }

    private Task<CliResult> AddAsync(string target, params string[] extra) =>
        cli.RunAsync(["signals", "add", "--exchange", "binance", "--symbol", "BTCUSDT", "--condition", "above", "--target", target, .. extra]);
}
