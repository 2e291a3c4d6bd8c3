using System.Globalization;
using Polly.Timeout;

namespace TradingAlerts.Http;

/// <summary>The words for what went wrong with a request sent through a client from <see cref="ResilientHttp.Create"/>.</summary>
public static class HttpFailures
{
    /// <summary>"HTTP 503 after 3 attempts": for an answer that is still an error when the retries are spent.</summary>
    public static string StatusAfterAttempts(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var attempts = response.RequestMessage is { } request ? ResilientHttp.AttemptCount(request) : 1;
        return $"HTTP {(int)response.StatusCode} after {Attempts(attempts)}";
    }

    /// <summary>
    /// "no answer within 10 s" or "cannot connect to host:port: ..." for a timeout or a transport failure; null for
    /// a cancellation through <paramref name="callerToken"/> and for exceptions that are not about the remote service
    /// (programming errors), which the caller should let through.
    /// </summary>
    public static string? Describe(Exception exception, HttpRequestMessage request, CancellationToken callerToken)
    {
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentNullException.ThrowIfNull(request);
        if (callerToken.IsCancellationRequested)
            return null;

        var attempts = ResilientHttp.AttemptCount(request);
        var after = attempts > 1 ? $", after {Attempts(attempts)}" : string.Empty;
        var host = request.RequestUri is { IsAbsoluteUri: true } uri ? uri.Authority : "the server";

        return exception switch
        {
            TimeoutRejectedException timeout => $"no answer within {Seconds(timeout.Timeout)}{after}",
            HttpRequestException connection when NothingWasSent(connection) => $"cannot connect to {host}: {connection.Message}{after}",
            HttpRequestException other => $"request to {host} failed: {other.Message}{after}",
            OperationCanceledException => $"no answer from {host}: the request was cancelled{after}",
            _ => null,
        };
    }

    /// <summary>
    /// Whether the request failed before any of it was sent (no connection could be made): it surely did not arrive.
    /// Any other transport failure may have come after the service had the request.
    /// </summary>
    public static bool NothingWasSent(HttpRequestException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError
            or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError;
    }

    /// <summary>"30 s", "0.25 s": a duration a trader reads at a glance.</summary>
    public static string Seconds(TimeSpan duration) =>
        $"{duration.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s";

    private static string Attempts(int attempts) => attempts == 1 ? "1 attempt" : $"{attempts} attempts";
}
