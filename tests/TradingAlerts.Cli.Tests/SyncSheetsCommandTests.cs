using System.Text.Json;
using TradingAlerts.Testing.Stubs;

namespace TradingAlerts.Cli.Tests;

/// <summary><c>sync-sheets</c>, <c>signals add --to-sheet</c> and <c>config</c> end to end: the CLI against the Google stub and a SQLite file.</summary>
public sealed class SyncSheetsCommandTests : IDisposable
{
    private static readonly object?[] Header = ["id", "symbol", "condition", "target_price", "exchange", "active", "pushover_user_key", "notes"];

    private readonly CliHarness cli = new();

    public SyncSheetsCommandTests() => cli.BinancePrices(("BTCUSDT", "64000.1"), ("ETHUSDT", "3000"));

    public void Dispose() => cli.Dispose();

    [Fact]
    public async Task SyncSheets_MessySheet_ProgressThenSummaryWithInvalidRowsAndExitPartial_ThenIdempotent()
    {
        cli.UseSheetsApi();
        cli.Google.ServesValues("Alerts!A1:Z1000", [Header, ["", "BTCUSDT", "above ", "$65,000.50", "binance", true], ["", "ETHUSDT", "below", "65,5", "binance"], [], ["eth-1", "eth/usdt", "below", "2,900", "Binance", "no", "", "dip"]]);

        var first = await cli.RunAsync("sync-sheets");
        var second = await cli.RunAsync("sync-sheets");

        first.ExitCode.Should().Be(ExitCodes.Partial, first.Error);
        first.Error.Should().Contain("reading the sheet").And.Contain("checking rows: 3/3");
        first.Out.Should().StartWith("Synced the sheet: 2 added, 0 updated, 0 deactivated, 0 unchanged, 1 invalid.")
            .And.Contain("added: row 2:").And.Contain("added: row 5: eth-1")
            .And.Contain("invalid: row 3: target_price: must be a positive number such as 65000.5 or 65,000.50 (got '65,5')");
        second.ExitCode.Should().Be(ExitCodes.Partial);
        second.Out.Should().StartWith("Synced the sheet: 0 added, 0 updated, 0 deactivated, 2 unchanged, 1 invalid.");
        var alerts = await cli.ListAsync();
        alerts.Should().HaveCount(2).And.OnlyContain(a => a.GetProperty("source").GetString() == "sheets");
        alerts.Single(a => a.GetProperty("id").GetString() == "eth-1").GetProperty("sheet_key").GetString().Should().Be("id:eth-1");
    }

    [Fact]
    public async Task SyncSheets_DryRun_ShowsWhatWouldChangeAndWritesNothing()
    {
        cli.UseSheetsApi(("GOOGLE_SHEET_STATUS_COLUMN", "I"));
        cli.Google.ServesValues("Alerts!A1:Z1000", [Header, ["", "BTCUSDT", "above", "65000", "binance"]]);

        var result = await cli.RunAsync("sync-sheets", "--dry-run");

        result.ExitCode.Should().Be(ExitCodes.Ok, result.Error);
        result.Out.Should().StartWith("Dry run (nothing written): would be 1 added, 0 updated, 0 deactivated, 0 unchanged, 0 invalid.");
        (await cli.ListAsync()).Should().BeEmpty();
        cli.Google.BatchUpdates.Should().BeEmpty();
    }

    [Fact]
    public async Task SyncSheets_NotConfigured_ExitConfigurationWithTheHowTo()
    {
        var result = await cli.RunAsync("sync-sheets");

        result.ExitCode.Should().Be(ExitCodes.Configuration);
        result.Error.Should().Contain("GOOGLE_SHEET_ID").And.Contain("GOOGLE_SHEET_CSV_URL");
    }

    [Fact]
    public async Task SyncSheets_CsvUrlAnswersALoginPage_ExitPartialWithTheReason()
    {
        cli.Environment["GOOGLE_SHEET_CSV_URL"] = cli.Google.CsvUrl;
        cli.Google.ServesCsv("<html><body>Sign in to continue to Sheets</body></html>", "text/html");

        var result = await cli.RunAsync("sync-sheets");

        result.ExitCode.Should().Be(ExitCodes.Partial);
        result.Error.Should().Contain("HTML page").And.Contain("Nothing was changed");
    }

    [Fact]
    public async Task SignalsAddToSheet_AppendsTheRowWithTheIdAndStoresASheetAlert()
    {
        cli.UseSheetsApi();
        cli.Google.ServesValues("Alerts!A1:H1", [Header]);

        var result = await cli.RunAsync("signals", "add", "--exchange", "binance", "--symbol", "BTC/USDT", "--condition", "above", "--target", "70,000", "--to-sheet", "--json");

        result.ExitCode.Should().Be(ExitCodes.Ok, result.Error);
        var added = JsonDocument.Parse(result.Out).RootElement[0];
        var id = added.GetProperty("id").GetString();
        added.GetProperty("source").GetString().Should().Be("sheets");
        cli.Google.Appends.Single().GetProperty("values")[0].EnumerateArray().Select(c => c.GetString())
            .Should().Equal(id, "BTCUSDT", "above", "70000", "binance", "true", "", "");
    }

    [Fact]
    public async Task Config_SheetSettingsShownKeyNever()
    {
        cli.UseSheetsApi(("GOOGLE_SHEET_STATUS_COLUMN", "K"));

        var result = await cli.RunAsync("config");

        result.Out.Should().Contain(GoogleSheetsStub.SheetId).And.Contain("GOOGLE_SHEET_STATUS_COLUMN").And.Contain("read-write scope")
            .And.NotContain("PRIVATE KEY").And.NotContain(GoogleSheetsStub.ClientEmail);
    }
}
