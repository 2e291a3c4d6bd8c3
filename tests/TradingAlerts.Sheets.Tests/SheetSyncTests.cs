using System.Text.Json;
using TradingAlerts.Core.Accounts;
using TradingAlerts.Core.Configuration;
using TradingAlerts.Core.Sheets;
using TradingAlerts.Core.Signals;
using TradingAlerts.Core.Transfer;
using TradingAlerts.Testing;
using TradingAlerts.Testing.Stubs;

namespace TradingAlerts.Sheets.Tests;

/// <summary>The sync end to end: the Google stub over HTTP (token, values.get, batchUpdate, append, CSV), Core's rules, a SQLite file.</summary>
public sealed class SheetSyncTests : IDisposable
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private static readonly object?[] Header = ["Symbol", "Condition ", "TARGET_PRICE", "exchange", "Active", "pushover_user_key", "notes", "Comment", "id"];

    private readonly SheetHarness h = new();

    public void Dispose() => h.Dispose();

    /// <summary>Rows as people leave them: formatted prices, a checkbox, yes/0, trailing spaces, a blank row, short rows, an extra column.</summary>
    private static object?[][] MessyRows() =>
    [
        Header,
        ["BTCUSDT", "above ", "$65,000.50", "binance", true, SheetHarness.UserKey, "weekly plan", "ignored"],
        ["eth/usdt", "below", "65,000.50", "Bybit", "yes"],
        [],
        ["SOLUSDT", " above", "65000.5", " binance", "0", "", "", "x", "sol-1"],
        ["BTCUSDT", "sideways", "abc", "kraken", "maybe"],
    ];

    [Fact]
    public async Task Sync_MessyApiRows_ValidRowsBecomeExactAlertsAndTheBadRowIsNamed()
    {
        h.Google.ServesValues("Alerts!A1:Z1000", MessyRows());

        var report = await h.ApiSync().SyncAsync(new SheetSyncOptions(), Ct);

        report.Added.Should().Be(3);
        report.Changes.Select(c => c.Row).Should().Equal(2, 3, 5);
        var alerts = (await h.AlertsAsync()).ToDictionary(a => a.Symbol + "@" + a.Exchange.ToWire());
        alerts["BTCUSDT@binance"].Should().Match<Signal>(a => a.TargetPrice == 65_000.50m && a.Condition == Condition.Above && a.Active && a.UserId == SheetHarness.UserKey && a.Notes == "weekly plan" && a.Source == SignalSource.Sheets);
        alerts["BTCUSDT@binance"].SheetKey.Should().Be($"binance:BTCUSDT:above:65000.5:{SheetHarness.UserKey}");
        alerts["ETHUSDT@bybit"].Should().Match<Signal>(a => a.TargetPrice == 65_000.5m && a.Condition == Condition.Below && a.Active && a.UserId == null && a.Notes == null);
        alerts["SOLUSDT@binance"].Should().Match<Signal>(a => a.Id == "sol-1" && !a.Active && a.SheetKey == "id:sol-1");
        report.Invalid.Should().OnlyContain(e => e.Row == 6);
        report.Invalid.Select(e => e.Field).Should().BeEquivalentTo("exchange", "condition", "target_price", "active");
        report.Invalid.Single(e => e.Field == "target_price").Message.Should().Contain("'abc'");
    }

    [Fact]
    public async Task Sync_ServiceAccount_OneTokenAndOneValuesGetWithTheBearerTokenAndReadOnlyScope()
    {
        h.Google.ServesValues("Alerts!A1:Z1000", MessyRows());

        await h.ApiSync().SyncAsync(new SheetSyncOptions(), Ct);

        h.Google.TokenRequests.Should().Be(1);
        h.Google.ValuesGets.Should().Be(1);
        h.Google.ApiAuthorizations.Should().Equal($"Bearer {GoogleSheetsStub.AccessToken}");
        var claims = h.Google.VerifiedAssertionClaims().Single();
        claims.GetProperty("iss").GetString().Should().Be(GoogleSheetsStub.ClientEmail);
        claims.GetProperty("scope").GetString().Should().Be(ServiceAccountKey.ReadOnlyScope);
        claims.GetProperty("aud").GetString().Should().Be("https://oauth2.googleapis.com/token", "Google.Apis.Auth names Google's token audience; the request itself went to the key's token_uri");
        h.Google.Server.LogEntries.Single(e => e.RequestMessage.Path.Contains("/values/", StringComparison.Ordinal)).RequestMessage.Path
            .Should().Be($"/v4/spreadsheets/{GoogleSheetsStub.SheetId}/values/A:Z", "the default range is A:Z of the first tab");
    }

    [Fact]
    public async Task Sync_Twice_SecondSyncChangesNothing()
    {
        h.Google.ServesValues("Alerts!A1:Z1000", MessyRows());
        var sync = h.ApiSync();
        await sync.SyncAsync(new SheetSyncOptions(), Ct);
        var before = await h.AlertsAsync();

        var again = await sync.SyncAsync(new SheetSyncOptions(), Ct);

        again.Changes.Should().BeEmpty();
        again.Unchanged.Should().Be(3);
        (await h.AlertsAsync()).Should().BeEquivalentTo(before, "no alert was written: versions are unchanged");
    }

    [Fact]
    public async Task Sync_EditedRowWithId_UpdatesInPlaceKeepingTriggeredCountAndHistory()
    {
        h.Google.ServesValues("Alerts!A1:Z1000", [Header, ["SOLUSDT", "above", "150", "binance", "TRUE", "", "", "", "sol-1"]]);
        var sync = h.ApiSync();
        await sync.SyncAsync(new SheetSyncOptions(), Ct);
        var added = (await h.Store.GetAsync("sol-1", Ct))!;
        var firing = SignalFactory.FiringFor(Core.Pipeline.SignalSnapshot.From(added), SignalFactory.Now);
        (await h.Store.ClaimTriggerAsync(Core.Pipeline.SignalSnapshot.From(added), firing, new SignalState(SignalStatus.Triggered), Ct)).Should().BeTrue();

        h.Google.ServesValues("Alerts!A1:Z1000", [["Comment", .. Header], ["moved", "SOLUSDT", "below", "$140.25", "binance", "TRUE", "", "dip", "", "sol-1"]]);
        var report = await sync.SyncAsync(new SheetSyncOptions(), Ct);

        report.Changes.Should().ContainSingle().Which.Should().Match<SheetChange>(c => c.Kind == SheetChangeKind.Updated && c.SignalId == "sol-1" && c.Row == 2);
        var edited = (await h.Store.GetAsync("sol-1", Ct))!;
        edited.Should().Match<Signal>(s => s.Condition == Condition.Below && s.TargetPrice == 140.25m && s.Notes == "dip" && s.TriggeredCount == 1 && s.Status == SignalStatus.Triggered);
        (await h.Store.ListDeliveriesAsync("sol-1", Ct)).Should().ContainSingle();
        (await h.AlertsAsync()).Should().ContainSingle();
    }

    [Fact]
    public async Task Sync_RowWithoutIdEditedOutsideItsKey_UpdatesInPlace()
    {
        h.Google.ServesValues("Alerts!A1:Z1000", [Header, ["BTCUSDT", "above", "65000", "binance", "TRUE", "", "old"]]);
        var sync = h.ApiSync();
        await sync.SyncAsync(new SheetSyncOptions(), Ct);
        var id = (await h.AlertsAsync()).Single().Id;

        h.Google.ServesValues("Alerts!A1:Z1000", [Header, [], ["BTCUSDT", "above", "65,000.00", "binance", "FALSE", "", "new"]]);
        var report = await sync.SyncAsync(new SheetSyncOptions(), Ct);

        report.Updated.Should().Be(1);
        (await h.AlertsAsync()).Should().ContainSingle().Which.Should().Match<Signal>(s => s.Id == id && s.Notes == "new" && !s.Active);
    }

    [Fact]
    public async Task Sync_RowRemoved_DeactivatesItsAlertAndNeverTouchesCliAlerts()
    {
        var cliAlert = SignalFactory.Armed("cli-btc") with { TargetPrice = 65_000m, UserId = null, Source = SignalSource.Cli };
        await h.Store.AddAsync(cliAlert, Ct);
        h.Google.ServesValues("Alerts!A1:Z1000", [Header, ["BTCUSDT", "above", "65000", "binance"], ["ETHUSDT", "above", "4000", "binance"]]);
        var sync = h.ApiSync();
        await sync.SyncAsync(new SheetSyncOptions(), Ct);
        var eth = (await h.AlertsAsync()).Single(a => a.Symbol == "ETHUSDT");

        h.Google.ServesValues("Alerts!A1:Z1000", [Header, ["BTCUSDT", "above", "65000", "binance"]]);
        var report = await sync.SyncAsync(new SheetSyncOptions(), Ct);

        report.Changes.Should().ContainSingle().Which.Should().Match<SheetChange>(c => c.Kind == SheetChangeKind.Deactivated && c.SignalId == eth.Id && c.Row == null);
        (await h.Store.GetAsync(eth.Id, Ct))!.Active.Should().BeFalse("a removed row deactivates, never deletes");
        (await h.Store.GetAsync("cli-btc", Ct)).Should().Be(cliAlert, "the CLI's alert with the same key is not the sheet's");
        (await h.AlertsAsync()).Should().HaveCount(3);

        h.Google.ServesValues("Alerts!A1:Z1000", [Header, ["BTCUSDT", "above", "65000", "binance"], ["ETHUSDT", "above", "4000", "binance"]]);
        (await sync.SyncAsync(new SheetSyncOptions(), Ct)).Changes.Should().ContainSingle(c => c.Kind == SheetChangeKind.Updated && c.SignalId == eth.Id, "a row that comes back re-activates its alert");
    }

    [Fact]
    public async Task Sync_InvalidRowWithoutId_HoldsBackDeactivations()
    {
        h.Google.ServesValues("Alerts!A1:Z1000", [Header, ["BTCUSDT", "above", "65000", "binance"]]);
        var sync = h.ApiSync();
        await sync.SyncAsync(new SheetSyncOptions(), Ct);

        h.Google.ServesValues("Alerts!A1:Z1000", [Header, ["BTCUSDT", "above", "65,0", "binance"]]);
        var report = await sync.SyncAsync(new SheetSyncOptions(), Ct);

        report.Deactivated.Should().Be(0);
        report.Remarks.Should().ContainSingle().Which.Should().Contain("row(s) 2");
        (await h.AlertsAsync()).Single().Active.Should().BeTrue();
    }

    [Fact]
    public async Task Sync_DuplicateRows_ReportedAndTheFirstSyncedOnce()
    {
        h.Google.ServesValues("Alerts!A1:Z1000", [Header, ["BTCUSDT", "above", "65000", "binance"], ["btc/usdt", "above", "65,000.00", "binance", "", "", "again"], ["ETHUSDT", "above", "1", "binance", "", "", "", "", "e1"], ["SOLUSDT", "above", "2", "binance", "", "", "", "", "e1"]]);

        var report = await h.ApiSync().SyncAsync(new SheetSyncOptions(), Ct);

        report.Changes.Select(c => c.Row).Should().Equal(2, 4);
        report.Invalid.Select(e => (e.Row, e.Field)).Should().Equal((3, "symbol"), (5, "id"));
        report.Invalid[0].Message.Should().Contain("same alert as row 2");
        report.Invalid[1].Message.Should().Contain("same alert as row 4");
        (await h.AlertsAsync()).Should().HaveCount(2);
    }

    [Fact]
    public async Task Sync_RowWithTheIdOfACliAlert_IsInvalidAndTheAlertUntouched()
    {
        var cliAlert = SignalFactory.Armed("mine");
        await h.Store.AddAsync(cliAlert, Ct);
        h.Google.ServesValues("Alerts!A1:Z1000", [Header, ["ETHUSDT", "below", "1", "binance", "", "", "", "", "mine"]]);

        var report = await h.ApiSync().SyncAsync(new SheetSyncOptions(), Ct);

        report.Invalid.Should().ContainSingle().Which.Should().Be(new Core.Transfer.RowError(2, "id", "alert mine was created in the cli; the sync never changes alerts made in the UI or CLI"));
        (await h.Store.GetAsync("mine", Ct)).Should().Be(cliAlert);
    }

    [Fact]
    public async Task Sync_DryRun_ReportsTheChangesAndWritesNothing()
    {
        h.Google.ServesValues("Alerts!A1:Z1000", MessyRows());

        var report = await h.ApiSync(("GOOGLE_SHEET_STATUS_COLUMN", "J")).SyncAsync(new SheetSyncOptions(DryRun: true), Ct);

        report.DryRun.Should().BeTrue();
        report.Added.Should().Be(3);
        (await h.AlertsAsync()).Should().BeEmpty();
        h.Google.BatchUpdates.Should().BeEmpty();
    }

    [Fact]
    public async Task Sync_StatusColumn_OneBatchUpdateWithOkOrTheErrorPerRowAndTheReadWriteScope()
    {
        h.Google.ServesValues("Alerts!A1:Z1000", MessyRows());

        await h.ApiSync(("GOOGLE_SHEET_STATUS_COLUMN", "j")).SyncAsync(new SheetSyncOptions(), Ct);

        var body = h.Google.BatchUpdates.Should().ContainSingle().Subject;
        body.GetProperty("valueInputOption").GetString().Should().Be("RAW");
        var data = body.GetProperty("data").EnumerateArray().Should().ContainSingle().Subject;
        data.GetProperty("range").GetString().Should().Be("Alerts!J2:J6");
        var values = data.GetProperty("values").EnumerateArray().Select(r => r.EnumerateArray().Single().GetString()).ToList();
        values.Should().HaveCount(5);
        values[0].Should().Be("OK");
        values[1].Should().Be("OK");
        values[2].Should().BeEmpty("row 4 is blank");
        values[3].Should().Be("OK");
        values[4].Should().StartWith("ERROR: ").And.Contain("target_price: must be a positive number").And.Contain("exchange:");
        h.Google.VerifiedAssertionClaims().Single().GetProperty("scope").GetString().Should().Be(ServiceAccountKey.ReadWriteScope);
    }

    [Fact]
    public async Task Sync_StatusColumnAlreadyUpToDate_NoWriteRequest()
    {
        h.Google.ServesValues("Alerts!A1:J1000", [["symbol", "condition", "target_price", "exchange", "", "", "", "", "", "status"], ["BTCUSDT", "above", "65000", "binance", "", "", "", "", "", "OK"]]);

        await h.ApiSync(("GOOGLE_SHEET_STATUS_COLUMN", "J")).SyncAsync(new SheetSyncOptions(), Ct);

        h.Google.BatchUpdates.Should().BeEmpty();
        h.Google.ValuesGets.Should().Be(1);
    }

    [Fact]
    public async Task Sync_RateLimitedThenServed_BacksOffAndSyncs()
    {
        h.Google.ServesValues("Alerts!A1:Z1000", MessyRows());
        h.Google.ValuesFailFirst(429, times: 2, retryAfter: "0");

        var report = await h.ApiSync().SyncAsync(new SheetSyncOptions(), Ct);

        report.Added.Should().Be(3);
        h.Google.ValuesGets.Should().Be(3);
    }

    [Fact]
    public async Task Sync_ServerErrorsThenServed_RetriedAndSyncs()
    {
        h.Google.ServesValues("Alerts!A1:Z1000", MessyRows());
        h.Google.ValuesFailFirst(503, times: 2);

        (await h.ApiSync().SyncAsync(new SheetSyncOptions(), Ct)).Added.Should().Be(3);
    }

    [Fact]
    public async Task Sync_SheetNotShared_ClearErrorNamingTheServiceAccountAndNothingChanged()
    {
        h.Google.ValuesAnswer(403, """{"error":{"code":403,"message":"The caller does not have permission","status":"PERMISSION_DENIED"}}""");

        var sync = () => h.ApiSync().SyncAsync(new SheetSyncOptions(), Ct);

        (await sync.Should().ThrowAsync<SheetUnavailableException>())
            .Which.Message.Should().Contain("HTTP 403").And.Contain("PERMISSION_DENIED").And.Contain(GoogleSheetsStub.ClientEmail);
        (await h.AlertsAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task Sync_KeyNotAServiceAccount_ConfigurationErrorWithoutTheKey()
    {
        var env = h.Google.ApiEnvironment();
        env["GOOGLE_SERVICE_ACCOUNT_JSON"] = """{"type":"authorized_user","client_secret":"very-secret-value"}""";

        var sync = () => h.Sync(env, [], h.Store).SyncAsync(new SheetSyncOptions(), Ct);

        (await sync.Should().ThrowAsync<ConfigurationException>()).Which.Message.Should().Contain("GOOGLE_SERVICE_ACCOUNT_JSON").And.NotContain("very-secret-value");
    }

    [Fact]
    public async Task Sync_KeyFromAFilePath_Works()
    {
        var path = Path.Combine(Path.GetTempPath(), $"sa-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, h.Google.KeyJson);
        h.Google.ServesValues("Sheet1!A1:Z1000", MessyRows());
        var env = h.Google.ApiEnvironment();
        env["GOOGLE_SERVICE_ACCOUNT_JSON"] = path;

        try
        {
            (await h.Sync(env, [], h.Store).SyncAsync(new SheetSyncOptions(), Ct)).Added.Should().Be(3);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Sync_PublicCsvExport_SyncsWithoutCredentialsNumberingSheetRows()
    {
        h.Google.ServesCsv("symbol,condition,target_price,exchange,active,notes\r\nBTCUSDT,above ,\"$65,000.50\",binance,TRUE,\"two\nlines\"\r\n,,,,,\r\nETHUSDT,below,abc,binance,FALSE,\r\n");

        var report = await h.CsvSync().SyncAsync(new SheetSyncOptions(), Ct);

        report.Added.Should().Be(1);
        (await h.AlertsAsync()).Single().Should().Match<Signal>(s => s.TargetPrice == 65_000.50m && s.Notes == "two\nlines");
        report.Invalid.Should().ContainSingle().Which.Row.Should().Be(4, "the sheet's row 4, even though a cell above holds a line break");
        h.Google.TokenRequests.Should().Be(0);
    }

    [Fact]
    public async Task Sync_CsvUrlAnswersALoginPage_ClearErrorAndNothingChanged()
    {
        h.Google.ServesCsv("<!DOCTYPE html><html><head><title>Google Sheets: Sign-in</title></head><body>Sign in</body></html>", "text/html; charset=utf-8");

        var sync = () => h.CsvSync().SyncAsync(new SheetSyncOptions(), Ct);

        (await sync.Should().ThrowAsync<SheetUnavailableException>()).Which.Message.Should().Contain("HTML page").And.Contain("not shared publicly");
        (await h.AlertsAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task Sync_HeaderWithoutRequiredColumns_ClearError()
    {
        h.Google.ServesValues("Alerts!A1:Z1000", [["coin", "price"], ["BTC", "1"]]);

        var sync = () => h.ApiSync().SyncAsync(new SheetSyncOptions(), Ct);

        (await sync.Should().ThrowAsync<SheetUnavailableException>()).Which.Message.Should().Contain("symbol, condition, exchange");
    }

    [Fact]
    public async Task WriteThrough_AppendsTheRowWithTheIdUnderTheSheetsHeaderThenStoresASheetAlert()
    {
        h.Google.ServesValues("Alerts!A1:I1", [Header]);
        var signal = (await SheetHarness.Intake(h.Clock).CreateAsync(new SignalDraft { Exchange = "binance", Symbol = "BTCUSDT", Condition = "above", TargetPrice = "70000.5", Notes = "from cli" }, SignalSource.Cli, Ct)).Signal;

        var stored = await h.WriteThrough().AddAsync(signal, Ct);

        var body = h.Google.Appends.Should().ContainSingle().Subject;
        body.GetProperty("majorDimension").GetString().Should().Be("ROWS");
        body.GetProperty("values").EnumerateArray().Single().EnumerateArray().Select(c => c.GetString())
            .Should().Equal("BTCUSDT", "above", "70000.5", "binance", "true", "", "from cli", "", signal.Id);
        h.Google.Server.LogEntries.Single(e => e.RequestMessage.Method == "POST" && e.RequestMessage.Path.EndsWith(":append", StringComparison.Ordinal)).RequestMessage.RawQuery
            .Should().Contain("valueInputOption=RAW").And.Contain("insertDataOption=INSERT_ROWS");
        h.Google.VerifiedAssertionClaims().Single().GetProperty("scope").GetString().Should().Be(ServiceAccountKey.ReadWriteScope);
        stored.Should().Match<Signal>(s => s.Source == SignalSource.Sheets && s.SheetKey == "id:" + signal.Id);
        (await h.Store.GetAsync(signal.Id, Ct)).Should().Be(stored);

        h.Google.ServesValues("Alerts!A1:Z1000", [Header, ["BTCUSDT", "above", "70000.5", "binance", "true", "", "from cli", "", signal.Id]]);
        var report = await h.ApiSync().SyncAsync(new SheetSyncOptions(), Ct);
        report.Changes.Should().BeEmpty("the appended row is the alert's row from then on");
        report.Unchanged.Should().Be(1);
    }

    [Fact]
    public async Task WriteThrough_SheetWithoutIdColumn_FailsAndStoresNothing()
    {
        h.Google.ServesValues("Alerts!A1:D1", [["symbol", "condition", "target_price", "exchange"]]);
        var signal = SignalFactory.Armed("x1");

        var add = () => h.WriteThrough().AddAsync(signal, Ct);

        (await add.Should().ThrowAsync<SheetUnavailableException>()).Which.Message.Should().Contain("no id column");
        (await h.AlertsAsync()).Should().BeEmpty();
        h.Google.Appends.Should().BeEmpty();
    }

    [Fact]
    public void Settings_BadStatusColumn_ConfigurationErrorNamingTheVariable()
    {
        var read = () => GoogleSheetSettings.From(new Dictionary<string, string> { ["GOOGLE_SHEET_STATUS_COLUMN"] = "status!" });

        read.Should().Throw<ConfigurationException>().WithMessage("GOOGLE_SHEET_STATUS_COLUMN*");
    }

    [Fact]
    public void Settings_ToString_NeverShowsTheKey()
    {
        var settings = GoogleSheetSettings.From(h.Google.ApiEnvironment());

        settings.ToString().Should().NotContain("PRIVATE KEY").And.Contain("ServiceAccountJson = set");
        JsonSerializer.Serialize(settings.SheetId).Should().Contain(GoogleSheetsStub.SheetId);
    }

    [Fact]
    public async Task Sync_OwnerColumn_NamesTheMember_BlankIsTheSheetOwner_UnknownOwnerRowIsInvalidAndTheRestSyncs()
    {
        foreach (var (name, role) in new[] { ("ann", AccountRole.Admin), ("mia", AccountRole.Member) })
            await h.Store.AddAccountAsync(new Account { Name = name, Role = role, PasswordHash = "h", CreatedAt = SignalFactory.Now }, Ct);
        h.Google.ServesValues("Alerts!A1:Z1000",
        [
            ["symbol", "condition", "target_price", "exchange", "owner"],
            ["BTCUSDT", "above", "100", "binance", "mia"],
            ["ETHUSDT", "above", "200", "binance", ""],
            ["SOLUSDT", "above", "300", "binance", "zed"],
        ]);

        var first = await h.ApiSync().SyncAsync(new SheetSyncOptions(), Ct);
        var owners = (await h.AlertsAsync()).ToDictionary(a => a.Symbol, a => a.Owner);
        var second = await h.ApiSync(("GOOGLE_SHEET_OWNER", "mia")).SyncAsync(new SheetSyncOptions(), Ct);

        first.Added.Should().Be(2);
        first.Invalid.Should().Equal(new RowError(4, "owner", "no account named 'zed'"));
        owners.Should().BeEquivalentTo(new Dictionary<string, string?> { ["BTCUSDT"] = "mia", ["ETHUSDT"] = "ann" }, "a row without an owner is the first admin's by default");
        second.Changes.Should().ContainSingle().Which.Description.Should().Contain("owner ann → mia");
        (await h.AlertsAsync()).Should().OnlyContain(a => a.Owner == "mia");
    }

    [Fact]
    public async Task WriteThrough_SheetWithAnOwnerColumn_AppendsTheOwner_SoTheNextSyncKeepsIt()
    {
        foreach (var (name, role) in new[] { ("ann", AccountRole.Admin), ("mia", AccountRole.Member) })
            await h.Store.AddAccountAsync(new Account { Name = name, Role = role, PasswordHash = "h", CreatedAt = SignalFactory.Now }, Ct);
        object?[] header = ["symbol", "condition", "target_price", "exchange", "id", "owner"];
        h.Google.ServesValues("Alerts!A1:F1", [header]);
        var signal = (await FixedListing.Intake(h.Clock, h.Store).CreateAsync(new SignalDraft { Exchange = "binance", Symbol = "BTCUSDT", Condition = "above", TargetPrice = "1", Owner = "mia" }, SignalSource.Cli, Ct)).Signal;

        await h.WriteThrough().AddAsync(signal, Ct);

        h.Google.Appends.Should().ContainSingle().Subject.GetProperty("values").EnumerateArray().Single().EnumerateArray().Select(c => c.GetString())
            .Should().Equal("BTCUSDT", "above", "1", "binance", signal.Id, "mia");
        h.Google.ServesValues("Alerts!A1:Z1000", [header, ["BTCUSDT", "above", "1", "binance", signal.Id, "mia"]]);
        (await h.ApiSync().SyncAsync(new SheetSyncOptions(), Ct)).Changes.Should().BeEmpty();
    }

    [Fact]
    public void Settings_SheetOwnerThatIsNoAccountName_FailsNamingTheVariable()
    {
        var read = () => GoogleSheetSettings.From(new Dictionary<string, string> { ["GOOGLE_SHEET_OWNER"] = "ann smith" });

        read.Should().Throw<ConfigurationException>().WithMessage("GOOGLE_SHEET_OWNER: an account name is 1 to 64*");
    }
}
