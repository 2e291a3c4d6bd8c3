using System.Net;
using System.Text.Json;
using TradingAlerts.Core.Accounts;
using TradingAlerts.Core.Prices;
using TradingAlerts.Core.Signals;

namespace TradingAlerts.Web.Tests;

/// <summary>
/// Accounts mode on a real Kestrel port: the dashboard, <c>/api/stats</c> and <c>/api/history</c> give each member the
/// figures of their own alerts, and an admin everyone's or one owner's.
/// </summary>
public sealed partial class AccountsTests
{
    [Fact]
    public async Task Stats_AMemberCountsOnlyTheirOwnFirings_AnAdminEveryOnesOrOneOwners()
    {
        var (a1, b1) = await TwoMembersAsync();
        await harness.AddAccountAsync("root", AccountRole.Admin);
        var gone = await harness.AddAsync("ETHUSDT", "above", "4000", name: "a-gone", owner: "alice");
        var now = harness.Clock.GetUtcNow();
        await harness.FireAsync(a1.Id, now.AddHours(-3));
        await harness.FireAsync(a1.Id, now.AddHours(-2));
        await harness.FireAsync(b1.Id, now.AddHours(-1));
        await harness.FireAsync(gone.Id, now.AddMinutes(-30));
        (await harness.Store.RemoveAsync(gone.Id, CancellationToken.None)).Should().BeTrue();
        var (root, _) = await StartAsync();
        var alice = Client(root, await harness.AddTokenAsync("alice"));
        var bob = Client(root, await harness.AddTokenAsync("bob"));
        var admin = Client(root, await harness.AddTokenAsync("root"));

        var ofAlice = await StatsAsync(alice, "/api/stats");
        ofAlice.GetProperty("firings").GetInt32().Should().Be(2, "a removed alert's firing has no owner left to be alice's");
        Symbols(ofAlice).Should().Equal(("BTCUSDT", 2));
        PushoverDeliveries(ofAlice).Should().Be(2);
        ofAlice.GetProperty("most_fired").EnumerateArray().Select(a => a.GetProperty("id").GetString()).Should().Equal(a1.Id);
        ofAlice.GetProperty("days").EnumerateArray().Sum(d => d.GetProperty("firings").GetInt32()).Should().Be(2);

        var ofBob = await StatsAsync(bob, "/api/stats");
        ofBob.GetProperty("firings").GetInt32().Should().Be(1);
        PushoverDeliveries(ofBob).Should().Be(1);
        ofBob.GetProperty("most_fired").GetArrayLength().Should().Be(0);
        (await StatsAsync(alice, "/api/stats?owner=bob")).GetProperty("firings").GetInt32().Should().Be(0, "as the list, a member naming another owner sees nothing of theirs");

        var ofEveryone = await StatsAsync(admin, "/api/stats");
        ofEveryone.GetProperty("firings").GetInt32().Should().Be(4, "everyone's figures keep the removed alert's firing");
        Symbols(ofEveryone).Should().Equal(("BTCUSDT", 3), ("ETHUSDT", 1));
        PushoverDeliveries(ofEveryone).Should().Be(4);
        var adminOfAlice = await StatsAsync(admin, "/api/stats?owner=alice");
        adminOfAlice.GetProperty("firings").GetInt32().Should().Be(2);
        PushoverDeliveries(adminOfAlice).Should().Be(2);
    }

