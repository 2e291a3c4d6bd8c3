using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace TradingAlerts.Web.Security;

/// <summary>
/// TRADINGALERTS_UI_TOKEN as the one credential: typed once into the login form (which sets a cookie), or sent by
/// scripts as <c>Authorization: Bearer</c>.
/// </summary>
internal static class AccessToken
{
    public const string Scheme = "token";
    public const string BearerScheme = "bearer";
    public const string CookieName = "tradingalerts_session";

    /// <summary>What a 401 tells a script to send, without accounts.</summary>
    public const string TokenHint = "send the header 'Authorization: Bearer <TRADINGALERTS_UI_TOKEN>'";

    public static bool Matches(string? offered, string expected) =>
        offered is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(offered), Encoding.UTF8.GetBytes(expected));

    public static ClaimsPrincipal Principal(string scheme) => new(new ClaimsIdentity([new Claim(ClaimTypes.Name, "token holder")], scheme));

    /// <summary>Accounts mode has its own scheme (sessions and per-account tokens); otherwise the bearer or the login cookie.</summary>
    public static string? SelectScheme(HttpContext context) =>
        AccountsMode.IsOn(context) ? AccountHandler.SchemeName
        : BearerOf(context.Request) is not null ? BearerScheme
        : CookieAuthenticationDefaults.AuthenticationScheme;

    /// <summary>What follows <c>Authorization: Bearer</c>, or null without one.</summary>
    public static string? BearerOf(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
    }

    public static bool IsApi(HttpRequest request) => request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase);

    public static void ConfigureCookie(CookieAuthenticationOptions cookie)
    {
        cookie.Cookie.Name = CookieName;
        cookie.Cookie.HttpOnly = true;
        cookie.Cookie.SameSite = SameSiteMode.Strict;
        cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        cookie.LoginPath = "/login";
        cookie.ExpireTimeSpan = TimeSpan.FromDays(7);
        cookie.SlidingExpiration = true;
        cookie.Events.OnRedirectToLogin = context =>
        {
            if (!IsApi(context.Request))
            {
                context.Response.Redirect(context.RedirectUri);
                return Task.CompletedTask;
            }

            return Unauthorized(context.HttpContext, TokenHint);
        };
    }

    /// <summary>401 as problem details, saying what to send.</summary>
    public static Task Unauthorized(HttpContext context, string detail)
    {
        context.Response.Headers.WWWAuthenticate = "Bearer";
        return Results.Problem(
            statusCode: StatusCodes.Status401Unauthorized,
            title: "Unauthorized",
            detail: detail).ExecuteAsync(context);
    }
}

/// <summary><c>Authorization: Bearer TOKEN</c>, compared in constant time with TRADINGALERTS_UI_TOKEN.</summary>
internal sealed class BearerTokenHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, WebUiOptions ui)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (AccessToken.BearerOf(Request) is not { } offered)
            return Task.FromResult(AuthenticateResult.NoResult());

        return Task.FromResult(ui.Token is { } token && AccessToken.Matches(offered, token)
            ? AuthenticateResult.Success(new AuthenticationTicket(AccessToken.Principal(Scheme.Name), Scheme.Name))
            : AuthenticateResult.Fail("the bearer token does not match TRADINGALERTS_UI_TOKEN"));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        AccessToken.Unauthorized(Context, AccessToken.TokenHint);
}
