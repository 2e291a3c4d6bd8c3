using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace TradingAlerts.Cli.Tests;

/// <summary><c>users add|list|remove|passwd|totp|token</c> over the real composition and a SQLite file.</summary>
public sealed class UserCommandsTests : IDisposable
{
    private const string Password = "correct horse battery staple";
    private readonly CliHarness cli = new();

    public void Dispose() => cli.Dispose();

    [Fact]
    public async Task Add_FirstAdminTakesTheExistingAlerts_PrintsAOneTimePasswordOnce()
    {
        await AddAlertAsync();

        var added = await cli.RunAsync("users", "add", "ann", "--admin");

        added.ExitCode.Should().Be(ExitCodes.Ok, added.Error);
        added.Out.Should().Contain("Added admin ann.").And.Contain("1 alert(s) without an owner now belong to ann.").And.MatchRegex("One-time password .*: [A-Za-z0-9_-]{32}");
        (await cli.ListAsync()).Single().GetProperty("owner").GetString().Should().Be("ann");
    }

    [Fact]
    public async Task Add_MemberFirst_BadName_ShortPassword_AreInvalidInput()
    {
        var member = await cli.RunAsync("users", "add", "mia");
        var badName = await cli.RunAsync("users", "add", "ann smith", "--admin");
        var shortPassword = await cli.RunWithInputAsync("short\n", "users", "add", "ann", "--admin", "--password-stdin");

        member.ExitCode.Should().Be(ExitCodes.InvalidInput);
        member.Error.Should().Contain("the first account must be an admin");
        badName.ExitCode.Should().Be(ExitCodes.InvalidInput);
        badName.Error.Should().Contain("an account name is 1 to 64 letters");
        shortPassword.ExitCode.Should().Be(ExitCodes.InvalidInput);
        shortPassword.Error.Should().Contain("a password needs at least 12 characters").And.NotContain("short\n");
        (await cli.RunAsync("users", "list")).Out.Should().Contain("No accounts");
    }

    [Fact]
    public async Task Add_TakenName_IsInvalidInput()
    {
        await cli.RunWithInputAsync(Password + "\n", "users", "add", "ann", "--admin", "--password-stdin");

        var again = await cli.RunWithInputAsync(Password + "\n", "users", "add", "ann", "--password-stdin");

        again.ExitCode.Should().Be(ExitCodes.InvalidInput);
        again.Error.Should().Contain("an account named 'ann' already exists");
    }

    [Fact]
    public async Task List_ShowsRoleMaskedKeyAndTotp_NeverAHash()
    {
        await cli.RunWithInputAsync(Password + "\n", "users", "add", "ann", "--admin", "--password-stdin", "--pushover-key", CliHarness.DefaultUserKey);
        await cli.RunWithInputAsync(Password + "\n", "users", "add", "mia", "--password-stdin");
        await cli.RunAsync("users", "totp", "mia");

        var table = await cli.RunAsync("users", "list");
        var json = await cli.RunAsync("users", "list", "--json");

        table.Out.Should().Contain("NAME").And.Contain("TOTP").And.Contain("uQiR…sG").And.NotContain(CliHarness.DefaultUserKey);
        var accounts = JsonDocument.Parse(json.Out).RootElement.EnumerateArray().ToList();
        accounts.Select(a => (a.GetProperty("name").GetString(), a.GetProperty("role").GetString(), a.GetProperty("totp").GetBoolean()))
            .Should().Equal(("ann", "admin", false), ("mia", "member", true));
        accounts[0].GetProperty("pushover_key").GetString().Should().Be("uQiR…sG");
        json.Out.Should().NotContain("hash").And.NotContain("AQAAAA", "an Identity password hash starts so in Base64");
    }

    [Fact]
    public async Task Remove_HandsTheAlertsToAnAdmin_LastAdminRefused_UnknownIsNotFound()
    {
        await cli.RunWithInputAsync(Password + "\n", "users", "add", "ann", "--admin", "--password-stdin");
        await cli.RunWithInputAsync(Password + "\n", "users", "add", "mia", "--password-stdin");
        await AddAlertAsync("--owner", "mia");

        var lastAdmin = await cli.RunAsync("users", "remove", "ann");
        var removed = await cli.RunAsync("users", "remove", "mia");
        var unknown = await cli.RunAsync("users", "remove", "mia");

        lastAdmin.ExitCode.Should().Be(ExitCodes.InvalidInput);
        lastAdmin.Error.Should().Contain("'ann' is the last admin");
        removed.ExitCode.Should().Be(ExitCodes.Ok, removed.Error);
        removed.Out.Should().Contain("Removed mia; 1 alert(s) now belong to ann.");
        unknown.ExitCode.Should().Be(ExitCodes.NotFound);
        unknown.Error.Should().Contain("no account named 'mia'");
        (await cli.ListAsync()).Single().GetProperty("owner").GetString().Should().Be("ann");
    }

