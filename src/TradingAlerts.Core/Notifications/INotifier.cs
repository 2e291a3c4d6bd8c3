namespace TradingAlerts.Core.Notifications;

/// <summary>Sends one notification through one channel: Pushover, Telegram, Discord, a webhook, or the console.</summary>
public interface INotifier
{
    Task<DeliveryOutcome> SendAsync(Notification notification, CancellationToken ct);

    /// <summary>Whether the channel takes the notification whole (a longer one is shortened): a digest that does not fit goes out in parts.</summary>
    bool Fits(Notification notification) => true;
}

/// <param name="Recipient">
/// The address on the channel: the Pushover user key, the Telegram chat id, the Discord or webhook URL; null when none
/// is configured.
/// </param>
public sealed record Notification(string? Recipient, string Title, string Message, DateTimeOffset Time)
{
    /// <summary>Urgent alerts ask the channel to insist until someone acknowledges (Pushover emergency priority).</summary>
    public bool Urgent { get; init; }

    /// <summary>The firing this notification tells of, for channels that send structured data (the webhook); null for other messages.</summary>
    public FiringFacts? Facts { get; init; }
}

public enum DeliveryOutcomeKind
{
    /// <summary>Accepted by the service.</summary>
    Sent,

    /// <summary>The service refused the request (4xx): retrying the same request cannot help.</summary>
    Permanent,

    /// <summary>5xx, quota, or no connection could be made: it surely did not arrive; worth another attempt later.</summary>
    Transient,

    /// <summary>
    /// Sent, but no answer came (a timeout, a connection lost after sending): it may have arrived. Not sent again at once;
    /// a later attempt is made (a missed alert is worse than a repeat) and says it may repeat this one.
    /// </summary>
    Unconfirmed,
}

/// <param name="Response">The service's answer (or the error) in words, kept in the alert's history.</param>
/// <param name="RetryAfter">For a transient failure: the earliest moment worth retrying, when the service said so.</param>
public sealed record DeliveryOutcome(DeliveryOutcomeKind Kind, string Response, TimeSpan? RetryAfter = null)
{
    /// <summary>The service's handle for following up a sent urgent notification (a Pushover emergency receipt).</summary>
    public string? Receipt { get; init; }

    public static DeliveryOutcome Sent(string response) => new(DeliveryOutcomeKind.Sent, response);

    public static DeliveryOutcome Permanent(string response) => new(DeliveryOutcomeKind.Permanent, response);

    public static DeliveryOutcome Transient(string response, TimeSpan? retryAfter = null) => new(DeliveryOutcomeKind.Transient, response, retryAfter);

    public static DeliveryOutcome Unconfirmed(string response) => new(DeliveryOutcomeKind.Unconfirmed, response);
}
