using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using TradingAlerts.Core.Transfer;

namespace TradingAlerts.Cli.Tests;

/// <summary>
/// <c>signals export</c> as a backup: alerts of every condition with non-default settings, exported as JSON and as CSV,
/// imported into a fresh store (another harness, its own SQLite file) and back into the store they came from.
/// </summary>
public sealed class ImportExportEndToEndTests : IDisposable
{
    private static readonly (string Symbol, string Price)[] Listed =
        [("BTCUSDT", "50000"), ("ETHUSDT", "3000"), ("SOLUSDT", "110"), ("XRPUSDT", "0.5"), ("ADAUSDT", "0.4")];

    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.Zero));
    private readonly CliHarness cli;
    private readonly CliHarness fresh;

    public ImportExportEndToEndTests()
    {
        cli = new CliHarness { Clock = clock };
        fresh = new CliHarness { Clock = clock };
        cli.BinancePrices(Listed);
        fresh.BinancePrices(Listed);
    }

    public void Dispose()
    {
        cli.Dispose();
        fresh.Dispose();
    }

    [Theory]
    [InlineData("json")]
    [InlineData("csv")]
    public async Task Export_EveryConditionWithItsSettings_FreshStoreGetsTheSameAlerts_SameStoreUnchanged(string format)
    {
        await AddAsync("--condition", "above", "--target", "100000.123456789012345678", "--frequency", "rearm", "--hysteresis", "1.5%", "--cooldown", "90s",
            "--channels", "pushover,telegram", "--urgent", "--template", "{symbol} is {price}", "--name", "=HYPERLINK(\"http://x\")",
            "--notes", "with, comma \"quoted\"\nand a second line", "--user-key", "gznej3rKEVAvPUxu9vvNnqpmZpokzF", "--expires", "2027-01-01T18:00:00.25Z");
        await AddAsync("--symbol", "ETHUSDT", "--condition", "below", "--target", "0.00001234", "--name=@dip", "--notes=-5 % or worse", "--channels", "discord");
        await AddAsync("--condition", "crosses_up", "--target", "3500.5", "--frequency", "rearm", "--cooldown", "2h");
        await AddAsync("--condition", "crosses_down", "--target", "45000", "--hysteresis", "0%", "--channels", "webhook");
        await AddAsync("--symbol", "ETHUSDT", "--condition", "crosses", "--target", "3000.75", "--template", "+{price} {{literal}}", "--urgent");
        await AddAsync("--symbol", "SOLUSDT", "--condition", "channel_exit", "--low", "100", "--high", "120", "--frequency", "rearm", "--cooldown", "0s", "--hysteresis", "1%");
        await AddAsync("--symbol", "ADAUSDT", "--condition", "pct_move", "--pct", "2.5", "--window", "4h", "--direction", "down", "--channels", "telegram,webhook");
        var off = await AddAsync("--condition", "above", "--target", "60000", "--name", "switched off");
        (await cli.RunAsync("signals", "disable", off)).ExitCode.Should().Be(0);
        var ending = await AddAsync("--symbol", "XRPUSDT", "--condition", "above", "--target", "1000", "--expires", "2026-03-01T11:00:00Z");
        await ExpireAsync(ending);
        var original = await cli.ListAsync();
        original.Single(a => Id(a) == ending).GetProperty("status").GetString().Should().Be("expired");

        var file = Path.Combine(cli.Folder, $"backup.{format}");
        var export = await cli.RunAsync("signals", "export", "--format", format, "--output", file);
        export.ExitCode.Should().Be(0, export.Error);
        var restore = await fresh.RunAsync("signals", "import", file);
        var again = await cli.RunAsync("signals", "import", file);

        restore.ExitCode.Should().Be(0, restore.Out + restore.Error);
        restore.Out.Should().Contain($"{original.Length} added, 0 updated, 0 unchanged, 0 invalid");
        var restored = (await fresh.ListAsync()).ToDictionary(Id);
        restored.Keys.Should().BeEquivalentTo(original.Select(Id));
        foreach (var alert in original)
        {
            var copy = restored[Id(alert)];
            copy.EnumerateObject().Select(p => p.Name).Should().Equal(alert.EnumerateObject().Select(p => p.Name));

            // When the fresh store took the alert, from when it is armed, and its version (which starts at that time,
            // so an id used again never meets an old version) are the import's own; every other field is the backup's.
            foreach (var field in alert.EnumerateObject().Where(p => p.Name is not ("created_at" or "armed_at" or "version")))
                JsonElement.DeepEquals(copy.GetProperty(field.Name), field.Value).Should().BeTrue($"{Id(alert)}'s {field.Name} was {field.Value} and is {copy.GetProperty(field.Name)}");
        }

        again.ExitCode.Should().Be(0, again.Out + again.Error);
        again.Out.Should().Contain($"0 added, 0 updated, {original.Length} unchanged, 0 invalid");
        var after = await cli.ListAsync();
        after.Select(a => a.GetRawText()).Should().Equal(original.Select(a => a.GetRawText()), "nothing was written: not even a version moved");
    }

    [Fact]
    public async Task CsvExport_FormulaLikeText_IsNotAFormulaInASpreadsheet_AndImportsBackAsWritten()
    {
        await AddAsync("--condition", "above", "--target", "100000", "--name", "=HYPERLINK(\"http://x\")", "--notes", "+1 call me", "--template=@{name}: {price}");
        var file = Path.Combine(cli.Folder, "alerts.csv");

        (await cli.RunAsync("signals", "export", "--output", file)).ExitCode.Should().Be(0);
        var restore = await fresh.RunAsync("signals", "import", file);

        var cells = Csv.Read(new StringReader(await File.ReadAllTextAsync(file))).SelectMany(r => r.Fields).ToList();
        cells.Should().Contain(["'=HYPERLINK(\"http://x\")", "'+1 call me", "'@{name}: {price}"]);
        cells.Should().NotContain(cell => cell.Length > 0 && "=+-@\t\r".Contains(cell[0]), "a spreadsheet runs such a cell as a formula");
        restore.ExitCode.Should().Be(0, restore.Out + restore.Error);
        var alert = (await fresh.ListAsync()).Single();
        (alert.GetProperty("name").GetString(), alert.GetProperty("notes").GetString(), alert.GetProperty("rule").GetProperty("template").GetString())
            .Should().Be(("=HYPERLINK(\"http://x\")", "+1 call me", "@{name}: {price}"));
    }

    [Fact]
    public async Task Add_PastExpiry_StillRefused()
    {
        var result = await cli.RunAsync("signals", "add", "--exchange", "binance", "--symbol", "BTCUSDT", "--condition", "above", "--target", "1", "--expires", "2026-02-28");

        result.ExitCode.Should().Be(ExitCodes.InvalidInput);
        result.Error.Should().Contain("expires_at").And.Contain("must be in the future");
        (await cli.ListAsync()).Should().BeEmpty();
    }

    private static string Id(JsonElement alert) => alert.GetProperty("id").GetString()!;

    // Values that start with '@' or '-' are given as --flag=value: as separate words, System.CommandLine would take
    // them for a response file or a flag.

    /// <summary>Adds a Binance alert (BTCUSDT unless <c>--symbol</c> is given) and returns its id.</summary>
    private async Task<string> AddAsync(params string[] flags)
    {
        var symbol = flags.Contains("--symbol") ? [] : new[] { "--symbol", "BTCUSDT" };
        var result = await cli.RunAsync(["signals", "add", "--exchange", "binance", .. symbol, .. flags, "--json"]);
        result.ExitCode.Should().Be(0, result.Error);
        return JsonDocument.Parse(result.Out).RootElement[0].GetProperty("id").GetString()!;
    }

    /// <summary>
    /// Lets <paramref name="id"/>'s expiry pass and has a check retire it. Only its pair is priced for that check (the
    /// other alerts stay as they are, unchecked), with quiet candles, so it expires rather than fires.
    /// </summary>
    private async Task ExpireAsync(string id)
    {
        clock.Advance(TimeSpan.FromHours(2));
        cli.BinancePrices(("XRPUSDT", "0.5"));
        cli.Exchanges.BinanceKlines(Enumerable.Range(0, 180).Select(m => (clock.GetUtcNow().AddMinutes(-180 + m), 0.51m, 0.49m, 0.5m)).ToArray());
        var check = await cli.RunAsync("check");
        check.Out.Should().Contain("1 expired", $"{id} expired an hour ago: {check.Out}{check.Error}");
        cli.BinancePrices(Listed);
    }
}
