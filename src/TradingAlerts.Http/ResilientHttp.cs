using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace TradingAlerts.Http;

/// <summary>
/// Builds the <see cref="HttpClient"/> for one remote service: base address, User-Agent, timeouts, and retries with
/// jittered exponential backoff for 5xx answers and failed connections, and, for requests that may safely be sent twice
/// (GET and the other idempotent methods), for attempt timeouts and connections lost after sending. A POST that timed
/// out after it was sent may have arrived (a notification on someone's phone): it is not sent again at once, the caller
/// decides. Every other answer (4xx, including 429 and 418) comes back to the caller untouched, on the first attempt.
/// </summary>
/// <remarks>
/// What the caller sees: an <see cref="HttpResponseMessage"/> with its body already read (the last one, for a 5xx
/// that outlived the retries); a <see cref="TimeoutRejectedException"/> when an attempt or the whole call ran out of
/// time; an <see cref="HttpRequestException"/> when no connection could be made; an
/// <see cref="OperationCanceledException"/> only when the caller's token was cancelled.
/// <see cref="HttpFailures"/> turns these into words, and <see cref="AttemptCount"/> says how many attempts were made.
/// </remarks>
public static class ResilientHttp
{
    public const string UserAgent = "TradingAlerts/1.0";

    public static HttpClient Create(Uri baseAddress, HttpRetryOptions options, RequestCounter? counter = null, HttpRuntime? runtime = null)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        runtime ??= HttpRuntime.System;

        var wire = runtime.Transport?.Invoke() ?? new SocketsHttpHandler
        {
            AutomaticDecompression = DecompressionMethods.All,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            MaxConnectionsPerServer = options.MaxConnectionsPerServer ?? int.MaxValue,
        };

        HttpMessageHandler belowRetries = wire;
        if (counter is not null)
        {
            counter.InnerHandler = wire;
            belowRetries = counter;
        }

        var handler = new ResilienceHandler(BuildPipeline(options, runtime))
        {
            InnerHandler = new AttemptHandler { InnerHandler = belowRetries },
        };

        var client = new HttpClient(handler, disposeHandler: true)
        {
            BaseAddress = baseAddress,

            // The pipeline owns every timeout; HttpClient's own would race it and hide which one fired.
            Timeout = Timeout.InfiniteTimeSpan,
        };
        client.DefaultRequestHeaders.UserAgent.ParseAdd(UserAgent);
        return client;
    }

    /// <summary>How many attempts a request sent through a client from <see cref="Create"/> has taken so far.</summary>
    public static int AttemptCount(HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Options.TryGetValue(AttemptHandler.AttemptsKey, out var attempts) ? attempts : 0;
    }

    /// <summary>
    /// 5xx (the service said it failed) and a connection that could not be made (nothing was sent) are retried for every
    /// request; a timeout or a connection lost after sending only for a request that may arrive twice.
    /// </summary>
    private static bool IsWorthRetrying(Outcome<HttpResponseMessage> outcome, HttpRequestMessage? request) => outcome switch
    {
        { Result: { } response } => (int)response.StatusCode >= 500,
        { Exception: HttpRequestException e } when HttpFailures.NothingWasSent(e) => true,
        { Exception: HttpRequestException or TimeoutRejectedException } => request is not null && IsIdempotent(request.Method),
        _ => false,
    };

    private static bool IsIdempotent(HttpMethod method) =>
        method == HttpMethod.Get || method == HttpMethod.Head || method == HttpMethod.Options || method == HttpMethod.Trace
        || method == HttpMethod.Put || method == HttpMethod.Delete;

    private static ResiliencePipeline<HttpResponseMessage> BuildPipeline(HttpRetryOptions options, HttpRuntime runtime)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = runtime.Clock }.AddTimeout(options.TotalTimeout);

        if (options.MaxRetries > 0)
        {
            var retry = new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = options.MaxRetries,
                Delay = options.BaseDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = args => ValueTask.FromResult(IsWorthRetrying(args.Outcome, args.Context.GetRequestMessage())),
            };
            if (runtime.Random is { } random)
                retry.Randomizer = random;
            builder.AddRetry(retry);
        }

        return builder.AddTimeout(options.AttemptTimeout).Build();
    }
}
