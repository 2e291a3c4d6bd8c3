using CsCheck;
using TradingAlerts.Testing;

namespace TradingAlerts.Cli.Tests;

/// <summary>
/// Bad input from any surface gets a named error and loses nothing: the flag, variable, row or cell is named, the rest
/// of an import or a sheet still goes through, and nothing crashes.
/// </summary>
public sealed class BadInputTests : IDisposable
{
    private static readonly object?[] SheetHeader = ["id", "symbol", "condition", "target_price", "exchange", "frequency", "cooldown"];
    private readonly CliHarness cli = new();

    public BadInputTests() => cli.BinancePrices(("BTCUSDT", "64000.1"), ("ETHUSDT", "3000"));

    public void Dispose() => cli.Dispose();

    [Theory]
    [InlineData("--cooldown", "99999999d", "--cooldown (cooldown): must be a number followed by s, m, h or d, such as 60s, 15m, 1h or 1d, at most 7d (got '99999999d')")]
    [InlineData("--cooldown", "100000000000000000000m", "--cooldown (cooldown): must be")]
    [InlineData("--window", "99999999d", "--window (window): must be whole minutes from 1m to 7d")]
    public async Task Add_DurationLongerThanAnyTimeSpan_NamesTheFlag_WritesNothing(string flag, string value, string message)
    {
        var rule = flag == "--window" ? new[] { "--condition", "pct_move", "--pct", "5" } : ["--condition", "above", "--target", "100", "--frequency", "rearm"];

        var result = await cli.RunAsync(["signals", "add", "--exchange", "binance", "--symbol", "BTCUSDT", .. rule, flag, value]);

        result.ExitCode.Should().Be(ExitCodes.InvalidInput, result.Error);
        result.Error.Should().Contain(message).And.NotContain("   at ");
        (await cli.ListAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task Add_ExpiryAtTheEndOfTime_RefusedNamingTheLatest()
    {
        var result = await cli.RunAsync("signals", "add", "--exchange", "binance", "--symbol", "BTCUSDT", "--condition", "above", "--target", "100", "--expires", "9999-12-31T23:59:59Z");

        result.ExitCode.Should().Be(ExitCodes.InvalidInput, result.Error);
        result.Error.Should().Contain("--expires (expires_at): must be before 9000-01-01 (got 9999-12-31 23:59:59Z)");
        (await cli.ListAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task Import_RowWithAnOverflowingCooldown_IsListed_TheOthersAreImported()
    {
        var file = Path.Combine(cli.Folder, "alerts.csv");
        await File.WriteAllTextAsync(file,
            "symbol,condition,target_price,exchange,frequency,cooldown\n" +
            "BTCUSDT,above,70000,binance,rearm,15m\n" +
            "BTCUSDT,above,71000,binance,rearm,99999999d\n" +
            "ETHUSDT,below,2500,binance,rearm,1h\n");

        var result = await cli.RunAsync("signals", "import", file);

        result.ExitCode.Should().Be(ExitCodes.Partial, result.Error);
        result.Out.Should().Contain("2 added, 0 updated, 0 unchanged, 1 invalid").And.Contain("row 3: cooldown: must be");
        (await cli.ListAsync()).Should().HaveCount(2);
    }

    [Fact]
    public async Task SyncSheets_CellWithAnOverflowingCooldown_IsAnInvalidRow_TheSheetStillSyncs()
    {
        cli.UseSheetsApi();
        cli.Google.ServesValues("Alerts!A1:Z1000", [SheetHeader, ["", "BTCUSDT", "above", "70000", "binance", "rearm", "99999999d"], ["", "ETHUSDT", "below", "2500", "binance", "rearm", "1h"]]);

        var result = await cli.RunAsync("sync-sheets");

        result.ExitCode.Should().Be(ExitCodes.Partial, result.Error);
        result.Out.Should().StartWith("Synced the sheet: 1 added").And.Contain("invalid: row 2: cooldown: must be");
        (await cli.ListAsync()).Should().ContainSingle();
    }

    [Fact]
    public async Task Add_NameStartingWithAnAt_IsAName_NotAResponseFile()
    {
        var result = await cli.RunAsync("signals", "add", "--exchange", "binance", "--symbol", "BTCUSDT", "--condition", "above", "--target", "100", "--name", "@dip");

        result.ExitCode.Should().Be(ExitCodes.Ok, result.Error);
        (await cli.ListAsync()).Single().GetProperty("name").GetString().Should().Be("@dip");
    }

    [Fact]
    public async Task SheetIdTooShort_SaysTheRealRule()
    {
        cli.Environment["GOOGLE_SHEET_ID"] = "acc-sheet";

        var result = await cli.RunAsync("sync-sheets");

        result.ExitCode.Should().Be(ExitCodes.Configuration);
        result.Error.Should().Contain("GOOGLE_SHEET_ID").And.Contain("10 to 100 letters, digits, '-' or '_' (got 'acc-sheet', 9 characters)");
    }

    [Theory]
    [InlineData("ftp://hooks.example.com/t0k3nPart?key=s3cr3tPart", "(got 'ftp://hooks.example.com/…')")]
    [InlineData("hooks.example.com/t0k3nPart?key=s3cr3tPart", "(got a value of 42 characters)")]
    public async Task RecipientWebhookNotAUrl_RefusedWithoutRepeatingItsPathOrQuery(string url, string shown)
    {
        var result = await cli.RunAsync("recipients", "set", "default", "--webhook", url);

        result.ExitCode.Should().Be(ExitCodes.InvalidInput);
        result.Error.Should().Contain("webhook must be an http(s) URL").And.Contain(shown).And.NotContain("t0k3nPart").And.NotContain("s3cr3tPart");
    }

    /// <summary>
    /// Any value for a variable: the command runs (exit 0), or stops at start naming the variable (exit 3), and a
    /// secret's value is never repeated.
    /// </summary>
    [Fact]
    public void AnyValueForAVariable_RunsOrNamesTheVariable()
    {
        string[] variables = ["TRADINGALERTS_INTERVAL", "TRADINGALERTS_FALLBACK", "PUSHOVER_USER_KEY", "TRADINGALERTS_OPERATOR_USER_KEY", "PUSHOVER_APP_TOKEN", "BINANCE_API_URL", "TELEGRAM_API_URL", "GOOGLE_SHEET_ID", "GOOGLE_SHEET_STATUS_COLUMN", "TRADINGALERTS_UI_TOKEN", "TRADINGALERTS_TRUSTED_PROXIES", "TRADINGALERTS_MAX_MESSAGE_BYTES"];
        string[] secrets = ["PUSHOVER_APP_TOKEN", "TRADINGALERTS_UI_TOKEN"];
        var value = Gen.OneOf(Gen.String[1, 30], Gen.String[Gen.Char["0123456789.,:/-_smhdhttp"], 1, 30], Gen.Select(Gen.Char["0123456789"].Array[1, 30], Gen.Char["smhd"], (digits, unit) => new string(digits) + unit));

        Gen.Select(Gen.Int[0, variables.Length - 1], value).ForEach(100, pick =>
        {
            var (index, text) = pick;
            var variable = variables[index];
            var saved = cli.Environment.GetValueOrDefault(variable);
            cli.Environment[variable] = text;

            var result = cli.RunAsync("signals", "list").GetAwaiter().GetResult();

            if (saved is null)
                cli.Environment.Remove(variable);
            else
                cli.Environment[variable] = saved;
            result.Error.Should().NotContain("   at ").And.NotContain("Unhandled");
            if (result.ExitCode != ExitCodes.Ok)
                result.Error.Should().Contain(variable).And.Match(_ => result.ExitCode == ExitCodes.Configuration, $"exit {result.ExitCode}");
            if (secrets.Contains(variable) && text.Trim().Length >= 4)
                (result.Out + result.Error).Should().NotContain(text.Trim());
        });
    }

    /// <summary>
    /// Any value for any flag of <c>signals add</c>: the alert is added (exit 0), or the command refuses it naming the
    /// flag (exit 2) and the store is unchanged. Never another exit code, never a stack trace.
    /// </summary>
    [Fact]
    public void Add_AnyValueForAnyFlag_AddsOrNamesTheFlag()
    {
        // (--urgent is a switch: System.CommandLine refuses a value after it naming the value, not the flag.)
        string[] flags = ["--name", "--target", "--notes", "--user-key", "--expires", "--frequency", "--hysteresis", "--cooldown", "--channels", "--template"];
        var value = Gen.OneOf(
            Gen.String[0, 30],
            Gen.String[Gen.Char["0123456789.,-+e%smhdSMHD :/TZ_{}"], 1, 30],
            Gen.Select(Gen.Char["0123456789"].Array[1, 30], Gen.Char["smhd"], (digits, unit) => new string(digits) + unit));
        var added = 0;

        Gen.Select(Gen.Int[0, flags.Length - 1], value).ForEach(150, pick =>
        {
            var (index, text) = pick;
            var flag = flags[index];
            var args = new List<string> { "signals", "add", "--exchange", "binance", "--symbol", "BTCUSDT", "--condition", "above" };
            if (flag != "--target")
                args.AddRange(["--target", "70000"]);
            if (flag is "--hysteresis" or "--cooldown")
                args.AddRange(["--frequency", "rearm"]);
            args.Add($"{flag}={text}");

            var result = cli.RunAsync([.. args]).GetAwaiter().GetResult();

            result.Error.Should().NotContain("   at ").And.NotContain("Unhandled");
            if (result.ExitCode == ExitCodes.Ok)
                added++;
            else
                result.Error.Should().Contain(flag, $"exit {result.ExitCode} for {flag} '{text}' must name the flag").And.Match(_ => result.ExitCode == ExitCodes.InvalidInput);
            cli.ListAsync().GetAwaiter().GetResult().Should().HaveCount(added, $"{flag} '{text}' was {(result.ExitCode == ExitCodes.Ok ? "added" : "refused")}");
        });
    }
}
