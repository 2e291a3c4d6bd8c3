using System.Globalization;
using TradingAlerts.Core.Pipeline;
using TradingAlerts.Core.Prices;
using TradingAlerts.Core.Signals;
using TradingAlerts.Testing;
using TradingAlerts.Testing.Emulators;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace TradingAlerts.Functions.Tests.Pipeline;

/// <summary>
/// The fan-out pipeline's operator health alert on DynamoDB Local and fauxqs with the real handlers: every five
/// minutes the schedule runs the Watch function (which judges the cycle of the period before) and the Reader; the
/// Workers take each cycle's messages, every one of them delivered twice to two new instances.
/// </summary>
[Collection(PipelineEmulatorsCollection.Name)]
public sealed class FanOutOperatorAlertTests(DynamoDbLocal dynamo, FauxqsFixture fauxqs)
{
    private const string BinanceDown = "TradingAlerts: binance is down";
    private const string BinanceRecovered = "TradingAlerts: binance recovered";
    private const string NoCycleCompleted = "TradingAlerts: no cycle completed";
    private const string CyclesCompleteAgain = "TradingAlerts: cycles complete again";
    private static readonly TimeSpan Period = TimeSpan.FromMinutes(5);
    private static readonly DateTimeOffset FirstCycle = DateTimeOffset.Parse(PipelineHarness.CycleId, CultureInfo.InvariantCulture);
    private static readonly string[] Alerts = ["btc", "eth", "sol", "bnb"];

    [Fact]
    public async Task BinanceFailingForThreeCycles_EveryBatchDeliveredTwice_OneOperatorPushThenOneRecovered()
    {
        await using var h = await PipelineHarness.StartAsync(dynamo, fauxqs);
        await SeedAsync(h);
        BinanceFails(h);
        BybitAnswers(h);

        for (var cycle = 0; cycle < 3; cycle++)
            await PeriodAsync(h, cycle);
        h.Pushes.Should().BeEmpty("the third failing cycle is judged a period after it ran");

        await PeriodAsync(h, 3, beforeTheWorkers: () => BinanceAnswers(h));
        var told = h.Pushes.Should().ContainSingle("three cycles in a row with Binance failing open one incident").Subject;
        told.Title.Should().Be(BinanceDown);
        told.User.Should().Be(SignalFactory.UserKey, "the operator defaults to the default recipient");
        told.Message.Should().Contain("HTTP 503").And.Contain("since 2026-03-14 09:25 UTC");

        await PeriodAsync(h, 4);

        h.Pushes.Select(p => (p.User, p.Title)).Should().Equal(
            [(SignalFactory.UserKey, BinanceDown), (SignalFactory.UserKey, BinanceRecovered)],
            "one push when the trouble starts, one when Binance answers again, and none for the alerts (no target crossed)");
        var records = await h.NewStore().RecentAsync(10, CancellationToken.None);
        records.Select(r => r.Report.CycleId).Should().Equal(CycleIds(3, 2, 1, 0, -1), "each watch judged the cycle of the period before");
        var ran = records.Take(4).ToList();
        ran.Should().OnlyContain(r => r.Report.Completed, "every batch was done, however often it was delivered");
        // No price comes near the far targets, so the trigger book leaves every alert unread (none checked); none is
        // unchecked either: Bybit priced Binance's markets meanwhile.
        ran.Should().OnlyContain(r => r.Report.Checked == 0 && r.Report.NotChecked == 0, "a batch delivered twice counts once, and Bybit priced Binance's markets meanwhile");
        ran.Skip(1).Should().OnlyContain(r => r.Health.Single(s => s.Exchange == ExchangeId.Binance).LastError == "HTTP 503 after 3 attempts");
        ran[1].OpenIncidents.Should().ContainSingle().Which.Should().Match<OperatorIncident>(i => i.Kind == IncidentKind.ExchangeDown && i.Exchange == ExchangeId.Binance);
        ran[0].OpenIncidents.Should().BeEmpty();
        ran[0].Health.Single(s => s.Exchange == ExchangeId.Binance).State.Should().Be(ExchangeState.Ok);
        records[4].Report.Completed.Should().BeFalse("the first watch, before the first cycle, found no batch of the period before");
    }

