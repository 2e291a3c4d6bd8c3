using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Web;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace TradingAlerts.Cli.Tests;

/// <summary>
/// Crossing and re-arming alerts, several channels, urgency and recipients from the CLI, against Binance, Pushover,
/// Telegram and a webhook receiver over HTTP (WireMock.Net).
/// </summary>
public sealed class AlertKindsEndToEndTests : IDisposable
{
    private const string BotToken = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";
    private const string WebhookSecret = "a-webhook-signing-secret";

    private readonly CliHarness cli = new();
    private readonly WireMockServer telegram = WireMockServer.Start();
    private readonly WireMockServer receiver = WireMockServer.Start();

    public AlertKindsEndToEndTests()
    {
        cli.Environment["TELEGRAM_BOT_TOKEN"] = BotToken;
        cli.Environment["TELEGRAM_API_URL"] = telegram.Url!;
        cli.Environment["WEBHOOK_SECRET"] = WebhookSecret;
        telegram.Given(Request.Create().WithPath($"/bot{BotToken}/sendMessage").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("""{"ok":true,"result":{"message_id":7}}"""));
        receiver.Given(Request.Create().WithPath("/hook").UsingPost()).RespondWith(Response.Create().WithStatusCode(204));
    }

    public void Dispose()
    {
        telegram.Dispose();
        receiver.Dispose();
        cli.Dispose();
    }

    [Fact]
    public async Task CrossesUpOnThreeChannels_FiresOnceAfterArming_EachChannelGetsItsRequest()
    {
        // Alerts without a user key go to PUSHOVER_USER_KEY: its settings say where Telegram and the webhook go.
        (await cli.RunAsync("recipients", "set", CliHarness.DefaultUserKey, "--telegram-chat", "-1001234567890", "--webhook", receiver.Url + "/hook")).ExitCode.Should().Be(0);
        var add = await cli.RunAsync("signals", "add", "--exchange", "binance", "--symbol", "BTCUSDT", "--condition", "crosses_up", "--target", "100000",
            "--channels", "pushover,telegram,webhook", "--urgent", "--json");
        add.ExitCode.Should().Be(0, add.Error);
        JsonDocument.Parse(add.Out).RootElement[0].GetProperty("status").GetString().Should().Be("waiting");

        cli.BinancePrices(("BTCUSDT", "100500"));
        (await cli.RunAsync("check")).Out.Should().Contain("0 fired", "created above the target: it must see the price below first");
        cli.BinancePrices(("BTCUSDT", "99000"));
        (await cli.RunAsync("check")).Out.Should().Contain("0 fired");
        cli.BinancePrices(("BTCUSDT", "100000.5"));
        var crossing = await cli.RunAsync("check");

        crossing.Out.Should().Contain("1 fired, 3 notified", crossing.Error);
        var push = HttpUtility.ParseQueryString(cli.Pushover.LogEntries.Single().RequestMessage.Body!);
        (push["priority"], push["retry"], push["expire"]).Should().Be(("2", "60", "3600"));
        var message = JsonDocument.Parse(telegram.LogEntries.Single().RequestMessage.Body!).RootElement;
        message.GetProperty("chat_id").GetInt64().Should().Be(-1001234567890);
        message.GetProperty("text").GetString().Should().StartWith("BTCUSDT crosses up 100,000: now 100,000.5");

        var hook = receiver.LogEntries.Single().RequestMessage;
        var body = JsonDocument.Parse(hook.Body!).RootElement;
        (body.GetProperty("event").GetString(), body.GetProperty("condition").GetString(), body.GetProperty("price").GetString()).Should().Be(("alert.fired", "crosses_up", "100000.5"));
        var timestamp = hook.Headers!["X-TradingAlerts-Timestamp"].Single();
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(WebhookSecret), Encoding.UTF8.GetBytes($"{timestamp}.{hook.Body}")));
        hook.Headers["X-TradingAlerts-Signature"].Single().Should().Be(expected);

        (await cli.RunAsync("check")).Out.Should().Contain("0 fired", "once: it stops after firing");
    }

    [Fact]
    public async Task RecipientsSet_BadValues_NamedAndNothingStored()
    {
        var bad = await cli.RunAsync("recipients", "set", "default", "--telegram-chat", "me", "--quiet", "22-07", "--tz", "Europe/Berlin");

        bad.ExitCode.Should().Be(ExitCodes.InvalidInput);
        bad.Error.Should().Contain("telegram chat id must be a number such as -1001234567890 or @channelname (got 'me')")
            .And.Contain("quiet hours must be a period such as 22:00-07:00 (got '22-07')");
        (await cli.RunAsync("recipients", "list")).Out.Should().Contain("No recipient settings");

        var good = await cli.RunAsync("recipients", "set", "default", "--discord-webhook", "https://discord.com/api/webhooks/1/secret-token", "--quiet", "22:00-07:00", "--tz", "Europe/Berlin");
        good.ExitCode.Should().Be(0, good.Error);
        var list = await cli.RunAsync("recipients", "list");
        list.Out.Should().Contain("discord.com/…").And.Contain("22:00-07:00 Europe/Berlin").And.NotContain("secret-token");
        (await cli.RunAsync("recipients", "remove", "default")).ExitCode.Should().Be(0);
        (await cli.RunAsync("recipients", "remove", "default")).ExitCode.Should().Be(ExitCodes.NotFound);
    }

    [Fact]
    public async Task ChannelExitRearm_FiresOnEachExitAfterTheCooldown()
    {
        var add = await cli.RunAsync("signals", "add", "--exchange", "binance", "--symbol", "SOLUSDT", "--condition", "channel_exit", "--low", "100", "--high", "120",
            "--frequency", "rearm", "--cooldown", "0s", "--hysteresis", "1%");
        add.ExitCode.Should().Be(0, add.Error);

        foreach (var price in new[] { "110", "121", "119", "115", "99" })
        {
            cli.BinancePrices(("SOLUSDT", price));
            (await cli.RunAsync("check")).ExitCode.Should().Be(0);
        }

        cli.PushoverRequests.Should().Be(2, "121 leaves the band; 119 is inside but within 1 % of the bound; 115 re-arms; 99 leaves it again");
        var list = await cli.RunAsync("signals", "list");
        list.Out.Should().Contain("channel_exit").And.Contain("100–120");
    }
}
