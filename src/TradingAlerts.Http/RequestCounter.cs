namespace TradingAlerts.Http;

/// <summary>
/// Counts the requests that reach the wire, retries included: <see cref="ResilientHttp.Create"/> places it inside the
/// retry layer. One counter belongs to one client (a handler has one inner handler).
/// </summary>
public sealed class RequestCounter : DelegatingHandler
{
    private long count;

    public long Count => Interlocked.Read(ref count);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref count);
        return base.SendAsync(request, cancellationToken);
    }

    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref count);
        return base.Send(request, cancellationToken);
    }
}
