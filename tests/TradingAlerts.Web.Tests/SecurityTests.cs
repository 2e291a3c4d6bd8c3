using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using TradingAlerts.Core.Configuration;
using TradingAlerts.Sheets;

namespace TradingAlerts.Web.Tests;

/// <summary>The token off loopback (login cookie, bearer), antiforgery on the forms.</summary>
public sealed partial class SecurityTests : IDisposable
{
    private static readonly WebUiOptions OffLoopback = new(IPAddress.Any, 0, WebHarness.Token);
    private readonly WebHarness harness = new();

    [Fact]
    public void Build_OffLoopbackWithoutToken_RefusesNamingTheVariable()
    {
        var build = () => WebUi.Build(harness.Services(new SheetsNotConfigured()), new WebUiOptions(IPAddress.Any, 0, null));

        build.Should().Throw<ConfigurationException>().WithMessage("TRADINGALERTS_UI_TOKEN must be set to listen on 0.0.0.0 (not a loopback address)*tradingalerts users add NAME --admin*");
    }

    [Fact]
    public async Task Build_OffLoopbackWithAnAccountAndNoToken_Builds()
    {
        await using var app = WebUi.Build(harness.Services(new SheetsNotConfigured()), new WebUiOptions(IPAddress.Any, 0, Token: null, HasAccounts: true));

        app.Should().NotBeNull("an account guards it: whoever reaches it must sign in");
    }

    [Fact]
    public async Task Api_WithTokenRequired_401WithoutOrWithAWrongBearer_200WithIt()
    {
        using var factory = new ApiFactory(harness, OffLoopback);
        using var http = factory.CreateClient();

        var none = await http.GetAsync(new Uri("/api/signals", UriKind.Relative));
        none.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        none.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await none.Content.ReadAsStringAsync()).Should().Contain("Authorization: Bearer");

        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/api/signals");
        wrong.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "not-the-token-at-all-0000");
        (await http.SendAsync(wrong)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);

        using var right = new HttpRequestMessage(HttpMethod.Get, "/api/signals");
        right.Headers.Authorization = new AuthenticationHeaderValue("Bearer", WebHarness.Token);
        var answer = await http.SendAsync(right);
        answer.StatusCode.Should().Be(HttpStatusCode.OK);
        (await answer.Content.ReadAsStringAsync()).Trim().Should().Be("[]");
    }

    [Fact]
    public async Task Pages_WithTokenRequired_RedirectToLogin_AndTheRightTokenSetsACookie()
    {
        using var factory = new ApiFactory(harness, OffLoopback);
        using var http = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var page = await http.GetAsync(new Uri("/price", UriKind.Relative));
        page.StatusCode.Should().Be(HttpStatusCode.Redirect);
        page.Headers.Location!.ToString().Should().Contain("/login?ReturnUrl=%2Fprice");

        var wrong = await PostFormAsync(http, "/login?ReturnUrl=%2Fprice", new() { ["token"] = "guess-guess-guess-guess" });
        wrong.StatusCode.Should().Be(HttpStatusCode.OK);
        (await wrong.Content.ReadAsStringAsync()).Should().Contain("That is not the token");

        var login = await PostFormAsync(http, "/login?ReturnUrl=%2Fprice", new() { ["token"] = WebHarness.Token, ["returnUrl"] = "/price" });
        login.StatusCode.Should().Be(HttpStatusCode.Redirect);
        login.Headers.Location!.ToString().Should().Be("/price");
        var cookie = login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("tradingalerts_session=", StringComparison.Ordinal));
        cookie.Should().Contain("httponly").And.Contain("samesite=strict");

        (await http.GetAsync(new Uri("/price", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task CreateForm_PostWithoutAntiforgeryToken_400AndNothingStored()
    {
        using var factory = new ApiFactory(harness, WebUiOptions.Loopback);
        using var http = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var form = new Dictionary<string, string> { ["exchange"] = "binance", ["symbol"] = "BTCUSDT", ["condition"] = "above", ["target_price"] = "110000" };

        using var forged = new FormUrlEncodedContent(form);
        var rejected = await http.PostAsync(new Uri("/alerts/new", UriKind.Relative), forged);
        rejected.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await harness.ListAsync()).Should().BeEmpty();

        var accepted = await PostFormAsync(http, "/alerts/new", form);
        accepted.StatusCode.Should().Be(HttpStatusCode.Redirect, "the same form with the page's token goes through");
        (await harness.ListAsync()).Should().ContainSingle();
    }

    [Fact]
    public async Task DeleteAndToggleForms_PostWithoutAntiforgeryToken_400AndNothingChanged()
    {
        var signal = await harness.AddAsync("BTCUSDT", "above", "110000");
        using var factory = new ApiFactory(harness, WebUiOptions.Loopback);
        using var http = factory.CreateClient();

        using var delete = new FormUrlEncodedContent([]);
        (await http.PostAsync(new Uri($"/alerts/{signal.Id}/delete", UriKind.Relative), delete)).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        using var toggle = new FormUrlEncodedContent(new Dictionary<string, string> { ["id"] = signal.Id, ["active"] = "false" });
        (await http.PostAsync(new Uri("/?handler=Active", UriKind.Relative), toggle)).StatusCode.Should().Be(HttpStatusCode.BadRequest);

        (await harness.Store.GetAsync(signal.Id, CancellationToken.None))!.Active.Should().BeTrue();
    }

    public void Dispose() => harness.Dispose();

    /// <summary>Like a browser: reads the form's antiforgery token from the page first (its cookie is kept by the client).</summary>
    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient http, string path, Dictionary<string, string> fields)
    {
        var page = await http.GetStringAsync(new Uri(path, UriKind.Relative));
        var token = AntiforgeryField().Match(page).Groups[1].Value;
        token.Should().NotBeEmpty("every form carries an antiforgery token");
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = token });
        return await http.PostAsync(new Uri(path, UriKind.Relative), form);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
