namespace TradingAlerts.Http;

/// <summary>
/// Runs once per attempt, inside the retry and attempt-timeout layers: numbers the attempt on the request, and reads
/// the whole body so that the attempt timeout covers a slow body and a broken body counts as a failed attempt.
/// </summary>
internal sealed class AttemptHandler : DelegatingHandler
{
    internal static readonly HttpRequestOptionsKey<int> AttemptsKey = new("TradingAlerts.Attempts");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Options.TryGetValue(AttemptsKey, out var attempts);
        request.Options.Set(AttemptsKey, attempts + 1);

        var response = await base.SendAsync(request, cancellationToken);
        try
        {
            await response.Content.LoadIntoBufferAsync(cancellationToken);
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }
}
