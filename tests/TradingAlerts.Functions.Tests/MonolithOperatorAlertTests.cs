using TradingAlerts.Core.Signals;
using TradingAlerts.Testing;
using TradingAlerts.Testing.Emulators;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace TradingAlerts.Functions.Tests;

/// <summary>The Monolith records every invocation as a cycle, and tells the operator once when an exchange stays down.</summary>
[Collection(FauxqsCollection.Name)]
public sealed class MonolithOperatorAlertTests(FauxqsFixture fauxqs)
{
    [Fact]
    public async Task Monolith_SameScheduleTwice_RecordsOneCompletedCycleNamedBySchedule()
    {
        await using var h = await HandlerHarness.StartAsync(fauxqs);
        h.BinancePrices(("BTCUSDT", "100"));
        await h.AddAsync("btc", "BTCUSDT", Condition.Above, 100_000m);

        await new MonolithFunction(h.Composition).HandleAsync(HandlerHarness.ScheduledEvent());
        await new MonolithFunction(h.Composition).HandleAsync(HandlerHarness.ScheduledEvent());

        var record = (await h.Store.RecentAsync(10, CancellationToken.None)).Should().ContainSingle("a retried invocation is the same cycle").Subject;
        record.Report.CycleId.Should().Be(HandlerHarness.ScheduledTime);
        record.Report.Completed.Should().BeTrue();
        record.Requests.Should().ContainKey(ExchangeId.Binance, "the retry found the prices of its cycle already fetched");
        record.OpenIncidents.Should().BeEmpty();
    }

    [Fact]
    public async Task Monolith_BinanceFailingFourSchedules_OperatorToldOnce()
    {
        await using var h = await HandlerHarness.StartAsync(fauxqs);
        h.BinancePrices(("BTCUSDT", "100"));
        await h.AddAsync("btc", "BTCUSDT", Condition.Above, 100_000m);
        h.Binance.Reset();
        h.Binance.Given(Request.Create().WithPath("/api/v3/ticker/price").UsingGet()).RespondWith(Response.Create().WithStatusCode(503).WithBody("{}"));

        foreach (var minute in new[] { "09:25", "09:30", "09:35", "09:40" })
            await new MonolithFunction(h.Composition).HandleAsync(HandlerHarness.Utf8(LambdaEventsTests.ScheduledEventSample.Replace("2019-03-01T01:23:45Z", $"2026-03-14T{minute}:00Z", StringComparison.Ordinal)));

        var operatorMessages = h.Pushover.LogEntries
            .Select(e => System.Web.HttpUtility.ParseQueryString(e.RequestMessage.Body!))
            .Where(m => m["title"] == "TradingAlerts: binance is down")
            .ToList();
        operatorMessages.Should().ContainSingle().Which["user"].Should().Be(SignalFactory.UserKey, "the operator defaults to the default recipient");
        (await h.Store.RecentAsync(1, CancellationToken.None))[0].OpenIncidents.Should().Contain(i => i.Kind == Core.Pipeline.IncidentKind.ExchangeDown && i.Exchange == ExchangeId.Binance);
    }
}
