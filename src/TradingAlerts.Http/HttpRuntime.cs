namespace TradingAlerts.Http;

/// <summary>
/// What a client from <see cref="ResilientHttp.Create"/> runs on: the clock its timeouts and retry delays count on, the
/// randomness of its retry jitter, and the wire. The system's by default; the deterministic simulation brings its own
/// simulated time, a seeded randomness and in-process servers, so that a seed replays exactly.
/// </summary>
public sealed record HttpRuntime
{
    public static readonly HttpRuntime System = new();

    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Makes the innermost handler of each client; null for a socket connection to the real service.</summary>
    public Func<HttpMessageHandler>? Transport { get; init; }

    /// <summary>A number in [0, 1) for each retry's jitter; null for Polly's own randomness.</summary>
    public Func<double>? Random { get; init; }
}
