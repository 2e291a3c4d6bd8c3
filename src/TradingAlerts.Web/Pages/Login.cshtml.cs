using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TradingAlerts.Core.Accounts;
using TradingAlerts.Web.Security;

namespace TradingAlerts.Web.Pages;

/// <summary>
/// Sign-in. With accounts: name, password and (when enrolled) the authenticator's code, throttled per account and per
/// client address; success starts a server-side session. Without: the token, typed once (a cookie keeps the browser
/// logged in). Either cookie is HttpOnly and SameSite=Strict.
/// </summary>
[AllowAnonymous]
public sealed class LoginModel(WebUiOptions options, IAccountStore accounts, AccountSessions sessions, SignInThrottle throttle, TimeProvider clock) : PageModel
{
    // Verified against when the name is no account's, so that a wrong name takes as long as a wrong password.
    private static readonly Account Nobody = new() { Name = "nobody", PasswordHash = Passwords.Hash(Secrets.New()), CreatedAt = DateTimeOffset.UnixEpoch };

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty(Name = "token")]
    public string? Token { get; set; }

    [BindProperty(Name = "name")]
    public string? AccountName { get; set; }

    [BindProperty(Name = "password")]
    public string? Password { get; set; }

    [BindProperty(Name = "code")]
    public string? Code { get; set; }

    public string? Error { get; private set; }

    public bool UsesAccounts => AccountsMode.IsOn(HttpContext);

    public IActionResult OnGet() => UsesAccounts || options.RequiresToken ? Page() : Redirect("/");

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (UsesAccounts)
            return await SignInAsync(ct);

        if (options.Token is not { } expected)
            return Redirect("/");

        if (!AccessToken.Matches(Token, expected))
        {
            Error = "That is not the token (TRADINGALERTS_UI_TOKEN) this server was started with.";
            return Page();
        }

        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, AccessToken.Principal(CookieAuthenticationDefaults.AuthenticationScheme));
        return Back();
    }

    private async Task<IActionResult> SignInAsync(CancellationToken ct)
    {
        var name = AccountName?.Trim() ?? string.Empty;
        var address = HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (throttle.LockoutOf(name, address) is { } lockout)
            return Locked(name, lockout);

        var account = AccountNames.Refusal(name) is null ? await accounts.GetAccountAsync(name, ct) : null;
        if (!Passwords.Verify(account ?? Nobody, Password) || account is null)
            return Failed(name, address, "That name and password do not match an account.");

        if (account.TotpSecret is not null)
        {
            if (TotpCodes.Verify(account, Code, clock.GetUtcNow()) is not { } step)
            {
                return Failed(name, address, string.IsNullOrWhiteSpace(Code)
                    ? "This account also asks for the 6-digit code from its authenticator app."
                    : "That code is not the current one, or it was used already; wait for the next one.");
            }

            await accounts.UpdateAccountAsync(account with { TotpLastStep = step }, ct);
        }

        throttle.RecordSuccess(name);
        await sessions.StartAsync(HttpContext, account.Name, ct);
        return Back();
    }

    private PageResult Failed(string name, string address, string error)
    {
        throttle.RecordFailure(name, address);
        Error = error;
        return Page();
    }

    /// <summary>429 with Retry-After, and the page says who is locked and until when.</summary>
    private PageResult Locked(string name, SignInLockout lockout)
    {
        var now = clock.GetUtcNow();
        Response.StatusCode = StatusCodes.Status429TooManyRequests;
        Response.Headers.RetryAfter = lockout.RetryAfterSeconds(now).ToString(CultureInfo.InvariantCulture);
        var until = lockout.Until.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        Error = lockout.OfAccount
            ? $"The account '{name}' is locked after {SignInThrottle.MaxFailures} failed sign-ins in {SignInThrottle.Window.TotalMinutes:0} minutes, until {until} UTC."
            : $"Too many failed sign-ins from your address ({SignInThrottle.MaxFailures} in {SignInThrottle.Window.TotalMinutes:0} minutes): sign-in is locked until {until} UTC.";
        return Page();
    }

    private LocalRedirectResult Back() => LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
}
