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

    public static bool Matches(string? offered, string expected) =>
        offered is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(offered), Encoding.UTF8.GetBytes(expected));

    public static ClaimsPrincipal Principal(string scheme) => new(new ClaimsIdentity([new Claim(ClaimTypes.Name, "token holder")], scheme));

    public static string? SelectScheme(HttpContext context) =>
        context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? BearerScheme
            : CookieAuthenticationDefaults.AuthenticationScheme;

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

            return Unauthorized(context.HttpContext);
        };
    }

    /// <summary>401 as problem details, saying what to send.</summary>
    public static Task Unauthorized(HttpContext context)
    {
        context.Response.Headers.WWWAuthenticate = "Bearer";
        return Results.Problem(
            statusCode: StatusCodes.Status401Unauthorized,
            title: "Unauthorized",
            detail: "send the header 'Authorization: Bearer <TRADINGALERTS_UI_TOKEN>'").ExecuteAsync(context);
    }
}

/// <summary><c>Authorization: Bearer TOKEN</c>, compared in constant time with TRADINGALERTS_UI_TOKEN.</summary>
internal sealed class BearerTokenHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, WebUiOptions ui)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return Task.FromResult(AuthenticateResult.NoResult());

        return Task.FromResult(ui.Token is { } token && AccessToken.Matches(header["Bearer ".Length..].Trim(), token)
            ? AuthenticateResult.Success(new AuthenticationTicket(AccessToken.Principal(Scheme.Name), Scheme.Name))
            : AuthenticateResult.Fail("the bearer token does not match TRADINGALERTS_UI_TOKEN"));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) => AccessToken.Unauthorized(Context);
}
