namespace TradingAlerts.Http;

/// <summary>How patiently one remote service is asked. Defaults suit a public market-data API polled every few minutes.</summary>
public sealed record HttpRetryOptions
{
    /// <summary>Retries after the first attempt, for 5xx answers, connection failures and attempt timeouts only.</summary>
    public int MaxRetries { get; init; } = 2;

    /// <summary>Median delay before the first retry; later retries back off exponentially, with jitter.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long one attempt (until the whole body is read) may take.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long the call may take, all attempts and delays included.</summary>
    public TimeSpan TotalTimeout { get; init; } = TimeSpan.FromSeconds(45);

    /// <summary>Concurrent connections to the service; null for no limit. Pushover asks for at most 2.</summary>
    public int? MaxConnectionsPerServer { get; init; }

    internal void Validate()
    {
        // Polly refuses timeouts under 10 ms; say so here, with our names, rather than in Polly's words.
        var minimumTimeout = TimeSpan.FromMilliseconds(10);
        ArgumentOutOfRangeException.ThrowIfNegative(MaxRetries, nameof(MaxRetries));
        ArgumentOutOfRangeException.ThrowIfLessThan(BaseDelay, TimeSpan.Zero, nameof(BaseDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(AttemptTimeout, minimumTimeout, nameof(AttemptTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(TotalTimeout, AttemptTimeout, nameof(TotalTimeout));
        if (MaxConnectionsPerServer is { } connections)
            ArgumentOutOfRangeException.ThrowIfLessThan(connections, 1, nameof(MaxConnectionsPerServer));
    }
}
