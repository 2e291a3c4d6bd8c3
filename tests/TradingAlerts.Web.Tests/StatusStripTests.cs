using System.Net;
using TradingAlerts.Core.Pipeline;
using TradingAlerts.Core.Signals;

namespace TradingAlerts.Web.Tests;

/// <summary>
/// The strip on every page, under <c>serve</c> (the stored cycle log only) and beside the monitor loop of <c>run</c>
/// (its live state), on the harness's fake clock.
/// </summary>
public sealed class StatusStripTests : IDisposable
{
    private readonly WebHarness harness = new();

    [Fact]
    public async Task Strip_BesideTheLoop_ShowsTheNextCycleCountdownAndTheLastCyclesCounts()
    {
        var state = new MonitorState<CycleRecord>(harness.Clock);
        harness.Monitor = state;
        using var factory = new ApiFactory(harness, WebUiOptions.Loopback);
        using var http = factory.CreateClient();

        state.CycleStarting();
        (await PageAsync(http)).Should().Contain("<span id=\"next-cycle\">A cycle is running</span>").And.Contain("<strong id=\"last-cycle\">none yet</strong>")
            .And.NotContain("run: tradingalerts run", "the monitor is this process");

        state.CycleEnded(Record(checkedCount: 3, fired: 1, notified: 1), TimeSpan.FromSeconds(60));
        var first = await PageAsync(http);
        first.Should().Contain("<span id=\"next-cycle\">Next cycle in 60 s</span>")
            .And.Contain("<span id=\"last-summary\">3 checked, 1 fired, 1 notified</span>")
            .And.Contain("<strong id=\"last-cycle\"><time datetime=\"2026-11-25T12:00:00Z\" title=\"2026-11-25 12:00:00 UTC\">2026-11-25 12:00:00 UTC</time></strong>");

        harness.Clock.Advance(TimeSpan.FromSeconds(41.5));
        (await PageAsync(http)).Should().Contain("Next cycle in 19 s", "whole seconds, rounded up");
        harness.Clock.Advance(TimeSpan.FromSeconds(30));
        (await PageAsync(http)).Should().Contain("Next cycle in 0 s", "a late cycle is due, not negative");
    }

    [Fact]
    public async Task Strip_BesideTheLoop_AFailedCycleKeepsTheLastReportAndAFailureShows()
    {
        var state = new MonitorState<CycleRecord>(harness.Clock);
        harness.Monitor = state;
        using var factory = new ApiFactory(harness, WebUiOptions.Loopback);
        using var http = factory.CreateClient();

        state.CycleEnded(Record(checkedCount: 2, fired: 0, notified: 0, notificationFailures: 1), TimeSpan.FromSeconds(10));
        state.CycleStarting();
        state.CycleEnded(null, TimeSpan.FromSeconds(10));

        (await PageAsync(http)).Should().Contain("<span id=\"last-summary\">2 checked, 0 fired, 0 notified, 1 notification failures</span>");
    }

    [Fact]
    public async Task Strip_UnderServe_HasNoCountdownAndPointsToRun()
    {
        using var factory = new ApiFactory(harness, WebUiOptions.Loopback);
        using var http = factory.CreateClient();

        var page = await PageAsync(http);

        page.Should().Contain("none yet (run: tradingalerts run)").And.NotContain("next-cycle").And.NotContain("last-summary");
    }

    public void Dispose() => harness.Dispose();

    private static async Task<string> PageAsync(HttpClient http)
    {
        var answer = await http.GetAsync(new Uri("/", UriKind.Relative));
        answer.StatusCode.Should().Be(HttpStatusCode.OK);
        return await answer.Content.ReadAsStringAsync();
    }

    private CycleRecord Record(int checkedCount, int fired, int notified, int notificationFailures = 0) => new(
        new CycleReport("c1", harness.Clock.GetUtcNow(), checkedCount, 0, fired, notified, notificationFailures, 0, [], TimeSpan.FromSeconds(1)),
        harness.Clock.GetUtcNow(),
        new Dictionary<ExchangeId, long> { [ExchangeId.Binance] = 1 },
        []);
}
