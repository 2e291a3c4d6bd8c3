using Microsoft.Extensions.Logging;
using TradingAlerts.Core.Notifications;
using TradingAlerts.Core.Signals;

namespace TradingAlerts.Core.Pipeline;

public sealed record DeliveryOptions
{
    /// <summary>How long an attempt may hold a delivery before another worker may take it over (a crashed worker's lease runs out).</summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>The wait after the first transient failure; it doubles with each further failure.</summary>
    public TimeSpan FirstRetryDelay { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>After this many transient failures the delivery is given up and recorded as failed.</summary>
    public int MaxAttempts { get; init; } = 10;
}

/// <summary>
/// Sends a firing's notification at most once per attempt lease, and records what happened: the send happens only
/// under a lease taken by a conditional write, so two workers never send the same firing at once.
/// </summary>
public sealed class DeliveryService(ISignalStore store, INotifier notifier, TimeProvider clock, DeliveryOptions options, ILogger<DeliveryService> logger)
{
    public DateTimeOffset LeaseUntil(DateTimeOffset now) => now + options.Lease;

    /// <summary>Sends a firing whose lease the caller already holds (the trigger claim takes it).</summary>
    public async Task<DeliveryStatus> DeliverLeasedAsync(Firing firing, CancellationToken ct)
    {
        var outcome = await notifier.SendAsync(new Notification(firing.Recipient, firing.Title, firing.Message, firing.FiredAt), ct);
        var now = clock.GetUtcNow();
        var attempts = firing.Attempts + 1;
        var attempt = outcome.Kind switch
        {
            DeliveryOutcomeKind.Sent => new DeliveryAttempt(DeliveryStatus.Sent, attempts, outcome.Response, null, now),
            DeliveryOutcomeKind.Transient when attempts < options.MaxAttempts =>
                new DeliveryAttempt(DeliveryStatus.Pending, attempts, outcome.Response, now + RetryDelay(attempts, outcome.RetryAfter), null),
            DeliveryOutcomeKind.Transient => new DeliveryAttempt(DeliveryStatus.Failed, attempts, $"gave up after {attempts} attempts: {outcome.Response}", null, null),
            _ => new DeliveryAttempt(DeliveryStatus.Failed, attempts, outcome.Response, null, null),
        };

        await store.RecordDeliveryAsync(firing.TriggerId, attempt, ct);
        if (attempt.Status == DeliveryStatus.Sent)
            logger.LogInformation("Notified {SignalId} ({TriggerId}): {Response}", firing.SignalId, firing.TriggerId, outcome.Response);
        else
            logger.LogWarning("Notification for {SignalId} ({TriggerId}) {Status}: {Response}", firing.SignalId, firing.TriggerId, attempt.Status, attempt.Response);

        return attempt.Status;
    }

    /// <summary>
    /// Finishes a firing found again (a redelivered batch): attempts it only if it is still pending and due.
    /// Returns how the attempt ended, or null when no attempt was made.
    /// </summary>
    public async Task<DeliveryStatus?> ResumeAsync(string triggerId, CancellationToken ct)
    {
        var firing = await store.GetFiringAsync(triggerId, ct);
        if (firing is not { DeliveryStatus: DeliveryStatus.Pending })
            return null;

        return await TryDeliverDueAsync(firing, ct);
    }

    /// <summary>Retries every pending delivery that is due; returns how each ended.</summary>
    public async Task<IReadOnlyList<DeliveryStatus>> RetryDueAsync(CancellationToken ct)
    {
        var results = new List<DeliveryStatus>();
        await foreach (var firing in store.ListDueDeliveriesAsync(clock.GetUtcNow(), ct))
        {
            if (await TryDeliverDueAsync(firing, ct) is { } status)
                results.Add(status);
        }

        return results;
    }

    private async Task<DeliveryStatus?> TryDeliverDueAsync(Firing firing, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (!await store.TryLeaseDeliveryAsync(firing.TriggerId, now, LeaseUntil(now), ct))
            return null;

        return await DeliverLeasedAsync(firing, ct);
    }

    private TimeSpan RetryDelay(int attempts, TimeSpan? retryAfter)
    {
        var backoff = options.FirstRetryDelay * Math.Pow(2, attempts - 1);
        var delay = backoff < options.MaxRetryDelay ? backoff : options.MaxRetryDelay;
        return retryAfter > delay ? retryAfter.Value : delay;
    }
}
