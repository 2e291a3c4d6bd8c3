using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TradingAlerts.Web.Security;

namespace TradingAlerts.Web.Pages;

/// <summary>Signs out: with accounts the session is removed from the store (the old cookie is then worthless anywhere); without, the login cookie is forgotten.</summary>
public sealed class LogoutModel(AccountSessions sessions) : PageModel
{
    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (AccountsMode.IsOn(HttpContext))
            await sessions.EndAsync(HttpContext, ct);
        else
            await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return Redirect("/login");
    }
}
