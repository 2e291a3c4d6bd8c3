using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TradingAlerts.Core.Accounts;

namespace TradingAlerts.Web.Security;

/// <summary>
/// Server-side sessions: the browser holds a random secret (the cookie), the store only its hash as a
/// <see cref="CredentialKind.Session"/> credential, so signing out (or removing the credential) ends it everywhere.
/// </summary>
public sealed class AccountSessions(IAccountStore accounts, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

    public async Task StartAsync(HttpContext context, string account, CancellationToken ct)
    {
        var secret = Secrets.New();
        var now = clock.GetUtcNow();
        await accounts.AddCredentialAsync(new Credential(Secrets.HashOf(secret), account, CredentialKind.Session, now, now + Lifetime), ct);
        context.Response.Cookies.Append(AccessToken.CookieName, secret, CookieOptions(context, Lifetime));
    }

    public async Task EndAsync(HttpContext context, CancellationToken ct)
    {
        if (context.Request.Cookies[AccessToken.CookieName] is { Length: > 0 } secret)
            await accounts.RemoveCredentialAsync(Secrets.HashOf(secret), ct);
        context.Response.Cookies.Delete(AccessToken.CookieName, CookieOptions(context, maxAge: null));
    }

    /// <summary>
    /// HttpOnly and SameSite=Strict always; Secure whenever the client's connection is HTTPS, which behind a reverse
    /// proxy the request knows from the X-Forwarded-Proto of a trusted proxy (TRADINGALERTS_TRUSTED_PROXIES). The
    /// lifetime goes as Max-Age, counted by the browser from when it got the cookie: an Expires date would make the
    /// browser judge the server's clock by its own (the store's credential still ends the session on the server's).
    /// </summary>
    private static CookieOptions CookieOptions(HttpContext context, TimeSpan? maxAge) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = context.Request.IsHttps,
        Path = "/",
        MaxAge = maxAge,
        IsEssential = true,
    };
}

/// <summary>
/// Accounts mode's authentication: <c>Authorization: Bearer</c> with an API token, or the session cookie, each
/// looked up by its hash and judged by its time. The principal carries the account's name, role and credential kind.
/// </summary>
internal sealed class AccountHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IAccountStore accounts, TimeProvider clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "account";

    public const string CredentialClaim = "tradingalerts_credential";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var bearer = AccessToken.BearerOf(Request);
        var secret = bearer ?? Request.Cookies[AccessToken.CookieName];
        if (string.IsNullOrEmpty(secret))
            return AuthenticateResult.NoResult();

        var ct = Context.RequestAborted;
        // A session is only good as the cookie, a token only as the bearer: a leaked cookie is not an API token.
        if (await accounts.GetCredentialAsync(Secrets.HashOf(secret), ct) is not { } credential
            || !credential.IsValidAt(clock.GetUtcNow())
            || (credential.Kind == CredentialKind.Session) != (bearer is null)
            || await accounts.GetAccountAsync(credential.Account, ct) is not { } account)
        {
            return AuthenticateResult.Fail(bearer is null ? "the session is unknown or expired" : "the API token is unknown or expired");
        }

        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, account.Name), new Claim(ClaimTypes.Role, account.Role.ToWire()), new Claim(CredentialClaim, credential.Kind.ToWire())],
            Scheme.Name);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (AccessToken.IsApi(Request))
            return AccessToken.Unauthorized(Context, "send the header 'Authorization: Bearer <your API token>' (tradingalerts users token NAME)");

        Response.Redirect("/login" + QueryString.Create("ReturnUrl", Request.PathBase + Request.Path + Request.QueryString));
        return Task.CompletedTask;
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: "only an admin may use this").ExecuteAsync(Context);
}
