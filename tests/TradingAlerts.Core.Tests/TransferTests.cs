using CsCheck;
using Microsoft.Extensions.Time.Testing;
using TradingAlerts.Core.Accounts;
using TradingAlerts.Core.Prices;
using TradingAlerts.Core.Signals;
using TradingAlerts.Core.Tests.Fakes;
using TradingAlerts.Core.Transfer;
using TradingAlerts.Testing;

namespace TradingAlerts.Core.Tests;

public class TransferTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private static IReadOnlyList<SignalRow> ReadCsv(string text)
    {
        var records = Csv.Read(new StringReader(text)).ToList();
        return SignalColumns.FromTable(records[0].Fields, records.Skip(1).Select(r => (r.Line, r.Fields)));
    }

    private static SignalImporter Importer(InMemorySignalStore store)
    {
        var clock = new FakeTimeProvider(Now);
        var binance = new FakeCatalog(ExchangeId.Binance, new Instrument("BTCUSDT", "BTC", "USDT", true), new Instrument("ETHUSDT", "ETH", "USDT", true));
        var markets = new MarketDirectory([binance], clock, TimeSpan.FromHours(1));
        return new SignalImporter(store, new SignalIntake(new SignalValidator([ExchangeId.Binance], clock), markets, store));
    }

    [Fact]
    public async Task ImportAsync_OwnerCell_OrTheImportsOwner_UnknownOneIsABadRow_BlankCellWithoutOneKeepsTheOwner()
    {
        var store = new InMemorySignalStore();
        foreach (var (name, role) in new[] { ("ann", AccountRole.Admin), ("bob", AccountRole.Member), ("cid", AccountRole.Member) })
            await store.AddAccountAsync(new Account { Name = name, Role = role, PasswordHash = "h", CreatedAt = Now }, None);
        await Importer(store).ImportAsync(ReadCsv("id,symbol,condition,target_price,exchange,owner\nkept,BTCUSDT,above,1,binance,cid\nmoved,BTCUSDT,above,5,binance,cid\n"), SignalSource.Cli, None);

        var plain = await Importer(store).ImportAsync(
            ReadCsv("id,symbol,condition,target_price,exchange,owner\nnamed,BTCUSDT,above,1,binance,bob\nkept,BTCUSDT,above,4,binance,\nzed,BTCUSDT,above,3,binance,zed\n"), SignalSource.Cli, None);
        var withOwner = await Importer(store).ImportAsync(
            ReadCsv("id,symbol,condition,target_price,exchange\nblank,BTCUSDT,above,2,binance\nmoved,BTCUSDT,above,5,binance\n"), SignalSource.Cli, "bob", None);

        plain.Invalid.Should().Equal(new RowError(4, "owner", "no account named 'zed'"));
        withOwner.Invalid.Should().BeEmpty();
        (await store.ListAsync(None).ToListAsync()).ToDictionary(s => s.Id, s => s.Owner).Should().BeEquivalentTo(
            new Dictionary<string, string?> { ["named"] = "bob", ["kept"] = "cid", ["blank"] = "bob", ["moved"] = "bob" },
            "a blank cell keeps an updated alert's owner unless the import names one, which fills every blank cell");
    }

    [Fact]
    public void Csv_Read_QuotedFieldsCommasQuotesAndLineBreaks()
    {
        var records = Csv.Read(new StringReader("a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\n,,\n")).ToList();

        records.Select(r => r.Line).Should().Equal(1, 2, 4);
        records[1].Fields.Should().Equal("x, y", "say \"hi\"", "two\nlines");
        records[2].Fields.Should().Equal("", "", "");
    }

    [Fact]
    public void Csv_WriteRecord_ThenRead_RoundTrips()
    {
        var writer = new StringWriter();
        Csv.WriteRecord(writer, ["plain", "with, comma", "with \"quote\"", null, " padded "]);

        Csv.Read(new StringReader(writer.ToString())).Single().Fields
            .Should().Equal("plain", "with, comma", "with \"quote\"", "", " padded ");
    }

    [Fact]
    public void FromTable_HeaderInAnyOrderAndCase_ExtraColumnsIgnored_ShortAndBlankRowsHandled()
    {
        var rows = ReadCsv("Target_Price,SYMBOL,Exchange,condition,Comment,notes\n\"$65,000.50\",btc/usdt,binance,above ,x\n,,,,\n1,ETHUSDT,binance,below\n");

        rows.Should().HaveCount(2);
        rows[0].Number.Should().Be(2);
        rows[0].Draft.Should().BeEquivalentTo(new SignalDraft { TargetPrice = "$65,000.50", Symbol = "btc/usdt", Exchange = "binance", Condition = "above ", Notes = null });
        rows[1].Number.Should().Be(4);
        rows[1].Draft.Notes.Should().BeNull();
    }

    [Fact]
    public void FromTable_MissingRequiredColumn_NamesIt()
    {
        var act = () => ReadCsv("symbol,target_price,exchange\nBTCUSDT,100,binance\n");
        act.Should().Throw<FormatException>().WithMessage("*lacks the column(s) condition*");
    }

    [Fact]
    public async Task ImportAsync_SameFileTwice_NoDuplicates_BadRowsReportedOthersImported()
    {
        var store = new InMemorySignalStore();
        var importer = Importer(store);
        var rows = ReadCsv(
            "symbol,condition,target_price,exchange,active,pushover_user_key,notes\n" +
            "BTCUSDT,above,100000,binance,TRUE,,breakout\n" +
            "ETHUSDT,sideways,4000,binance,TRUE,,\n" +
            "ETHUSDT,below,\"3,500.5\",binance,no,,dip\n" +
            "BTCUSDT,above,100000.00,binance,TRUE,,same alert again\n");

        var first = await importer.ImportAsync(rows, SignalSource.Cli, None);
        var second = await importer.ImportAsync(rows, SignalSource.Cli, None);

        first.Added.Should().Be(2);
        first.Invalid.Should().BeEquivalentTo(new[]
        {
            new RowError(3, "condition", "must be one of above | below | crosses_up | crosses_down | crosses | pct_move | channel_exit (got 'sideways')"),
            new RowError(5, "id", "describes the same alert as row 2; it was not imported twice"),
        });
        second.Added.Should().Be(0);
        second.Updated.Should().Be(0);
        second.Unchanged.Should().Be(2);
        var all = await store.ListAsync(None).ToListAsync();
        all.Should().HaveCount(2);
        all.Single(s => s.Symbol == "ETHUSDT").Should().Match<Signal>(s => !s.Active && s.TargetPrice == 3500.5m && s.Notes == "dip");
    }

    [Fact]
    public async Task ImportAsync_RowWithId_UpdatesThatAlertInPlace()
    {
        var store = new InMemorySignalStore();
        var importer = Importer(store);
        await importer.ImportAsync(ReadCsv("id,symbol,condition,target_price,exchange\nmy-btc,BTCUSDT,above,100000,binance\n"), SignalSource.Cli, None);
        var created = (await store.GetAsync("my-btc", None))!;

        var report = await importer.ImportAsync(ReadCsv("id,symbol,condition,target_price,exchange,notes\nmy-btc,BTCUSDT,above,105000,binance,raised\n"), SignalSource.Cli, None);

        report.Updated.Should().Be(1);
        var signal = (await store.GetAsync("my-btc", None))!;
        signal.TargetPrice.Should().Be(105000m);
        signal.Notes.Should().Be("raised");
        signal.Version.Should().Be(created.Version + 1, "the same alert, written once more");
    }

    [Fact]
    public void SignalJson_Serialize_UsesTheDataModelsSnakeCaseNames()
    {
        var signal = new Signal
        {
            Id = "abc",
            Name = "n",
            Exchange = ExchangeId.Binance,
            Symbol = "BTCUSDT",
            Base = "BTC",
            Quote = "USDT",
            Condition = Condition.Above,
            TargetPrice = 0.00001234m,
            CreatedAt = new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero),
            UserId = "u",
        };

        var json = SignalJson.Serialize([signal]);

        json.Should().Contain("\"target_price\": 0.00001234").And.Contain("\"exchange\": \"binance\"").And.Contain("\"condition\": \"above\"")
            .And.Contain("\"status\": \"pending\"").And.Contain("\"triggered_count\": 0").And.Contain("\"user_id\": \"u\"")
            .And.Contain("\"created_at\": \"2026-11-25T12:00:00+00:00\"").And.NotContain("is_armed");
        SignalJson.DeserializeList(json).Single().Should().Be(signal);
    }

    [Fact]
    public void ReadRows_ExportedJson_ReadsBackThroughTheSameColumns()
    {
        var json = """[{"id":"x1","symbol":"BTCUSDT","condition":"above","target_price":100000.5,"exchange":"binance","active":false,"user_id":null,"notes":"n"}]""";

        var row = SignalJson.ReadRows(json).Single();

        row.Draft.Should().BeEquivalentTo(new SignalDraft { Id = "x1", Symbol = "BTCUSDT", Condition = "above", TargetPrice = "100000.5", Exchange = "binance", Active = "false", UserId = "", Notes = "n" });
    }

    [Fact]
    public async Task ImportAsync_ExpiryPassed_ImportsExpiredNeverArmed()
    {
        // A backup's alert whose expiry has passed since: restored as it is, expired, not refused and not armed again.
        var store = new InMemorySignalStore();
        var rows = ReadCsv("id,symbol,condition,target_price,exchange,expires_at\nold-one,BTCUSDT,above,100000,binance,2026-01-31T00:00:00Z\n");

        var report = await Importer(store).ImportAsync(rows, SignalSource.Cli, None);

        report.Invalid.Should().BeEmpty();
        report.Added.Should().Be(1);
        var signal = (await store.GetAsync("old-one", None))!;
        (signal.Status, signal.ArmedAt, signal.IsArmed, signal.ExpiresAt).Should().Be((SignalStatus.Expired, null, false, new DateTimeOffset(2026, 1, 31, 0, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public async Task ImportAsync_BackupIntoAFreshStore_AlertsComeBackWhereTheyStood_NoneArmedAfresh()
    {
        // An alert that fired once, one paused by flap protection and one waiting to re-arm must not be armed by the
        // restore: with the price still beyond their levels they would tell again what was told before.
        var store = new InMemorySignalStore();
        var rows = ReadCsv(
            "id,symbol,condition,target_price,exchange,frequency,status\n" +
            "fired,BTCUSDT,above,100000,binance,once,triggered\n" +
            "paused,BTCUSDT,above,100000,binance,rearm,paused\n" +
            "waiting,BTCUSDT,above,100000,binance,rearm,waiting\n" +
            "armed,BTCUSDT,below,100000,binance,once,pending\n" +
            "typo,BTCUSDT,below,90000,binance,once,done\n");

        var report = await Importer(store).ImportAsync(rows, SignalSource.Cli, None);

        report.Added.Should().Be(5);
        report.Warnings.Should().ContainSingle().Which.ToString().Should().StartWith("row 6: status: 'done' is not one of");
        var statuses = new Dictionary<string, (SignalStatus, bool)>();
        foreach (var id in new[] { "fired", "paused", "waiting", "armed", "typo" })
        {
            var signal = (await store.GetAsync(id, None))!;
            statuses[id] = (signal.Status, signal.ArmedAt is not null);
        }

        statuses.Should().Equal(new Dictionary<string, (SignalStatus, bool)>
        {
            ["fired"] = (SignalStatus.Triggered, false),
            ["paused"] = (SignalStatus.Paused, false),
            ["waiting"] = (SignalStatus.Waiting, true), // waiting from the restore on: no price from before it arms it
            ["armed"] = (SignalStatus.Pending, true),
            ["typo"] = (SignalStatus.Pending, true),
        });
    }

    [Fact]
    public void Validator_NewAlertWithAPastExpiry_IsStillRefused()
    {
        var validator = new SignalValidator([ExchangeId.Binance], new FakeTimeProvider(Now));

        var act = () => validator.Create(new SignalDraft { Exchange = "binance", Symbol = "BTCUSDT", Condition = "above", TargetPrice = "1", ExpiresAt = "2026-01-31" }, SignalSource.Cli);

        act.Should().Throw<SignalValidationException>().Which.Errors.Should().ContainSingle(e => e.Field == "expires_at" && e.Message.StartsWith("must be in the future", StringComparison.Ordinal));
    }

    [Fact]
    public void SignalCsv_FormulaLikeText_NeverStartsAFormula_ReadsBackTheSame_NumbersAsTheyAre()
    {
        var alert = new Signal
        {
            Id = "-starts-with-minus",
            Name = "=HYPERLINK(\"http://x\")",
            Exchange = ExchangeId.Binance,
            Symbol = "BTCUSDT",
            Base = "BTC",
            Quote = "USDT",
            Condition = Condition.Above,
            TargetPrice = 100_000.5m,
            Notes = "@SUM(1+1)",
            Rule = SignalRule.Default with { Template = "+{price}" },
            CreatedAt = Now,
        };
        var writer = new StringWriter();

        SignalCsv.Write(writer, [alert]);

        var cells = Csv.Read(new StringReader(writer.ToString())).SelectMany(r => r.Fields).ToList();
        cells.Should().Contain(["'=HYPERLINK(\"http://x\")", "'@SUM(1+1)", "'+{price}", "'-starts-with-minus"]);
        cells.Should().NotContain(cell => cell.Length > 0 && "=+-@\t\r".Contains(cell[0]), "a spreadsheet runs such a cell as a formula");
        var draft = SignalCsv.Read(new StringReader(writer.ToString())).Single().Draft;
        (draft.Id, draft.Name, draft.Notes, draft.Template).Should().Be(("-starts-with-minus", "=HYPERLINK(\"http://x\")", "@SUM(1+1)", "+{price}"));

        var typed = SignalCsv.Read(new StringReader("symbol,condition,target_price,exchange,name\nBTCUSDT,above,'-5,binance,'-5\n")).Single().Draft;
        (typed.TargetPrice, typed.Name).Should().Be(("'-5", "-5"), "only text cells are unescaped: a number column is taken as written");
    }

    [Fact]
    public void Csv_AnyTextCell_EscapedWrittenAndRead_GivesTheSameText_NeverAFormula()
    {
        // Any text, and text made of the characters that matter here, so that "'=" and "''-" at a cell's start come up.
        var cell = Gen.OneOf<string>(Gen.String, Gen.Char["'=+-@\t\r\n\",a "].Array[0, 6].Select(chars => new string(chars)));
        cell.Array[1, 6].ForEach(
            2000,
            cells =>
            {
                var writer = new StringWriter();
                Csv.WriteRecord(writer, cells.Select(Csv.EscapeFormula));

                var read = Csv.Read(new StringReader(writer.ToString())).Single().Fields;

                read.Select(Csv.UnescapeFormula).Should().Equal(cells);
                read.Should().NotContain(text => text.Length > 0 && "=+-@\t\r".Contains(text[0]));
            });
    }

    [Fact]
    public async Task ImportAsync_SourceAndSheetKey_RestoredOnCreate_BadOnesNamed_OtherRowsImported()
    {
        var store = new InMemorySignalStore();
        var rows = ReadCsv(
            "id,symbol,condition,target_price,exchange,source,sheet_key\n" +
            "from-sheet,BTCUSDT,above,1,binance,sheets,id:from-sheet\n" +
            "from-ui,BTCUSDT,above,2,binance,ui,\n" +
            "typo,BTCUSDT,above,3,binance,web,\n" +
            "keyless,BTCUSDT,above,4,binance,sheets,\n" +
            "stray-key,BTCUSDT,above,5,binance,cli,id:stray-key\n" +
            "no-source,BTCUSDT,above,6,binance,,\n");

        var report = await Importer(store).ImportAsync(rows, SignalSource.Cli, None);

        report.Added.Should().Be(3);
        report.Invalid.Select(e => (e.Row, e.Field)).Should().Equal((4, "source"), (5, "sheet_key"), (6, "sheet_key"));
        report.Invalid[0].Message.Should().Be("must be one of cli | ui | sheets (got 'web')");
        var all = (await store.ListAsync(None).ToListAsync()).ToDictionary(s => s.Id);
        (all["from-sheet"].Source, all["from-sheet"].SheetKey).Should().Be((SignalSource.Sheets, "id:from-sheet"));
        (all["from-ui"].Source, all["from-ui"].SheetKey).Should().Be((SignalSource.Ui, null));
        all["no-source"].Source.Should().Be(SignalSource.Cli, "a row without a source is the importer's");
    }

    [Fact]
    public async Task ImportAsync_ExistingAlert_KeepsItsSourceAndSheetKey()
    {
        var store = new InMemorySignalStore();
        await Importer(store).ImportAsync(ReadCsv("id,symbol,condition,target_price,exchange,source,sheet_key\nmine,BTCUSDT,above,1,binance,sheets,id:mine\n"), SignalSource.Cli, None);

        var report = await Importer(store).ImportAsync(ReadCsv("id,symbol,condition,target_price,exchange,notes\nmine,BTCUSDT,above,1,binance,edited\n"), SignalSource.Cli, None);

        report.Updated.Should().Be(1);
        var signal = (await store.GetAsync("mine", None))!;
        (signal.Notes, signal.Source, signal.SheetKey).Should().Be(("edited", SignalSource.Sheets, "id:mine"), "an import never takes an alert out of the sheet sync's care");
    }

    [Fact]
    public void ReadRows_ColumnsAndTheModelsRule_TheColumnWins_RuleFillsWhatIsMissing()
    {
        var json = """
            [{"symbol":"BTCUSDT","condition":"pct_move","exchange":"binance","pct":3,"frequency":"rearm",
              "rule":{"move_percent":9,"window":"1.00:00:00","direction":"up","frequency":"once","cooldown":"00:01:30","channels":"pushover, discord"}},
             {"symbol":"BTCUSDT","condition":"above","target_price":1,"exchange":"binance","rule":{"direction":"either","cooldown":"garbage"}}]
            """;

        var rows = SignalJson.ReadRows(json);

        var move = rows[0].Draft;
        (move.Pct, move.Frequency, move.Window, move.Direction, move.Cooldown, move.Channels).Should().Be(("3", "rearm", "1d", "up", "90s", "pushover, discord"));
        var above = rows[1].Draft;
        (above.Direction, above.Cooldown).Should().Be(("", "garbage"), "the model gives every alert a direction, only pct_move has one; a duration it cannot read is left for validation to name");
    }
}
