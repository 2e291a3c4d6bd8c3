using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TradingAlerts.Web.Security;

namespace TradingAlerts.Web.Pages;

/// <summary>The token, typed once: a cookie (HttpOnly, SameSite=Strict) keeps the browser logged in.</summary>
[AllowAnonymous]
public sealed class LoginModel(WebUiOptions options) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty(Name = "token")]
    public string? Token { get; set; }

    public string? Error { get; private set; }

    public IActionResult OnGet() => options.RequiresToken ? Page() : Redirect("/");

    public async Task<IActionResult> OnPostAsync()
    {
        if (options.Token is not { } expected)
            return Redirect("/");

        if (!AccessToken.Matches(Token, expected))
        {
            Error = "That is not the token (TRADINGALERTS_UI_TOKEN) this server was started with.";
            return Page();
        }

        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, AccessToken.Principal(CookieAuthenticationDefaults.AuthenticationScheme));
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
    }
}