    [Fact]
    public async Task ReaderNotRunningForThreePeriods_OneNoCycleCompletedPush_ThenOneWhenCyclesCompleteAgain()
    {
        await using var h = await PipelineHarness.StartAsync(dynamo, fauxqs);
        await SeedAsync(h);
        BinanceAnswers(h);

        await PeriodAsync(h, 0);
        for (var cycle = 1; cycle <= 3; cycle++)
            await PeriodAsync(h, cycle, readerRuns: false);
        h.Pushes.Should().BeEmpty("the third period without a cycle is judged a period later");

        await PeriodAsync(h, 4);
        h.Pushes.Should().ContainSingle().Which.Title.Should().Be(NoCycleCompleted);
        h.Pushes[0].Message.Should().Contain("no batch of it was recorded");

        await PeriodAsync(h, 5);

        h.Pushes.Select(p => p.Title).Should().Equal(NoCycleCompleted, CyclesCompleteAgain);
        var records = await h.NewStore().RecentAsync(10, CancellationToken.None);
        records.Select(r => (r.Report.CycleId, r.Report.Completed)).Should().Equal(
            (CycleId(4), true), (CycleId(3), false), (CycleId(2), false), (CycleId(1), false), (CycleId(0), true), (CycleId(-1), false));
    }

    /// <summary>
    /// Period <paramref name="cycle"/>: the schedule fires the Watch (judging the cycle before) and, unless it is down,
    /// the Reader; each message of the cycle goes to a Worker instance, then to another, before the mapping deletes it.
    /// </summary>
    private static async Task PeriodAsync(PipelineHarness h, int cycle, bool readerRuns = true, Action? beforeTheWorkers = null)
    {
        var scheduled = FirstCycle + (Period * cycle);
        h.Clock.SetUtcNow(scheduled.AddSeconds(2));
        await new WatchFunction(h.NewInstance()).HandleAsync(ScheduledEvent(scheduled));
        if (!readerRuns)
            return;

        await new ReaderFunction(h.NewInstance()).HandleAsync(ScheduledEvent(scheduled));
        var messages = await h.ReceiveAllAsync();
        messages.Should().ContainSingle("the cycle's four markets fit one message").Which.Body.Should().Contain("\"markets\":");
        var sqsEvent = h.SqsEventFor(messages);
        beforeTheWorkers?.Invoke();
        await h.RunWorkerAsync(sqsEvent);
        await h.AcknowledgeAsync(messages, await h.RunWorkerAsync(sqsEvent));
    }

    private static async Task SeedAsync(PipelineHarness h)
    {
        // Targets far from the prices: no alert fires, and none is near enough its target to ask for candles.
        foreach (var (id, symbol) in Alerts.Zip(["BTCUSDT", "ETHUSDT", "SOLUSDT", "BNBUSDT"]))
            await h.AddAsync(id, symbol, Condition.Above, 1_000_000m);
    }

    private static void BinanceFails(PipelineHarness h)
    {
        h.Binance.Reset();
        h.Binance.Given(Request.Create().WithPath("/api/v3/ticker/price").UsingGet()).RespondWith(Response.Create().WithStatusCode(503).WithBody("{}"));
    }

    /// <summary>Bybit, the first fallback, answers every symbol (Coinbase, the second, is then never asked).</summary>
    private static void BybitAnswers(PipelineHarness h) =>
        h.Others.Given(Request.Create().WithPath("/v5/market/tickers").UsingGet()).RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(
            """{"retCode":0,"retMsg":"OK","result":{"category":"spot","list":[{"symbol":"BTCUSDT","lastPrice":"100250.5"},{"symbol":"ETHUSDT","lastPrice":"3999.99"},{"symbol":"SOLUSDT","lastPrice":"151.2"},{"symbol":"BNBUSDT","lastPrice":"650.1"}]},"retExtInfo":{},"time":1673859087947}"""));

    private static void BinanceAnswers(PipelineHarness h)
    {
        h.Binance.Reset();
        h.BinancePrices(("BTCUSDT", "100250.5"), ("ETHUSDT", "3999.99"), ("SOLUSDT", "151.2"), ("BNBUSDT", "650.1"));
    }

    private static Stream ScheduledEvent(DateTimeOffset time) =>
        PipelineHarness.Utf8(LambdaEventsTests.ScheduledEventSample.Replace("2019-03-01T01:23:45Z", CycleId(time), StringComparison.Ordinal));

    private static string CycleId(int cycle) => CycleId(FirstCycle + (Period * cycle));

    private static string CycleId(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string[] CycleIds(params int[] cycles) => cycles.Select(CycleId).ToArray();
}
