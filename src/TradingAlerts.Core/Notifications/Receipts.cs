namespace TradingAlerts.Core.Notifications;

/// <summary>Where an escalated (urgent) notification stands: acknowledged (and when), or expired unacknowledged.</summary>
/// <param name="AcknowledgedAt">When a user acknowledged it; null while nobody has.</param>
/// <param name="Expired">True once the service stopped repeating it (acknowledged or not).</param>
/// <param name="ExpiresAt">When the service stops (or stopped) repeating it.</param>
public sealed record ReceiptStatus(bool Acknowledged, DateTimeOffset? AcknowledgedAt, bool Expired, DateTimeOffset? ExpiresAt);

/// <summary>A receipt lookup that failed; <see cref="IsTransient"/> says whether asking again later can help.</summary>
public sealed class ReceiptLookupException(string message, bool isTransient) : Exception(message)
{
    public bool IsTransient { get; } = isTransient;
}

/// <summary>Asks the service that escalated a notification (Pushover) whether someone acknowledged it.</summary>
public interface IReceiptLookup
{
    /// <exception cref="ReceiptLookupException">The service did not say.</exception>
    Task<ReceiptStatus> GetAsync(string receipt, CancellationToken ct);
}
