using CsCheck;
using Microsoft.Extensions.Time.Testing;
using TradingAlerts.Core.Accounts;
using TradingAlerts.Core.Notifications;
using TradingAlerts.Core.Prices;
using TradingAlerts.Core.Signals;
using TradingAlerts.Core.Tests.Fakes;
using TradingAlerts.Core.Transfer;
using TradingAlerts.Testing;

namespace TradingAlerts.Core.Tests;

/// <summary>
/// An export is a backup: <c>signals export</c> in either format, imported into a fresh store, gives back the same
/// alerts; imported into the store it came from, it changes nothing. Checked on arbitrary valid alerts drawn from a fixed
/// seed (<see cref="Properties"/>; a failure names the alerts).
/// </summary>
public class TransferRoundTripTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    /// <summary>When the export is imported; with sub-second ticks, so a format that drops them is caught.</summary>
    private static readonly DateTimeOffset Now = new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero).AddTicks(1_234_567);

    private static readonly Instrument[] Binance = [new("BTCUSDT", "BTC", "USDT", true), new("ETHUSDT", "ETH", "USDT", true)];
    private static readonly Instrument[] Bybit = [new("SOLUSDC", "SOL", "USDC", true)];

    private static SignalImporter Importer(IStore store)
    {
        var clock = new FakeTimeProvider(Now);
        var markets = new MarketDirectory([new FakeCatalog(ExchangeId.Binance, Binance), new FakeCatalog(ExchangeId.Bybit, Bybit)], clock, TimeSpan.FromHours(1));
        return new SignalImporter(store, new SignalIntake(new SignalValidator([ExchangeId.Binance, ExchangeId.Bybit], clock), markets, store));
    }

    /// <summary>The accounts the owned alerts belong to: an admin and a member.</summary>
    private static async Task<InMemorySignalStore> StoreAsync(bool team)
    {
        var store = new InMemorySignalStore();
        if (team)
        {
            await store.AddAccountAsync(new Account { Name = "ann", Role = AccountRole.Admin, PasswordHash = "h", CreatedAt = Now }, None);
            await store.AddAccountAsync(new Account { Name = "bob", Role = AccountRole.Member, PasswordHash = "h", CreatedAt = Now }, None);
        }

        return store;
    }

    private static string ExportJson(IReadOnlyList<Signal> signals) => SignalJson.Export(signals);

    private static IReadOnlyList<SignalRow> ReadJson(string json) => SignalJson.ReadRows(json);

    private static string ExportCsv(IReadOnlyList<Signal> signals)
    {
        var writer = new StringWriter();
        SignalCsv.Write(writer, signals);
        return writer.ToString();
    }

    private static IReadOnlyList<SignalRow> ReadCsv(string csv) => SignalCsv.Read(new StringReader(csv));

    /// <summary>
    /// What a store holds of an alert that a backup does not carry: when the import created it (and armed it), and its
    /// version, which starts at that time so that an id used again never meets an old version.
    /// </summary>
    private static Signal WithoutImportFacts(Signal signal) => signal with { CreatedAt = default, ArmedAt = null, Version = 0 };

    private static async Task<List<Signal>> AllAsync(ISignalStore store) =>
        (await store.ListAsync(None).ToListAsync()).OrderBy(s => s.Id, StringComparer.Ordinal).ToList();

    /// <summary>
    /// Exports <paramref name="alerts"/>, imports the file into a fresh store (the same alerts come back) and into the
    /// store that holds them (every row unchanged, no write). With a <paramref name="team"/>, the stores hold the owners' accounts.
    /// </summary>
    private static async Task RoundTripAsync(IReadOnlyList<Signal> alerts, Func<IReadOnlyList<Signal>, string> export, Func<string, IReadOnlyList<SignalRow>> read, bool team = false)
    {
        var file = export(alerts);

        var fresh = await StoreAsync(team);
        var restored = await Importer(fresh).ImportAsync(read(file), SignalSource.Cli, None);
        restored.Invalid.Should().BeEmpty(file);
        restored.Added.Should().Be(alerts.Count, file);
        (await AllAsync(fresh)).Select(WithoutImportFacts).Should().Equal(alerts.OrderBy(s => s.Id, StringComparer.Ordinal).Select(WithoutImportFacts), file);

        var same = await StoreAsync(team);
        foreach (var alert in alerts)
            await same.AddAsync(alert, None);
        var writes = same.Writes;
        var again = await Importer(same).ImportAsync(read(file), SignalSource.Cli, None);
        again.Should().BeEquivalentTo(new ImportReport(0, 0, alerts.Count, [], []), file);
        same.Writes.Should().Be(writes, "an unchanged row writes nothing");
    }

    [Fact]
    public async Task OldJsonExport_EveryConditionWithItsRule_ImportsWithItsSettings()
    {
        // The JSON that `signals export --format json` wrote before the formats were one schema: the data model, with
        // the band, the move, the repeat settings and the delivery inside "rule". Old backups must still import.
        var alerts = new[]
        {
            Alert("band", Condition.ChannelExit) with
            {
                Rule = SignalRule.Default with { Low = 60_000.123456789012345678m, High = 70_000m, Frequency = Frequency.Rearm, HysteresisPercent = 1.25m, Cooldown = TimeSpan.FromSeconds(90) },
            },
            Alert("move", Condition.PctMove) with
            {
                Rule = SignalRule.Default with { MovePercent = 2.5m, Window = TimeSpan.FromDays(7), Direction = MoveDirection.Down, Channels = Channels.Telegram | Channels.Webhook, Urgent = true },
            },
            Alert("cross", Condition.Crosses) with
            {
                TargetPrice = 0.00001234m,
                Rule = SignalRule.Default with { Frequency = Frequency.Rearm, Cooldown = TimeSpan.Zero, Template = "{symbol} at {price}" },
            },
        };
        var file = SignalJson.Serialize(alerts);

        var store = new InMemorySignalStore();
        var report = await Importer(store).ImportAsync(SignalJson.ReadRows(file), SignalSource.Cli, None);

        report.Invalid.Should().BeEmpty();
        (await AllAsync(store)).Select(s => (s.Id, s.Rule)).Should().Equal(alerts.OrderBy(a => a.Id, StringComparer.Ordinal).Select(a => (a.Id, a.Rule)));
    }

    [Fact]
    public Task Property_Json_ExportThenImport_SameAlerts_ReimportWritesNothing() =>
        Alerts.ForEachAsync(200, alerts => RoundTripAsync(alerts, ExportJson, ReadJson));

    [Fact]
    public Task Property_Csv_ExportThenImport_SameAlerts_ReimportWritesNothing() =>
        Alerts.ForEachAsync(200, alerts => RoundTripAsync(alerts, ExportCsv, ReadCsv));

    [Fact]
    public Task Property_Json_OwnedAlerts_KeepTheirOwners() =>
        OwnedAlerts.ForEachAsync(100, alerts => RoundTripAsync(alerts, ExportJson, ReadJson, team: true));

    [Fact]
    public Task Property_Csv_OwnedAlerts_KeepTheirOwners() =>
        OwnedAlerts.ForEachAsync(100, alerts => RoundTripAsync(alerts, ExportCsv, ReadCsv, team: true));

    private static Signal Alert(string id, Condition condition) => new()
    {
        Id = id,
        Name = id,
        Exchange = ExchangeId.Binance,
        Symbol = "BTCUSDT",
        Base = "BTC",
        Quote = "USDT",
        Condition = condition,
        TargetPrice = condition is Condition.ChannelExit or Condition.PctMove ? null : 100_000.5m,
        Rule = condition switch
        {
            Condition.ChannelExit => SignalRule.Default with { Low = 1m, High = 2m },
            Condition.PctMove => SignalRule.Default with { MovePercent = 5m, Window = TimeSpan.FromHours(1) },
            _ => SignalRule.Default,
        },
        Status = Conditions.InitialStatus(condition),
        CreatedAt = Now.AddDays(-3),
        Version = Now.AddDays(-3).UtcTicks,
    };

    // Text that CSV and spreadsheets find hard: separators, quotes, line breaks, and the characters that start formulas.
    private static readonly Gen<char> TextChar = Gen.Frequency<char>(
        (6, Gen.Char['a', 'z']),
        (2, Gen.Char["ABZ019 "]),
        (3, Gen.Char[",\"\n\r;'=+-@\t%€ü"]));

    private static Gen<string> Text(int max) =>
        TextChar.Array[1, max].Select(chars => new string(chars).Trim()).Where(text => text.Length > 0);

    /// <summary>Valid templates: text without braces, placeholders, and the escaped braces {{ and }}.</summary>
    private static readonly Gen<string> Template = Gen.OneOf<string>(
            Text(12),
            Gen.OneOf(MessageTemplate.Placeholders.Select(p => $"{{{p}}}").Concat(["{{", "}}"]).ToArray()))
        .Array[1, 6]
        .Select(parts => string.Concat(parts).Trim())
        .Where(template => template.Length > 0);

    /// <summary>A positive price with up to 18 significant digits (more than a double holds) and up to 18 decimals.</summary>
    private static readonly Gen<decimal> Price = Gen.Select(Gen.Long[1, 999_999_999_999_999_999], Gen.Byte[0, 18], (digits, scale) => new decimal(digits) / Pow10(scale));

    private static decimal Pow10(int n) => Enumerable.Repeat(10m, n).Aggregate(1m, (a, b) => a * b);

    private static readonly Gen<Condition> AnyCondition = Gen.Enum<Condition>();

    private static Gen<(decimal? Target, SignalRule Shape)> LevelOrBandOrMove(Condition condition) => condition switch
    {
        Condition.ChannelExit => Gen.Select(Price, Price, (low, width) => ((decimal?)null, SignalRule.Default with { Low = low, High = low + width })),
        Condition.PctMove => Gen.Select(Gen.Int[1, 100_000], Gen.Int[1, 7 * 24 * 60], Gen.Enum<MoveDirection>(), (pct, minutes, direction) =>
            ((decimal?)null, SignalRule.Default with { MovePercent = pct / 100m, Window = TimeSpan.FromMinutes(minutes), Direction = direction })),
        _ => Price.Select(target => ((decimal?)target, SignalRule.Default)),
    };

    private static readonly Gen<Channels> AnyChannels = Gen.Int[1, 15].Select(bits => (Channels)bits);

    private static readonly Gen<string> Id = Gen.Char["abcXYZ0189-_"].Array[1, 20].Select(chars => new string(chars));

    private static readonly Gen<string> UserKey = Gen.Char["abcdefXYZ0123456789"].Array[30, 30].Select(chars => new string(chars));

    /// <summary>
    /// A valid alert as a store holds it before any check has fired it: any condition, level, band or move; once or
    /// re-arming with any hysteresis and cooldown; any channels, urgency and template; any recipient; hard names and notes;
    /// no expiry, or one to the tick in the future or the past (then expired, as the Worker leaves it); active or not; any
    /// source, with a sheet key for the sheet sync's. No firing history: a backup does not restore one (see README).
    /// </summary>
    private static readonly Gen<Signal> AnyAlert =
        from condition in AnyCondition
        from shape in LevelOrBandOrMove(condition)
        from frequency in Gen.Enum<Frequency>()
        from hysteresis in Gen.Int[0, 4_999]
        from cooldownSeconds in Gen.Int[0, 7 * 24 * 3600]
        from channels in AnyChannels
        from urgent in Gen.Bool
        from template in Template.Null(0.5)
        from id in Id
        from name in Text(100)
        from notes in Text(200).Null(0.3)
        from userKey in UserKey.Null(0.5)
        from instrument in Gen.OneOf(Binance.Select(i => (ExchangeId.Binance, i)).Concat(Bybit.Select(i => (ExchangeId.Bybit, i))).ToArray())
        from active in Gen.Bool
        from expiresInTicks in Gen.Long[-TimeSpan.TicksPerDay * 400, TimeSpan.TicksPerDay * 400].Nullable(0.3)
        from source in Gen.Enum<SignalSource>()
        from sheetKey in Gen.OneOf(Gen.Const((string?)null), Text(40).Select(key => (string?)key))
        let expiresAt = expiresInTicks is { } ticks ? Now.AddTicks(ticks) : (DateTimeOffset?)null
        let expired = expiresAt <= Now
        select new Signal
        {
            Id = id,
            Name = name,
            Exchange = instrument.Item1,
            Symbol = instrument.Item2.Symbol,
            Base = instrument.Item2.Base,
            Quote = instrument.Item2.Quote,
            Condition = condition,
            TargetPrice = shape.Target,
            Rule = shape.Shape with
            {
                Frequency = frequency,
                HysteresisPercent = hysteresis / 100m,
                Cooldown = TimeSpan.FromSeconds(cooldownSeconds),
                Channels = channels,
                Urgent = urgent,
                Template = template,
            },
            Status = expired ? SignalStatus.Expired : Conditions.InitialStatus(condition),
            Active = active,
            UserId = userKey,
            Notes = notes,
            ExpiresAt = expiresAt,
            Source = source,

            // Only alerts of the sheet sync have a sheet key; by it the next sync finds their row.
            SheetKey = source == SignalSource.Sheets ? sheetKey ?? "id:" + id : null,
            CreatedAt = Now.AddDays(-10),
            Version = Now.AddDays(-10).UtcTicks,
        };

    /// <summary>A handful of alerts with distinct ids (an id names one alert).</summary>
    private static readonly Gen<IReadOnlyList<Signal>> Alerts =
        AnyAlert.Array[1, 8].Select(alerts => (IReadOnlyList<Signal>)alerts.DistinctBy(a => a.Id, StringComparer.Ordinal).ToList());

    /// <summary>As <see cref="Alerts"/>, each the admin's or the member's (a member's is not the default the import would give).</summary>
    private static readonly Gen<IReadOnlyList<Signal>> OwnedAlerts =
        Alerts.SelectMany(alerts => Gen.Bool.Select(admin => admin ? "ann" : "bob").Array[alerts.Count].Select(owners => (IReadOnlyList<Signal>)alerts.Zip(owners, (a, o) => a with { Owner = o }).ToList()));
}
