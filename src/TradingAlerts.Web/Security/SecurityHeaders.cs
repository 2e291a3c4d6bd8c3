using Microsoft.AspNetCore.Http;

namespace TradingAlerts.Web.Security;

/// <summary>
/// On every answer: a content security policy that allows only this origin's stylesheet, script file (no inline script), requests and forms,
/// no framing, no MIME sniffing, no referrer. And the API's writes refuse requests a browser marks as coming from
/// another site, so a web page cannot drive the API of a UI listening on loopback without a token.
/// </summary>
internal static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    public static Task AddAsync(HttpContext context, Func<Task> next)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XFrameOptions = "DENY";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";

        if (AccessToken.IsApi(context.Request) && !HttpMethods.IsGet(context.Request.Method) && IsCrossSite(context.Request))
        {
            return Results.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: "Forbidden",
                detail: "the API does not accept writes from another site's page").ExecuteAsync(context);
        }

        return next();
    }

    /// <summary>Browsers send Sec-Fetch-Site; scripts (curl) do not, and are not turned away.</summary>
    private static bool IsCrossSite(HttpRequest request) =>
        request.Headers["Sec-Fetch-Site"].ToString() is "cross-site" or "same-site";
}
