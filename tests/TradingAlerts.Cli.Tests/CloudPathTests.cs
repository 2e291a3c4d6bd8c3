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

    public CloudPathTests(DynamoDbLocal dynamo, FauxqsFixture sqs)
    {
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
        first.Out.Should().Contain("2 checked, 1 fired, 1 notified");
        second.Out.Should().Contain("1 checked, 0 fired, 0 notified");
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