    [Fact]
    public async Task Dashboard_AMemberSeesTheirOwnFigures_AnAdminEveryOnesOrOneOwners()
    {
        var (a1, b1) = await TwoMembersAsync();
        await harness.AddAccountAsync("root", AccountRole.Admin);
        var quiet = await harness.AddAsync("ETHUSDT", "above", "5000", name: "b-quiet", owner: "bob");
        var now = harness.Clock.GetUtcNow();
        await harness.FireAsync(a1.Id, now.AddHours(-3));
        await harness.FireAsync(a1.Id, now.AddHours(-2));
        await harness.FireAsync(b1.Id, now.AddHours(-1));
        var (root, _) = await StartAsync();
        var alice = Client(root);
        (await SignInAsync(alice, "alice")).StatusCode.Should().Be(HttpStatusCode.Redirect);
        var admin = Client(root);
        (await SignInAsync(admin, "root")).StatusCode.Should().Be(HttpStatusCode.Redirect);

        var hers = await alice.GetStringAsync(new Uri("/dashboard", UriKind.Relative));
        hers.Should().Contain("<span class=\"figure\" id=\"firings\">2</span>").And.Contain($"data-id=\"{a1.Id}\"")
            .And.NotContain($"data-id=\"{quiet.Id}\"", "bob's quiet alert is not hers").And.Contain("Your alerts")
            .And.Contain("<a href=\"/dashboard\">Dashboard</a>", "a member has the link now").And.NotContain("id=\"owner\"");

        var everyones = await admin.GetStringAsync(new Uri("/dashboard", UriKind.Relative));
        everyones.Should().Contain("<span class=\"figure\" id=\"firings\">3</span>").And.Contain($"data-id=\"{quiet.Id}\"").And.Contain("id=\"owner\"");
        var bobs = await admin.GetStringAsync(new Uri("/dashboard?owner=bob", UriKind.Relative));
        bobs.Should().Contain("<span class=\"figure\" id=\"firings\">1</span>").And.Contain($"data-id=\"{quiet.Id}\"").And.NotContain($"data-id=\"{a1.Id}\"").And.Contain("The alerts of bob");
    }

    [Fact]
    public async Task History_AMemberSeesAPairOnlyWhereTheirAlertsWatchIt_AnAdminEverywhere()
    {
        await TwoMembersAsync();
        await harness.AddAccountAsync("root", AccountRole.Admin);
        var at = harness.Clock.GetUtcNow().AddMinutes(-5);
        await harness.RecordPricesAsync(new PriceSample(ExchangeId.Binance, at, new Dictionary<string, SeenPrice> { ["BTCUSDT"] = new(97_000m, 97_100m, 96_900m), ["ETHUSDT"] = new(3_000m) }, at.AddDays(30)));
        await harness.RecordPricesAsync(new PriceSample(ExchangeId.Bybit, at, new Dictionary<string, SeenPrice> { ["BTCUSDT"] = new(97_010m, 97_050m, 96_990m) }, at.AddDays(30)));
        var (root, _) = await StartAsync();
        var alice = Client(root, await harness.AddTokenAsync("alice"));
        var admin = Client(root, await harness.AddTokenAsync("root"));

        var hers = await alice.GetAsync(new Uri("/api/history?symbol=BTC/USDT", UriKind.Relative));
        hers.StatusCode.Should().Be(HttpStatusCode.OK, await hers.Content.ReadAsStringAsync());
        Exchanges(await hers.Content.ReadAsStringAsync()).Should().Equal(["binance"], "her alert watches BTCUSDT on Binance; Bybit's is someone else's business");
        var eth = await alice.GetAsync(new Uri("/api/history?symbol=ETH/USDT", UriKind.Relative));
        eth.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await eth.Content.ReadAsStringAsync()).Should().Contain("none of your alerts watches ETH/USDT");
        (await alice.GetAsync(new Uri("/api/history?symbol=BTC/USDT&exchange=bybit", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.NotFound);

        Exchanges(await admin.GetStringAsync(new Uri("/api/history?symbol=BTC/USDT", UriKind.Relative))).Should().BeEquivalentTo(["binance", "bybit"]);
        Exchanges(await admin.GetStringAsync(new Uri("/api/history?symbol=ETH/USDT", UriKind.Relative))).Should().Equal(["binance"], "an admin's history is every exchange's, alert or not");
    }

    private static async Task<JsonElement> StatsAsync(HttpClient http, string path)
    {
        var answer = await http.GetAsync(new Uri(path, UriKind.Relative));
        var body = await answer.Content.ReadAsStringAsync();
        answer.StatusCode.Should().Be(HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static List<(string Symbol, int Firings)> Symbols(JsonElement stats) =>
        [.. stats.GetProperty("symbols").EnumerateArray().Select(s => (s.GetProperty("symbol").GetString()!, s.GetProperty("firings").GetInt32()))];

    private static int PushoverDeliveries(JsonElement stats) =>
        stats.GetProperty("channels").EnumerateArray().Single(c => c.GetProperty("channel").GetString() == "pushover").GetProperty("deliveries").GetInt32();

    private static List<string> Exchanges(string history)
    {
        using var document = JsonDocument.Parse(history);
        return [.. document.RootElement.GetProperty("exchanges").EnumerateArray().Select(e => e.GetProperty("exchange").GetString()!)];
    }
}