    [Fact]
    public async Task Remove_TheOnlyAccount_SaysItsAlertsWereDisabled()
    {
        await cli.RunWithInputAsync(Password + "\n", "users", "add", "ann", "--admin", "--password-stdin");
        await AddAlertAsync();

        var removed = await cli.RunAsync("users", "remove", "ann");

        removed.Out.Should().Contain("no admin is left, so its 1 alert(s) were disabled");
        (await cli.ListAsync()).Single().GetProperty("active").GetBoolean().Should().BeFalse();
    }

    [Fact]
    public async Task Passwd_GeneratesOrTakesAPassword_UnknownIsNotFound()
    {
        await cli.RunWithInputAsync(Password + "\n", "users", "add", "ann", "--admin", "--password-stdin");

        var generated = await cli.RunAsync("users", "passwd", "ann");
        var given = await cli.RunWithInputAsync("another long password\n", "users", "passwd", "ann", "--password-stdin");
        var unknown = await cli.RunAsync("users", "passwd", "zed");

        generated.Out.Should().Contain("Password of ann changed.").And.Contain("One-time password");
        given.Out.Should().Contain("Password of ann changed.").And.NotContain("One-time password");
        unknown.ExitCode.Should().Be(ExitCodes.NotFound);
    }

    [Fact]
    public async Task Totp_PrintsTheUriAndSecret_OffRemovesIt()
    {
        await cli.RunWithInputAsync(Password + "\n", "users", "add", "ann", "--admin", "--password-stdin");

        var enrolled = await cli.RunAsync("users", "totp", "ann");
        var off = await cli.RunAsync("users", "totp", "ann", "--off");

        enrolled.ExitCode.Should().Be(ExitCodes.Ok, enrolled.Error);
        enrolled.Out.Should().MatchRegex("URI: +otpauth://totp/TradingAlerts%3Aann\\?secret=[A-Z2-7]+&issuer=TradingAlerts").And.MatchRegex("secret: [A-Z2-7]{32}");
        off.Out.Should().Contain("Second factor of ann removed.");
        (await cli.RunAsync("users", "list", "--json")).Out.Should().Contain("\"totp\": false");
    }

    [Fact]
    public async Task Token_IsPrintedOnce_ReadOnlySaysSo()
    {
        await cli.RunWithInputAsync(Password + "\n", "users", "add", "ann", "--admin", "--password-stdin");

        var token = await cli.RunAsync("users", "token", "ann", "--read-only");
        var unknown = await cli.RunAsync("users", "token", "zed");

        token.Out.Should().Contain("A read-only API token for ann (shown once").And.MatchRegex("\n[A-Za-z0-9_-]{43}\r?\n");
        unknown.ExitCode.Should().Be(ExitCodes.NotFound);
    }

    [Fact]
    public async Task TheSqliteFile_HoldsNeitherThePasswordNorTheToken()
    {
        await cli.RunWithInputAsync(Password + "\n", "users", "add", "ann", "--admin", "--password-stdin");
        var token = (await cli.RunAsync("users", "token", "ann")).Out.Split('\n', StringSplitOptions.TrimEntries)[1];
        SqliteConnection.ClearAllPools();

        var bytes = Directory.GetFiles(cli.Folder, "alerts.db*").SelectMany(File.ReadAllBytes).ToArray();

        token.Should().HaveLength(43);
        bytes.Should().NotBeEmpty();
        Contains(bytes, "ann").Should().BeTrue("the search must see what the file holds");
        Contains(bytes, Password).Should().BeFalse();
        Contains(bytes, token).Should().BeFalse();
    }

    private static bool Contains(byte[] haystack, string text) => haystack.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0;

    private async Task AddAlertAsync(params string[] extra)
    {
        var added = await cli.RunAsync(["signals", "add", "--exchange", "binance", "--symbol", "BTC/USDT", "--condition", "above", "--target", "50", .. extra]);
        added.ExitCode.Should().Be(ExitCodes.Ok, added.Error);
    }
}
