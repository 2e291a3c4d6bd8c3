namespace TradingAlerts.Http;

/// <summary>
/// Counts the requests that reach the wire, retries included, and those that failed there (an error status, or no
/// answer at all): <see cref="ResilientHttp.Create"/> places it inside the retry layer, so a 503 that passes on the
/// second try is two requests and one failure. One counter belongs to one client (a handler has one inner handler).
/// </summary>
public sealed class RequestCounter : DelegatingHandler
{
    private long count;
    private long failures;

    public long Count => Interlocked.Read(ref count);

    public long Failures => Interlocked.Read(ref failures);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref count);
        try
        {
            return Counted(await base.SendAsync(request, cancellationToken));
        }
        catch
        {
            Interlocked.Increment(ref failures);
            throw;
        }
    }

    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref count);
        try
        {
            return Counted(base.Send(request, cancellationToken));
        }
        catch
        {
            Interlocked.Increment(ref failures);
            throw;
        }
    }

    private HttpResponseMessage Counted(HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode)
            Interlocked.Increment(ref failures);
        return response;
    }
}
