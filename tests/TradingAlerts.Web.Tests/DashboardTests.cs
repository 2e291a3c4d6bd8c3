using System.Net;
using System.Text.Json;
using TradingAlerts.Testing;

namespace TradingAlerts.Web.Tests;

/// <summary><c>GET /api/stats</c> and <c>/dashboard</c> over a known week of history: the figures they must show.</summary>
public sealed class DashboardTests : IDisposable
{
    private readonly WebHarness harness = new();
    private readonly ApiFactory factory;
    private readonly HttpClient http;

    public DashboardTests()
    {
        factory = new ApiFactory(harness, WebUiOptions.Loopback);
        http = factory.CreateClient();
    }

    public void Dispose()
    {
        http.Dispose();
        factory.Dispose();
        harness.Dispose();
    }

    [Fact]
    public async Task ApiStats_AKnownWeek_GivesItsFigures()
    {
        await harness.WriteKnownHistoryAsync();

        var response = await http.GetAsync($"/api/stats?since={KnownHistory.Period}");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        var stats = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        stats.GetProperty("firings").GetInt32().Should().Be(KnownHistory.Firings);
        stats.GetProperty("to").GetDateTimeOffset().Should().Be(harness.Clock.GetUtcNow());
        var channels = stats.GetProperty("channels").EnumerateArray().ToDictionary(c => c.GetProperty("channel").GetString()!);
        channels["pushover"].GetProperty("latency_p95_ms").GetInt64().Should().Be(KnownHistory.PushoverP95Ms);
        channels["telegram"].GetProperty("success_rate").GetDecimal().Should().Be(KnownHistory.TelegramSuccessRate);
        stats.GetProperty("cycles").GetProperty("recorded").GetInt64().Should().Be(KnownHistory.CyclesRecorded);
        stats.GetProperty("exchanges")[0].GetProperty("down").GetInt64().Should().Be(KnownHistory.BinanceDown);
        stats.GetProperty("most_fired")[0].GetProperty("id").GetString().Should().Be(KnownHistory.MostFired);
        stats.GetProperty("never_fired").EnumerateArray().Select(a => a.GetProperty("id").GetString()).Should().Equal(KnownHistory.NeverFired);
    }

    [Fact]
    public async Task ApiStats_NoPeriod_IsTheLastSevenDays()
    {
        var stats = JsonDocument.Parse(await http.GetStringAsync("/api/stats")).RootElement;

        stats.GetProperty("from").GetDateTimeOffset().Should().Be(harness.Clock.GetUtcNow().AddDays(-7));
        stats.GetProperty("firings").GetInt32().Should().Be(0);
    }

    [Theory]
    [InlineData("100d")]
    [InlineData("soon")]
    public async Task ApiStats_BadPeriod_400NamingSince(string since)
    {
        var response = await http.GetAsync($"/api/stats?since={since}");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        problem.GetProperty("errors").GetProperty("since")[0].GetString().Should().Be($"must be a duration from 1m to 90d, such as 24h or 7d (got '{since}')");
    }

    [Fact]
    public async Task Dashboard_BadPeriod_SaysWhyAndShowsNoFigures()
    {
        var page = await http.GetStringAsync("/dashboard?since=soon");

        page.Should().Contain("since must be a duration from 1m to 90d").And.NotContain("id=\"firings\"");
    }
}
