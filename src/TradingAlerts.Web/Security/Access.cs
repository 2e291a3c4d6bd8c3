using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using TradingAlerts.Core.Accounts;

namespace TradingAlerts.Web.Security;

/// <summary>Who may use what: the pages and API for whoever signed in (when anyone must), a few for admins only, writes not with a read-only token.</summary>
public static class Access
{
    /// <summary>The policy of what acts for the whole team (the sheet sync writes every member's rows): admins only in accounts mode.</summary>
    public const string AdminsOnly = "admins-only";

    /// <summary>
    /// Signed in when the UI asks for it (a token is set, or accounts mode); for <paramref name="adminsOnly"/>, also
    /// an admin in accounts mode. Without accounts and token (loopback) anyone may, as before accounts.
    /// </summary>
    internal static AuthorizationPolicy Policy(WebUiOptions options, bool adminsOnly) =>
        new AuthorizationPolicyBuilder(AccessToken.Scheme)
            .RequireAssertion(context =>
            {
                var accounts = context.Resource is HttpContext http && AccountsMode.IsOn(http);
                var signedIn = context.User.Identity?.IsAuthenticated == true;
                return accounts ? signedIn && (!adminsOnly || context.User.IsInRole(AccountRole.Admin.ToWire())) : signedIn || !options.RequiresToken;
            })
            .Build();

    /// <summary>Middleware after authentication: a read-only API token may read, and any write it sends answers 403.</summary>
    internal static Task RefuseReadOnlyWritesAsync(HttpContext context, Func<Task> next)
    {
        var method = context.Request.Method;
        if (context.User.HasClaim(AccountHandler.CredentialClaim, CredentialKind.ReadOnlyToken.ToWire())
            && !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method)))
        {
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: "this API token is read-only; a write needs a read-write token").ExecuteAsync(context);
        }

        return next();
    }
}
