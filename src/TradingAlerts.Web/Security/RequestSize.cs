using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace TradingAlerts.Web.Security;

/// <summary>
/// A request body of at most <see cref="MaxBytes"/>: an alert, a form or an edit is a few kilobytes, so a larger body
/// is refused with 413 before it is read (by its Content-Length), or while it is read (a body sent in chunks).
/// </summary>
internal static class RequestSize
{
    public const long MaxBytes = 64 * 1024;

    public static Task LimitAsync(HttpContext context, Func<Task> next)
    {
        if (context.Request.ContentLength > MaxBytes)
        {
            return Results.Problem(
                statusCode: StatusCodes.Status413PayloadTooLarge,
                title: "Payload Too Large",
                detail: $"a request body may be at most {MaxBytes / 1024} KiB (this one is {context.Request.ContentLength / 1024} KiB)").ExecuteAsync(context);
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = MaxBytes;
        return next();
    }
}
