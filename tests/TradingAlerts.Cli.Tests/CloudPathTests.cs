using TradingAlerts.Testing.Emulators;

namespace TradingAlerts.Cli.Tests;

[CollectionDefinition(Name)]
public sealed class CloudEmulatorsCollection : ICollectionFixture<DynamoDbLocal>, ICollectionFixture<FauxqsFixture>
{
    public const string Name = "cli on emulators";
}

/// <summary>
/// The CLI against the cloud's store and queue, on DynamoDB Local and fauxqs: what an operator does to rehearse the
/// cloud path on a laptop.
/// </summary>
[Collection(CloudEmulatorsCollection.Name)]
public sealed class CloudPathTests : IDisposable
{
    private readonly CliHarness cli = new();
    private readonly DynamoDbLocal dynamo;

    public CloudPathTests(DynamoDbLocal dynamo, FauxqsFixture sqs)
    {
        this.dynamo = dynamo;
        var suffix = Guid.NewGuid().ToString("N")[..8];
        cli.Environment["TRADINGALERTS_STORE"] = "dynamodb";
        cli.Environment["TRADINGALERTS_TABLE"] = $"alerts-{suffix}";
        cli.Environment["TRADINGALERTS_QUEUE"] = $"batches-{suffix}";
        cli.Environment["AWS_REGION"] = "eu-central-1";
        cli.Environment["AWS_ENDPOINT_URL_DYNAMODB"] = dynamo.ServiceUrl;
        cli.Environment["AWS_ENDPOINT_URL_SQS"] = sqs.Url.ToString();
        cli.Environment["AWS_ACCESS_KEY_ID"] = "local";
        cli.Environment["AWS_SECRET_ACCESS_KEY"] = "local";
    }

    public void Dispose() => cli.Dispose();

    [Fact]
    public async Task Users_OnDynamoDb_NoItemHoldsThePasswordOrTheToken()
    {
        const string password = "correct horse battery staple";
        (await cli.RunAsync("init")).ExitCode.Should().Be(0);
        var added = await cli.RunWithInputAsync(password + "\n", "users", "add", "ann", "--admin", "--password-stdin");
        var issued = await cli.RunAsync("users", "token", "ann");
        var token = issued.Out.Split('\n', StringSplitOptions.TrimEntries)[1];

        using var client = dynamo.CreateClient();
        var items = await client.ScanAsync(new Amazon.DynamoDBv2.Model.ScanRequest { TableName = cli.Environment["TRADINGALERTS_TABLE"] });
        var text = string.Join('\n', items.Items.SelectMany(item => item.Values).Select(v => v.S ?? v.N ?? string.Empty));

        added.ExitCode.Should().Be(0, added.Error);
        token.Should().HaveLength(43);
        items.Items.Should().HaveCount(2, "the account and its token");
        text.Should().Contain("ann", "the search must see what the items hold");
        text.Should().NotContain(password).And.NotContain(token);
    }

    [Fact]
    public async Task InitThenCheckThroughSqs_DynamoDbStore_OnePushPerCrossingStatesInTheTable()
    {
        cli.BinancePrices(("BTCUSDT", "100250.5"), ("ETHUSDT", "3999"));

        var init = await cli.RunAsync("init", "--pipeline", "sqs");
        var again = await cli.RunAsync("init", "--pipeline", "sqs");
        await cli.RunAsync("signals", "add", "--exchange", "binance", "--symbol", "BTCUSDT", "--condition", "above", "--target", "100000");
        await cli.RunAsync("signals", "add", "--exchange", "binance", "--symbol", "ETHUSDT", "--condition", "above", "--target", "5000");
        var first = await cli.RunAsync("check", "--pipeline", "sqs");
        var second = await cli.RunAsync("check", "--pipeline", "sqs");

        init.ExitCode.Should().Be(0, init.Error);
        init.Out.Should().Contain($"Store ready: DynamoDB table {cli.Environment["TRADINGALERTS_TABLE"]}").And.Contain($"/batches-{cli.Environment["TRADINGALERTS_QUEUE"][8..]}");
        again.ExitCode.Should().Be(0, "init is idempotent: " + again.Error);
        first.ExitCode.Should().Be(0, first.Out + first.Error);
        // ETH's alert at 5 000 (the price 3 999) is not read from the trigger book; BTC's fires once.
        first.Out.Should().Contain("1 checked, 1 fired, 1 notified");
        second.Out.Should().Contain("0 checked, 0 fired, 0 notified");
        cli.PushoverRequests.Should().Be(1);

        var signals = await cli.ListAsync();
        signals.Should().HaveCount(2);
        signals.Single(s => s.GetProperty("symbol").GetString() == "BTCUSDT").GetProperty("status").GetString().Should().Be("triggered");
        signals.Single(s => s.GetProperty("symbol").GetString() == "ETHUSDT").GetProperty("triggered_count").GetInt32().Should().Be(0);
    }

    [Fact]
    public async Task DynamoDbStore_WithoutRegion_ConfigurationErrorNamingIt()
    {
        cli.Environment.Remove("AWS_REGION");

        var result = await cli.RunAsync("signals", "list");

        result.ExitCode.Should().Be(ExitCodes.Configuration);
        result.Error.Should().Contain("AWS_REGION must be set for TRADINGALERTS_STORE=dynamodb");
    }

    [Fact]
    public async Task CheckThroughSqs_QueueMissing_ClearError()
    {
        await cli.RunAsync("init");

        var result = await cli.RunAsync("check", "--pipeline", "sqs");

        result.ExitCode.Should().Be(ExitCodes.Configuration);
        result.Error.Should().Contain($"the SQS queue {cli.Environment["TRADINGALERTS_QUEUE"]} does not exist: run 'tradingalerts init --pipeline sqs'");
    }

    [Fact]
    public async Task DynamoDbStore_TableMissing_SaysToRunInit()
    {
        var result = await cli.RunAsync("signals", "list");

        result.ExitCode.Should().Be(ExitCodes.Configuration);
        result.Error.Should().Contain($"the DynamoDB table {cli.Environment["TRADINGALERTS_TABLE"]} (TRADINGALERTS_TABLE) does not exist: run 'tradingalerts init'");
    }
}
