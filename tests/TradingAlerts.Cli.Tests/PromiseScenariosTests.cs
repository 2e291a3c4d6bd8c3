using System.Web;
using Microsoft.Extensions.Time.Testing;
using TradingAlerts.Testing;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace TradingAlerts.Cli.Tests;

/// <summary>
/// The delivery promise as a new user meets it, from the CLI: separate <c>check</c> invocations on a fake clock against
/// a Binance whose ticker and klines (1m and 1s) all come from one price path, and a Pushover that counts what reached it.
/// </summary>
public sealed class PromiseScenariosTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 12, 0, 10, TimeSpan.Zero);
    private readonly FakeTimeProvider clock = new(Start);
    private readonly PricePathExchange binance;
    private readonly CliHarness cli;

    public PromiseScenariosTests()
    {
        binance = new PricePathExchange(clock, "BTCUSDT");
        cli = new CliHarness { Clock = clock };
        cli.Environment["BINANCE_API_URL"] = binance.Server.Url!;
    }

    public void Dispose()
    {
        cli.Dispose();
        binance.Dispose();
    }

    [Fact]
    public async Task CrossesUp_ArmedAfterTheHighOfItsMinute_NoPushForThatHigh_OnePushForTheRealWickAfter()
    {
        // crosses_up 100 added at 12:00:10 with BTCUSDT at 101: it waits. The price falls through 100.3 (12:00:20) to
        // 99.8 (12:00:30); the 12:00:40 check arms it. The 12:00:41 check still sees 99.8, and the minute's candle still
        // holds 101 from before the arming: no crossing happened, so nothing is sent.
        binance.Trade(101m);
        await AddAsync("--condition", "crosses_up", "--target", "100");
        await CheckAsync(expect: "1 checked, 0 fired");
        At(20).Trade(100.3m);
        At(30).Trade(99.8m);
        At(40);
        await CheckAsync(expect: "1 checked, 0 fired");
        At(41);
        await CheckAsync(expect: "1 checked, 0 fired");
        cli.PushoverRequests.Should().Be(0, "the price has not crossed up through 100 since the alert armed");

        // At 12:00:50, still within the arming minute, the price touches 100.5 for a second and falls back: a real
        // crossing after the arming, found by the 12:01:05 check, told once.
        At(50).Trade(100.5m);
        At(51).Trade(99.8m);
        At(65);
        await CheckAsync(expect: "1 checked, 1 fired, 1 notified");
        At(125);
        await CheckAsync(expect: "0 checked, 0 fired");

        var push = HttpUtility.ParseQueryString(cli.Pushover.LogEntries.Should().ContainSingle().Subject.RequestMessage.Body!);
        push["title"].Should().Be("BTCUSDT crosses up 100: touched 100.5");
    }

    [Fact]
    public async Task SlowPushover_AnsweringAfterTwelveSeconds_ReceivesOneMessage()
    {
        // Pushover accepts the message but answers after 12 s; the product's own retry options apply (30 s attempts).
        using var slow = new CliHarness { Clock = clock, PushoverRetry = null };
        slow.Environment["BINANCE_API_URL"] = binance.Server.Url!;
        slow.Pushover.Reset();
        slow.Pushover.Given(Request.Create().WithPath("/1/messages.json").UsingPost())
            .RespondWith(Response.Create().WithDelay(TimeSpan.FromSeconds(12)).WithStatusCode(200).WithHeader("Content-Type", "application/json")
                .WithBody("""{"status":1,"request":"647d2300-702c-4b38-8b2f-d56326ae460b"}"""));
        binance.Trade(100250.5m);
        (await slow.RunAsync("signals", "add", "--exchange", "binance", "--symbol", "BTCUSDT", "--condition", "above", "--target", "100000")).ExitCode.Should().Be(0);

        var first = await slow.RunAsync("check");
        At(60);
        var second = await slow.RunAsync("check");

        first.Out.Should().Contain("1 checked, 1 fired, 1 notified, 0 notification failures", first.Error);
        second.Out.Should().Contain("0 fired, 0 notified");
        slow.PushoverRequests.Should().Be(1, "a slow but working Pushover is not cut off and asked again");
    }

    /// <summary>Moves the clock to <paramref name="seconds"/> after 12:00:00.</summary>
    private PricePathExchange At(int seconds)
    {
        clock.SetUtcNow(Start.AddSeconds(seconds - 10));
        return binance;
    }

    private async Task AddAsync(params string[] rule)
    {
        var add = await cli.RunAsync(["signals", "add", "--exchange", "binance", "--symbol", "BTCUSDT", .. rule]);
        add.ExitCode.Should().Be(0, add.Error);
    }

    private async Task CheckAsync(string expect)
    {
        var check = await cli.RunAsync("check");
        check.Out.Should().Contain(expect, check.Out + check.Error);
    }
}
