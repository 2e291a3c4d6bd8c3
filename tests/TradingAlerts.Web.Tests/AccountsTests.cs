using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using TradingAlerts.Core.Accounts;
using TradingAlerts.Core.Signals;
using TradingAlerts.Sheets;

namespace TradingAlerts.Web.Tests;

/// <summary>
/// Accounts mode on a real Kestrel port (what <c>serve</c> runs), over SQLite: sign-in, sessions, API tokens, the
/// owner's scope, throttling, the Secure cookie behind a trusted proxy. Accounts and alerts are put in the store directly.
/// </summary>
public sealed partial class AccountsTests : IAsyncLifetime
{
    private readonly WebHarness harness = new();
    private readonly List<WebApplication> apps = [];
    private readonly List<HttpClient> clients = [];

    public Task InitializeAsync() => Task.CompletedTask;

    [Fact]
    public async Task NoAccounts_TheApiAndPagesAnswerOnLoopbackWithoutSignIn_AsBefore()
    {
        await harness.AddAsync("BTCUSDT", "above", "110000", name: "nobody's");
        var (root, _) = await StartAsync();
        var http = Client(root);

        (await http.GetAsync(new Uri("/", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.OK);
        var list = await http.GetStringAsync(new Uri("/api/signals", UriKind.Relative));
        Names(list).Should().Equal("nobody's");
        (await http.GetAsync(new Uri("/login", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.Redirect, "there is nobody to sign in as");
    }

    [Fact]
    public async Task FirstAccount_SwitchesToAccountsMode_AtTheNextCheckWithin15Seconds()
    {
        var (root, _) = await StartAsync();
        var http = Client(root);
        (await http.GetAsync(new Uri("/api/signals", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.OK);

        await harness.AddAccountAsync("root", AccountRole.Admin);
        (await http.GetAsync(new Uri("/api/signals", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.OK, "the store is asked at most every 15 s");

        harness.Clock.Advance(TimeSpan.FromSeconds(15));
        var answer = await http.GetAsync(new Uri("/api/signals", UriKind.Relative));
        answer.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await answer.Content.ReadAsStringAsync()).Should().Contain("Authorization: Bearer <your API token>");
        var page = await http.GetAsync(new Uri("/alerts/new", UriKind.Relative));
        page.StatusCode.Should().Be(HttpStatusCode.Redirect);
        page.Headers.Location!.ToString().Should().Be("/login?ReturnUrl=%2Falerts%2Fnew");
    }

    [Fact]
    public async Task StartedWithAnAccount_IsInAccountsModeFromTheFirstRequest_EvenIfTheAccountWasRemovedMeanwhile()
    {
        // serve off loopback without a token started because the store held an account; nothing else guards it.
        var (root, _) = await StartAsync(new WebUiOptions(IPAddress.Loopback, 0, Token: null, HasAccounts: true));

        var answer = await Client(root).GetAsync(new Uri("/api/signals", UriKind.Relative));

        answer.StatusCode.Should().Be(HttpStatusCode.Unauthorized, "the store holds no account now, but the UI does not open again");
    }

    [Fact]
    public async Task Member_TheirTokenAndSession_SeeAndChangeOnlyTheirOwnAlerts_AnotherMembersIdIs404()
    {
        var (a1, b1) = await TwoMembersAsync();
        BacktestWeek.Serve(harness);
        var a2 = await harness.AddAsync("BTCUSDT", "crosses_up", "100000", name: "a2", owner: "alice");
        var (root, _) = await StartAsync();
        var alice = Client(root, await harness.AddTokenAsync("alice"));
        var bob = Client(root, await harness.AddTokenAsync("bob"));

        Names(await alice.GetStringAsync(new Uri("/api/signals", UriKind.Relative))).Should().Equal("a1", "a2");
        Names(await bob.GetStringAsync(new Uri("/api/signals", UriKind.Relative))).Should().Equal("b1");
        (await alice.GetAsync(new Uri($"/api/signals/{a1.Id}", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.OK);
        (await bob.GetAsync(new Uri($"/api/signals/{a1.Id}", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await alice.GetAsync(new Uri($"/api/signals/{b1.Id}", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await alice.GetAsync(new Uri($"/api/backtest?id={b1.Id}&since=7d", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await alice.GetAsync(new Uri($"/api/backtest?id={a2.Id}&since=7d", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.OK);
        (await alice.DeleteAsync(new Uri($"/api/signals/{b1.Id}", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await harness.Store.GetAsync(b1.Id, CancellationToken.None)).Should().NotBeNull("another member's alert is not deleted");

        // The same through alice's session, in the pages.
        var session = Client(root);
        (await SignInAsync(session, "alice")).StatusCode.Should().Be(HttpStatusCode.Redirect);
        var list = await session.GetStringAsync(new Uri("/", UriKind.Relative));
        list.Should().Contain($"/alerts/{a1.Id}").And.NotContain($"/alerts/{b1.Id}").And.Contain("Signed in as <a href=\"/account\"><strong>alice</strong></a> (member)");
        Names(await session.GetStringAsync(new Uri("/api/signals", UriKind.Relative))).Should().Equal("a1", "a2");
        (await session.GetAsync(new Uri($"/alerts/{b1.Id}", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await session.GetAsync(new Uri($"/alerts/{b1.Id}/delete", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.NotFound);
        var toggle = await PostFormAsync(session, "/", new() { ["id"] = b1.Id, ["active"] = "false" }, "/?handler=Active");
        toggle.StatusCode.Should().Be(HttpStatusCode.Redirect);
        (await harness.Store.GetAsync(b1.Id, CancellationToken.None))!.Active.Should().BeTrue("alice cannot switch bob's alert off");
        (await PostFormAsync(session, $"/alerts/{a1.Id}/delete", [])).StatusCode.Should().Be(HttpStatusCode.Redirect);
        (await harness.Store.GetAsync(a1.Id, CancellationToken.None)).Should().BeNull("her own alert she may delete");
        (await session.GetAsync(new Uri("/sync", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.Forbidden, "the sync writes the whole team's sheet");
        (await alice.PostAsync(new Uri("/api/sync?dry_run=true", UriKind.Relative), null)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task CreatedAlerts_BelongToTheMember_OrToWhomTheAdminNames()
    {
        await harness.AddAccountAsync("alice");
        await harness.AddAccountAsync("root", AccountRole.Admin);
        var (root, _) = await StartAsync();
        var alice = Client(root, await harness.AddTokenAsync("alice"));
        var admin = Client(root, await harness.AddTokenAsync("root"));
        const string Alert = "\"exchange\":\"binance\",\"symbol\":\"BTCUSDT\",\"condition\":\"above\",\"target_price\":\"110000\"";

        (await OwnerOfCreatedAsync(alice, "{" + Alert + "}")).Should().Be("alice");
        (await OwnerOfCreatedAsync(admin, "{" + Alert + "}")).Should().Be("root");
        (await OwnerOfCreatedAsync(admin, "{" + Alert + ",\"owner\":\"alice\"}")).Should().Be("alice");
        var refused = await PostJsonAsync(alice, "{" + Alert + ",\"owner\":\"root\"}");
        refused.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await refused.Content.ReadAsStringAsync()).Should().Contain("only an admin names another owner");
        (await PostJsonAsync(admin, "{" + Alert + ",\"owner\":\"nobody\"}")).StatusCode.Should().Be(HttpStatusCode.BadRequest);

        var session = Client(root);
        await SignInAsync(session, "alice");
        var form = await PostFormAsync(session, "/alerts/new", new() { ["exchange"] = "binance", ["symbol"] = "ETHUSDT", ["condition"] = "above", ["target_price"] = "4000" });
        form.StatusCode.Should().Be(HttpStatusCode.Redirect);
        (await harness.ListAsync()).Single(s => s.Symbol == "ETHUSDT").Owner.Should().Be("alice");
    }

    [Fact]
    public async Task Admin_SeesEveryAlert_AndFiltersByOwner()
    {
        var (a1, b1) = await TwoMembersAsync();
        await harness.AddAccountAsync("root", AccountRole.Admin);
        var (root, _) = await StartAsync();
        var admin = Client(root, await harness.AddTokenAsync("root"));

        Names(await admin.GetStringAsync(new Uri("/api/signals", UriKind.Relative))).Should().Equal("a1", "b1");
        Names(await admin.GetStringAsync(new Uri("/api/signals?owner=bob", UriKind.Relative))).Should().Equal("b1");
        (await admin.GetAsync(new Uri($"/api/signals/{a1.Id}", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.OK);
        (await admin.GetAsync(new Uri("/api/stats", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.OK);

        var session = Client(root);
        await SignInAsync(session, "root");
        var page = await session.GetStringAsync(new Uri("/?owner=alice", UriKind.Relative));
        page.Should().Contain($"/alerts/{a1.Id}").And.NotContain($"/alerts/{b1.Id}").And.Contain("id=\"owner\"");
        (await session.GetAsync(new Uri("/dashboard", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ReadOnlyToken_Reads_ButEveryWriteIs403()
    {
        var (a1, _) = await TwoMembersAsync();
        var (root, _) = await StartAsync();
        var reader = Client(root, await harness.AddTokenAsync("alice", CredentialKind.ReadOnlyToken));

        Names(await reader.GetStringAsync(new Uri("/api/signals", UriKind.Relative))).Should().Equal("a1");
        var post = await PostJsonAsync(reader, "{\"exchange\":\"binance\",\"symbol\":\"BTCUSDT\",\"condition\":\"above\",\"target_price\":\"110000\"}");
        post.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        post.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await post.Content.ReadAsStringAsync()).Should().Contain("read-only");
        (await reader.DeleteAsync(new Uri($"/api/signals/{a1.Id}", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await harness.ListAsync()).Should().HaveCount(2, "nothing was written");
    }

    [Fact]
    public async Task SixWrongPasswordsInARow_429WithRetryAfter_AndThePageSaysTheAccountIsLockedUntilWhen()
    {
        await harness.AddAccountAsync("alice");
        var (root, _) = await StartAsync();
        var http = Client(root);

        for (var attempt = 1; attempt <= SignInThrottleTests.Limit; attempt++)
        {
            var wrong = await SignInAsync(http, "alice", "not the password at all");
            wrong.StatusCode.Should().Be(HttpStatusCode.OK, $"attempt {attempt} is only wrong");
            (await wrong.Content.ReadAsStringAsync()).Should().Contain("That name and password do not match an account.");
            harness.Clock.Advance(TimeSpan.FromSeconds(10));
        }

        var sixth = await SignInAsync(http, "alice", "not the password at all");
        sixth.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        sixth.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromMinutes(15) - TimeSpan.FromSeconds(50), "the first failure leaves the window then");
        (await sixth.Content.ReadAsStringAsync()).Should().Contain("The account &#x27;alice&#x27; is locked after 5 failed sign-ins in 15 minutes, until 2026-11-25 12:15:00 UTC.");
        (await SignInAsync(http, "alice")).StatusCode.Should().Be(HttpStatusCode.TooManyRequests, "while locked even the right password waits");

        harness.Clock.Advance(TimeSpan.FromMinutes(15));
        (await SignInAsync(http, "alice")).StatusCode.Should().Be(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task FiveFailuresFromOneClientAddress_LockIt_AsATrustedProxyNamesIt()
    {
        await harness.AddAccountAsync("alice");
        var (root, _) = await StartAsync(IPAddress.Loopback);
        var guesser = Client(root, forwardedFor: "203.0.113.7");
        for (var attempt = 0; attempt < SignInThrottleTests.Limit; attempt++)
            (await SignInAsync(guesser, $"guess{attempt}", "not the password at all")).StatusCode.Should().Be(HttpStatusCode.OK);

        var locked = await SignInAsync(guesser, "alice");
        locked.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        locked.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromMinutes(15));
        (await locked.Content.ReadAsStringAsync()).Should().Contain("Too many failed sign-ins from your address (5 in 15 minutes): sign-in is locked until 2026-11-25 12:15:00 UTC.");
        (await SignInAsync(Client(root, forwardedFor: "203.0.113.8"), "alice")).StatusCode.Should().Be(HttpStatusCode.Redirect, "another client behind the same proxy is not locked");
    }

    [Fact]
    public async Task Totp_RequiredWhenEnrolled_AndACodeUsedOnceIsRefused()
    {
        var enrolment = TotpCodes.Enrol("alice");
        await harness.AddAccountAsync("alice", totpSecret: enrolment.Secret);
        var (root, _) = await StartAsync();
        var http = Client(root);

        var without = await SignInAsync(http, "alice");
        without.StatusCode.Should().Be(HttpStatusCode.OK);
        (await without.Content.ReadAsStringAsync()).Should().Contain("also asks for the 6-digit code");
        (without.Headers.TryGetValues("Set-Cookie", out var set) ? set : []).Should().NotContain(c => c.StartsWith("tradingalerts_session=", StringComparison.Ordinal), "no session without the code");

        var code = TotpCodes.CodeAt(enrolment.Secret, harness.Clock.GetUtcNow());
        var first = await SignInAsync(http, "alice", code: code);
        first.StatusCode.Should().Be(HttpStatusCode.Redirect);
        (await harness.Accounts.GetAccountAsync("alice", CancellationToken.None))!.TotpLastStep.Should().Be(harness.Clock.GetUtcNow().ToUnixTimeSeconds() / 30);

        var again = await SignInAsync(Client(root), "alice", code: code);
        again.StatusCode.Should().Be(HttpStatusCode.OK);
        (await again.Content.ReadAsStringAsync()).Should().Contain("it was used already");
    }

    [Fact]
    public async Task SignOut_RemovesTheSessionFromTheStore_TheOldCookieIsUseless()
    {
        await harness.AddAccountAsync("alice");
        var (root, _) = await StartAsync();
        var http = Client(root);
        var signIn = await SignInAsync(http, "alice");
        var cookie = SessionCookie(signIn);
        cookie.Should().Contain("httponly").And.Contain("samesite=strict").And.NotContain("secure");
        var secret = cookie.Split(';')[0]["tradingalerts_session=".Length..];
        var credential = await harness.Accounts.GetCredentialAsync(Secrets.HashOf(secret), CancellationToken.None);
        credential.Should().Be(new Credential(Secrets.HashOf(secret), "alice", CredentialKind.Session, harness.Clock.GetUtcNow(), harness.Clock.GetUtcNow().AddDays(7)));
        (await WithCookie(root, secret).GetAsync(new Uri("/", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.OK);

        (await PostFormAsync(http, "/", [], "/logout")).Headers.Location!.ToString().Should().Be("/login");

        (await harness.Accounts.GetCredentialAsync(Secrets.HashOf(secret), CancellationToken.None)).Should().BeNull();
        (await WithCookie(root, secret).GetAsync(new Uri("/", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.Redirect);
        (await WithCookie(root, secret).GetAsync(new Uri("/api/signals", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await Client(root, secret).GetAsync(new Uri("/api/signals", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Session_EndsAfterSevenDays()
    {
        await harness.AddAccountAsync("alice");
        var (root, _) = await StartAsync();
        var secret = SessionCookie(await SignInAsync(Client(root), "alice")).Split(';')[0]["tradingalerts_session=".Length..];

        harness.Clock.Advance(TimeSpan.FromDays(7) - TimeSpan.FromSeconds(1));
        (await WithCookie(root, secret).GetAsync(new Uri("/api/signals", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.OK);
        harness.Clock.Advance(TimeSpan.FromSeconds(1));
        (await WithCookie(root, secret).GetAsync(new Uri("/api/signals", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task SessionCookie_IsSecure_OnlyWhenATrustedProxySaysTheClientUsesHttps()
    {
        await harness.AddAccountAsync("alice");
        var (untrusting, _) = await StartAsync();
        var (trusting, _) = await StartAsync(IPAddress.Loopback);

        SessionCookie(await SignInAsync(Client(trusting), "alice")).Should().NotContain("secure", "plain HTTP, and the proxy says nothing");
        SessionCookie(await SignInAsync(Client(untrusting, forwardedProto: "https"), "alice")).Should().NotContain("secure", "anyone may send X-Forwarded-Proto");
        SessionCookie(await SignInAsync(Client(trusting, forwardedProto: "https"), "alice")).Should().Contain("secure").And.Contain("httponly").And.Contain("samesite=strict");
    }

    public async Task DisposeAsync()
    {
        foreach (var client in clients)
            client.Dispose();
        foreach (var app in apps)
            await app.DisposeAsync();
        harness.Dispose();
    }

    /// <summary>Members alice and bob, with an alert each (a1, b1).</summary>
    private async Task<(Signal A1, Signal B1)> TwoMembersAsync()
    {
        await harness.AddAccountAsync("alice");
        await harness.AddAccountAsync("bob");
        var a1 = await harness.AddAsync("BTCUSDT", "above", "110000", name: "a1", owner: "alice");
        harness.Clock.Advance(TimeSpan.FromSeconds(1));
        var b1 = await harness.AddAsync("BTCUSDT", "below", "90000", name: "b1", owner: "bob");
        return (a1, b1);
    }

    private Task<(Uri Root, WebApplication App)> StartAsync(params IPAddress[] trustedProxies) =>
        StartAsync(WebUiOptions.Loopback with { Port = 0 }, trustedProxies);

    private async Task<(Uri Root, WebApplication App)> StartAsync(WebUiOptions options, params IPAddress[] trustedProxies)
    {
        var app = WebUi.Build(harness.Services(new SheetsNotConfigured()) with { TrustedProxies = trustedProxies }, options);
        apps.Add(app);
        await app.StartAsync();
        return (WebUi.AddressOf(app), app);
    }

    /// <summary>A client that keeps cookies (as a browser) and follows no redirect; with a bearer token and a proxy's headers when given.</summary>
    private HttpClient Client(Uri root, string? bearer = null, string? forwardedProto = null, string? forwardedFor = null)
    {
        var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = root };
        if (bearer is not null)
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        if (forwardedProto is not null)
            http.DefaultRequestHeaders.Add("X-Forwarded-Proto", forwardedProto);
        if (forwardedFor is not null)
            http.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
        clients.Add(http);
        return http;
    }

    /// <summary>A client that sends only this session cookie, as someone who copied it would.</summary>
    private HttpClient WithCookie(Uri root, string secret)
    {
        var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = root };
        http.DefaultRequestHeaders.Add("Cookie", "tradingalerts_session=" + secret);
        clients.Add(http);
        return http;
    }

    private static Task<HttpResponseMessage> SignInAsync(HttpClient http, string name, string password = WebHarness.Password, string? code = null) =>
        PostFormAsync(http, "/login", new() { ["name"] = name, ["password"] = password, ["code"] = code ?? string.Empty });

    private static string SessionCookie(HttpResponseMessage response) =>
        response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("tradingalerts_session=", StringComparison.Ordinal));

    /// <summary>Like a browser: the form's antiforgery token from the page, then the post (to <paramref name="action"/>, else the page).</summary>
    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient http, string page, Dictionary<string, string> fields, string? action = null)
    {
        var html = await http.GetStringAsync(new Uri(page, UriKind.Relative));
        var token = AntiforgeryField().Match(html).Groups[1].Value;
        token.Should().NotBeEmpty($"{page} carries a form with an antiforgery token");
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = token });
        return await http.PostAsync(new Uri(action ?? page, UriKind.Relative), form);
    }

    private static async Task<HttpResponseMessage> PostJsonAsync(HttpClient http, string json)
    {
        using var body = new StringContent(json, Encoding.UTF8, "application/json");
        return await http.PostAsync(new Uri("/api/signals", UriKind.Relative), body);
    }

    private async Task<string?> OwnerOfCreatedAsync(HttpClient http, string json)
    {
        var answer = await PostJsonAsync(http, json);
        answer.StatusCode.Should().Be(HttpStatusCode.Created, await answer.Content.ReadAsStringAsync());
        using var created = JsonDocument.Parse(await answer.Content.ReadAsStringAsync());
        var owner = created.RootElement.GetProperty("owner").GetString();
        (await harness.Store.GetAsync(created.RootElement.GetProperty("id").GetString()!, CancellationToken.None))!.Owner.Should().Be(owner, "the answer shows the owner stored");
        return owner;
    }

    private static IReadOnlyList<string> Names(string json)
    {
        using var list = JsonDocument.Parse(json);
        return list.RootElement.EnumerateArray().Select(s => s.GetProperty("name").GetString()!).ToList();
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
