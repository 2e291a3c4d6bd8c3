namespace TradingAlerts.Cli.Tests;

public sealed class SignalCommandsTests : IDisposable
{
    private readonly CliHarness cli = new();

    public void Dispose() => cli.Dispose();

    [Fact]
    public async Task Add_BadTarget_NamesFlagAndRule_WritesNothing()
    {
        var result = await cli.RunAsync("signals", "add", "--exchange", "binance", "--symbol", "BTCUSDT", "--condition", "above", "--target", "abc");

        result.ExitCode.Should().Be(ExitCodes.InvalidInput);
        result.Error.Should().Contain("--target (target_price): must be a positive number").And.Contain("(got 'abc')");
        (await cli.ListAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task Add_MissingRequiredFlag_InvalidInput()
    {
        var result = await cli.RunAsync("signals", "add", "--exchange", "binance", "--symbol", "BTCUSDT", "--condition", "above");

        result.ExitCode.Should().Be(ExitCodes.InvalidInput);
        result.Error.Should().Contain("--target");
    }

    [Fact]
    public async Task UnknownFlag_InvalidInput()
    {
        var result = await cli.RunAsync("signals", "list", "--colour");

        result.ExitCode.Should().Be(ExitCodes.InvalidInput);
        result.Error.Should().Contain("--colour");
    }

    [Fact]
    public async Task MalformedVariable_FailsAtStartNamingIt()
    {
        cli.Environment["BINANCE_API_URL"] = "not a url";

        var result = await cli.RunAsync("signals", "list");

        result.ExitCode.Should().Be(ExitCodes.Configuration);
        result.Error.Trim().Should().Be("configuration: BINANCE_API_URL must be an absolute http(s) URL such as https://example.com (got 'not a url')");
    }

    [Fact]
    public async Task MalformedSecret_FailsWithoutRepeatingIt()
    {
        cli.Environment["PUSHOVER_APP_TOKEN"] = "secret-but-wrong";

        var result = await cli.RunAsync("check");

        result.ExitCode.Should().Be(ExitCodes.Configuration);
        result.Error.Should().Contain("PUSHOVER_APP_TOKEN").And.NotContain("secret-but-wrong");
    }

    [Fact]
    public async Task List_DefaultShowsEveryStatus_FiltersNarrow()
    {
        cli.BinancePrices(("BTCUSDT", "100"));
        await cli.RunAsync("signals", "add", "--exchange", "binance", "--symbol", "BTCUSDT", "--condition", "above", "--target", "50", "--name", "fires");
        await cli.RunAsync("signals", "add", "--exchange", "binance", "--symbol", "BTCUSDT", "--condition", "above", "--target", "500", "--name", "waits");
        await cli.RunAsync("check");

        var table = await cli.RunAsync("signals", "list");
        var triggered = await cli.RunAsync("signals", "list", "--status", "triggered", "--json");
        var bad = await cli.RunAsync("signals", "list", "--status", "done");

        table.Out.Should().Contain("fires").And.Contain("waits").And.Contain("STATUS");
        triggered.Out.Should().Contain("\"name\": \"fires\"").And.NotContain("\"name\": \"waits\"");
        bad.ExitCode.Should().Be(ExitCodes.InvalidInput);
        bad.Error.Should().Contain("--status must be one of pending | triggered | expired | waiting | paused (got 'done')");
    }

    [Fact]
    public async Task DisableEnableRemove_ChangeTheAlert_UnknownIdIsNotFound()
    {
        var added = await cli.RunAsync("signals", "add", "--exchange", "binance", "--symbol", "BTCUSDT", "--condition", "above", "--target", "50", "--json");
        var id = System.Text.Json.JsonDocument.Parse(added.Out).RootElement[0].GetProperty("id").GetString()!;

        (await cli.RunAsync("signals", "disable", id)).ExitCode.Should().Be(0);
        (await cli.ListAsync()).Single().GetProperty("active").GetBoolean().Should().BeFalse();
        (await cli.RunAsync("signals", "enable", id)).ExitCode.Should().Be(0);
        (await cli.ListAsync()).Single().GetProperty("active").GetBoolean().Should().BeTrue();
        (await cli.RunAsync("signals", "remove", id)).ExitCode.Should().Be(0);
        (await cli.ListAsync()).Should().BeEmpty();

        var missing = await cli.RunAsync("signals", "disable", "nope");
        missing.ExitCode.Should().Be(ExitCodes.NotFound);
        missing.Error.Should().Contain("no alert with id 'nope'");
        (await cli.RunAsync("signals", "remove", "nope")).ExitCode.Should().Be(ExitCodes.NotFound);
    }

    [Fact]
    public async Task Import_Twice_NoDuplicates_BadRowsListedGoodRowsImported()
    {
        var file = Path.Combine(cli.Folder, "alerts.csv");
        await File.WriteAllTextAsync(file,
            "Symbol,Condition,Target_Price,Exchange,Active,Pushover_User_Key,Notes\n" +
            "BTCUSDT,above,\"$100,000\",binance,TRUE,,breakout\n" +
            "ETHUSDT,above,-5,binance,TRUE,,\n" +
            "ETHUSDT,below,3500.5,binance,FALSE,,dip\n");

        var first = await cli.RunAsync("signals", "import", file);
        var second = await cli.RunAsync("signals", "import", file);

        first.ExitCode.Should().Be(ExitCodes.Partial);
        first.Out.Should().Contain("2 added, 0 updated, 0 unchanged, 1 invalid").And.Contain("row 3: target_price: must be a positive number");
        second.Out.Should().Contain("0 added, 0 updated, 2 unchanged, 1 invalid");
        (await cli.ListAsync()).Should().HaveCount(2);
    }

    [Fact]
    public async Task Import_MissingFileOrColumns_InvalidInputNothingImported()
    {
        var noFile = await cli.RunAsync("signals", "import", Path.Combine(cli.Folder, "missing.csv"));
        var file = Path.Combine(cli.Folder, "bad.csv");
        await File.WriteAllTextAsync(file, "symbol,target_price\nBTCUSDT,100\n");
        var noColumns = await cli.RunAsync("signals", "import", file);

        noFile.ExitCode.Should().Be(ExitCodes.InvalidInput);
        noFile.Error.Should().Contain("no such file");
        noColumns.ExitCode.Should().Be(ExitCodes.InvalidInput);
        noColumns.Error.Should().Contain("lacks the column(s) condition, exchange");
        (await cli.ListAsync()).Should().BeEmpty();
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("json")]
    public async Task Export_ThenImport_ReadsBackUnchanged(string format)
    {
        await cli.RunAsync("signals", "add", "--exchange", "binance", "--symbol", "BTCUSDT", "--condition", "above", "--target", "100000.5", "--notes", "with, comma \"quoted\"");
        await cli.RunAsync("signals", "add", "--exchange", "binance", "--symbol", "ETHUSDT", "--condition", "below", "--target", "0.00001234", "--user-key", "gznej3rKEVAvPUxu9vvNnqpmZpokzF");
        var file = Path.Combine(cli.Folder, $"export.{format}");

        var export = await cli.RunAsync("signals", "export", "--format", format, "--output", file);
        var import = await cli.RunAsync("signals", "import", file);

        export.ExitCode.Should().Be(0, export.Error);
        import.ExitCode.Should().Be(0, import.Out + import.Error);
        import.Out.Should().Contain("0 added, 0 updated, 2 unchanged, 0 invalid");
    }

    [Fact]
    public async Task Export_IntoAFreshStore_RecreatesTheAlerts()
    {
        await cli.RunAsync("signals", "add", "--exchange", "binance", "--symbol", "BTCUSDT", "--condition", "above", "--target", "100000.5", "--name", "btc");
        var file = Path.Combine(cli.Folder, "export.csv");
        await cli.RunAsync("signals", "export", "--output", file);
        cli.Environment["TRADINGALERTS_DB"] = Path.Combine(cli.Folder, "fresh.db");

        var import = await cli.RunAsync("signals", "import", file);

        import.Out.Should().Contain("1 added");
        var signal = (await cli.ListAsync()).Single();
        signal.GetProperty("name").GetString().Should().Be("btc");
        signal.GetProperty("target_price").GetDecimal().Should().Be(100000.5m);
    }

    [Fact]
    public async Task Config_ShowsDatabasePathAndMasksSecrets()
    {
        var result = await cli.RunAsync("config");

        result.Out.Should().Contain(cli.Environment["TRADINGALERTS_DB"]).And.NotContain(CliHarness.AppToken).And.NotContain(CliHarness.DefaultUserKey);
    }
}
