using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using TradingAlerts.Core.Notifications;
using TradingAlerts.Http;

namespace TradingAlerts.Notifications;

/// <summary>A secret that must never appear in an outcome, and the words that replace it there.</summary>
internal readonly record struct Secret(string Value, string Name);

/// <summary>How one service words its answers; <see cref="HttpDelivery"/> classifies them the same way for every channel.</summary>
internal abstract class ServiceAnswers
{
    /// <summary>The service as outcomes name it: "Telegram", "the webhook at example.com".</summary>
    public abstract string Service { get; }

    /// <summary>What an outcome says of a 429.</summary>
    public virtual string RateLimited => $"rate limited by {Service}";

    /// <summary>For a 2xx answer: usually Sent, with the service's answer summarized.</summary>
    public abstract DeliveryOutcome Accepted(HttpResponseMessage response, byte[] body);

    /// <summary>What a refusal's body says, as ": reason", or empty.</summary>
    public abstract string Details(byte[] body);

    /// <summary>How long a 429 asks to wait; by default the Retry-After header.</summary>
    public virtual TimeSpan? RateLimitWait(HttpResponseMessage response, byte[] body, TimeProvider clock) =>
        RetryAfter.From(response.Headers, clock);
}

/// <summary>
/// Sends one notification request through a client from <see cref="ResilientHttp.Create"/> and classifies the answer
/// the same way for every channel: 2xx as the service words it; 429 transient, with the wait it asks for; any other 4xx
/// permanent; 5xx and connections that could not be made transient (the client has already retried them); no answer
/// after the request went out (a timeout, a connection lost) unconfirmed: it may have arrived. Every secret is replaced
/// by its name in the outcome.
/// </summary>
internal static class HttpDelivery
{
    public static async Task<DeliveryOutcome> SendAsync(
        HttpClient http, HttpRequestMessage request, ServiceAnswers answers, TimeProvider clock, IReadOnlyList<Secret> secrets, CancellationToken ct)
    {
        DeliveryOutcome outcome;
        try
        {
            using var response = await http.SendAsync(request, ct);
            var body = await response.Content.ReadAsByteArrayAsync(ct);
            outcome = Classify(response, body, answers, clock);
        }
        catch (Exception e) when (HttpFailures.Describe(e, request, ct) is { } reason)
        {
            outcome = e is HttpRequestException refused && HttpFailures.NothingWasSent(refused)
                ? DeliveryOutcome.Transient(reason)
                : DeliveryOutcome.Unconfirmed($"{reason}; the message may have arrived");
        }

        return outcome with { Response = Redact(outcome.Response, secrets) };
    }

    public static string Redact(string text, IReadOnlyList<Secret> secrets)
    {
        foreach (var secret in secrets)
            text = text.Replace(secret.Value, secret.Name, StringComparison.Ordinal);
        return text;
    }

    /// <summary>The body as <typeparamref name="T"/>, or null when it is not that JSON.</summary>
    public static T? Read<T>(byte[] body, JsonTypeInfo<T> type)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize(body, type);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// The recipient as an absolute http(s) URL (Discord and webhook URLs), or the permanent outcome saying why it
    /// cannot be used: <paramref name="what"/> names it, and the URL itself is never echoed.
    /// </summary>
    public static bool TryRecipientUrl(
        string? recipient, string what, [NotNullWhen(true)] out Uri? url, [NotNullWhen(false)] out DeliveryOutcome? refusal)
    {
        url = Uri.TryCreate(recipient?.Trim(), UriKind.Absolute, out var parsed) && (parsed.Scheme == Uri.UriSchemeHttps || parsed.Scheme == Uri.UriSchemeHttp)
            ? parsed
            : null;
        refusal = url is not null ? null
            : string.IsNullOrWhiteSpace(recipient) ? DeliveryOutcome.Permanent($"no recipient: {what} is not set")
            : DeliveryOutcome.Permanent($"{what} is not an absolute http(s) URL");
        return url is not null;
    }

    /// <summary>A URL that carries a token: neither it nor its path may show in an outcome.</summary>
    public static Secret[] UrlSecrets(Uri url, string name) =>
        new[] { url.OriginalString, url.AbsoluteUri, url.PathAndQuery }
            .Where(part => part.Length > 1)
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(part => part.Length)
            .Select(part => new Secret(part, name))
            .ToArray();

    /// <summary>Services refuse an over-long field (a permanent failure); a shortened alert is better than none.</summary>
    public static string Truncate(string text, int max) =>
        text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");

    private static DeliveryOutcome Classify(HttpResponseMessage response, byte[] body, ServiceAnswers answers, TimeProvider clock)
    {
        var status = (int)response.StatusCode;
        return status switch
        {
            >= 500 => DeliveryOutcome.Transient(HttpFailures.StatusAfterAttempts(response), RetryAfter.From(response.Headers, clock)),
            (int)HttpStatusCode.TooManyRequests => DeliveryOutcome.Transient($"{answers.RateLimited} (HTTP 429)", answers.RateLimitWait(response, body, clock)),
            >= 400 => DeliveryOutcome.Permanent($"{answers.Service} refused the message (HTTP {status}){answers.Details(body)}"),
            >= 200 and < 300 => answers.Accepted(response, body),
            _ => DeliveryOutcome.Transient($"unexpected answer from {answers.Service}: HTTP {status}"),
        };
    }
}
