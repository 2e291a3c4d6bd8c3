using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace TradingAlerts.Http;

/// <summary>
/// Builds the <see cref="HttpClient"/> for one remote service: base address, User-Agent, timeouts, and retries with
/// jittered exponential backoff for 5xx answers, connection failures and attempt timeouts only. Every other answer
/// (4xx, including 429 and 418) comes back to the caller untouched, on the first attempt.
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
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>()
                    .Handle<TimeoutRejectedException>()
                    .HandleResult(response => (int)response.StatusCode >= 500),
            };
            if (runtime.Random is { } random)
                retry.Randomizer = random;
            builder.AddRetry(retry);
        }

        return builder.AddTimeout(options.AttemptTimeout).Build();
    }
}
