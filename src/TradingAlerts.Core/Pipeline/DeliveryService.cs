using Microsoft.Extensions.Logging;
using TradingAlerts.Core.Notifications;
using TradingAlerts.Core.Signals;

namespace TradingAlerts.Core.Pipeline;

public sealed record DeliveryOptions
{
    /// <summary>How long an attempt may hold a delivery before another worker may take it over (a crashed worker's lease runs out).</summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>The host's words for what a recipient without a channel's address should do.</summary>
    public HostHints Hints { get; init; } = HostHints.None;

    /// <summary>The wait after the first transient failure; it doubles with each further failure.</summary>
    public TimeSpan FirstRetryDelay { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>After this many transient failures the delivery is given up and recorded as failed.</summary>
    public int MaxAttempts { get; init; } = 10;
}

/// <summary>
/// Sends a firing's notification on its channel at most once per attempt lease, and records what happened: the send
/// happens only under a lease taken by a conditional write, renewed right before the send, and the outcome is recorded
/// only while the lease is still held, so two workers never send the same firing at once and a late record never undoes
/// a newer one. A firing's <see cref="Delivery.NextAttemptAt"/> is the lease its holder names. A non-urgent notification
/// that falls in its recipient's quiet hours is held (no attempt counted) until they end, and the ones held for a
/// recipient and channel then go out as one digest.
/// </summary>
public sealed class DeliveryService(
    IDeliveryStore store,
    IRecipientStore recipients,
    ChannelNotifiers notifiers,
    TimeProvider clock,
    DeliveryOptions options,
    WorkDeadline deadline,
    ILogger<DeliveryService> logger)
{
    public DateTimeOffset LeaseUntil(DateTimeOffset now) => now + options.Lease;

    /// <summary>
    /// Sends a firing whose lease the caller already holds (the trigger claim takes it; its <see cref="Delivery.NextAttemptAt"/>
    /// names it). Returns how the attempt ended, or null when the lease was lost before the send (someone else has it).
    /// </summary>
    public async Task<DeliveryStatus?> DeliverLeasedAsync(Delivery firing, CancellationToken ct)
    {
        var recipient = await RecipientOfAsync(firing, ct);
        var now = clock.GetUtcNow();
        if (!firing.Urgent && recipient.QuietHours?.EndIfQuiet(now) is { } quietEnd)
        {
            var hold = new DeliveryAttempt(DeliveryStatus.Pending, firing.Attempts, $"held for quiet hours ({recipient.QuietHours}) until {NotificationText.UtcTime(quietEnd)}", quietEnd, null) { Held = true };
            if (!await store.RecordDeliveryAsync(firing.TriggerId, LeaseOf(firing), hold, ct))
                return LeaseLost(firing);
            LogRecorded(firing, hold, held: true);
            return DeliveryStatus.Pending;
        }

        if (deadline.Passed)
            return await ReleaseAsync([firing], ct);

        var renewed = await RenewAsync([firing], ct);
        if (renewed.Count == 0)
            return null;

        var notification = new Notification(AddressOf(firing, recipient), firing.Title, Noted([firing], firing.Message), firing.FiredAt) { Urgent = firing.Urgent, Facts = firing.Facts };
        return (await SendAsync(renewed, notification, ct))[0];
    }

    /// <summary>
    /// Finishes a firing found again (a redelivered batch): attempts it only if it is still pending and due.
    /// Returns how the attempt ended, or null when no attempt was made.
    /// </summary>
    public async Task<DeliveryStatus?> ResumeAsync(string triggerId, CancellationToken ct)
    {
        var firing = await store.GetDeliveryAsync(triggerId, ct);
        if (firing is not { DeliveryStatus: DeliveryStatus.Pending })
            return null;

        return await TryDeliverDueAsync(firing, ct);
    }

    /// <summary>
    /// Retries every pending delivery that is due; the ones held for quiet hours go out as one digest per recipient and
    /// channel. Returns how each ended.
    /// </summary>
    public async Task<IReadOnlyList<DeliveryStatus>> RetryDueAsync(CancellationToken ct)
    {
        var results = new List<DeliveryStatus>();
        var held = new List<Delivery>();
        await foreach (var firing in store.ListDueDeliveriesAsync(clock.GetUtcNow(), ct))
        {
            if (deadline.Passed)
                return results;
            if (firing.Held)
                held.Add(firing);
            else if (await TryDeliverDueAsync(firing, ct) is { } status)
                results.Add(status);
        }

        foreach (var group in held.GroupBy(f => (f.Recipient, f.Channel)))
            results.AddRange(await SendDigestAsync(group.ToList(), ct));

        return results;
    }

    private async Task<IReadOnlyList<DeliveryStatus>> SendDigestAsync(List<Delivery> held, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var leased = new List<Delivery>();
        foreach (var firing in held)
        {
            if (await store.TryLeaseDeliveryAsync(firing.TriggerId, now, LeaseUntil(now), ct))
                leased.Add(firing with { NextAttemptAt = LeaseUntil(now) });
        }

        if (leased.Count == 0)
            return [];
        if (leased.Count == 1)
            return await DeliverLeasedAsync(leased[0], ct) is { } single ? [single] : [];

        // As few messages as the channel takes whole (a shortened digest would lose the alerts at its end), each part's
        // leases renewed right before its send.
        var address = AddressOf(leased[0], await RecipientOfAsync(leased[0], ct));
        var notifier = notifiers.For(leased[0].Channel);
        var parts = new List<List<Delivery>>();
        foreach (var firing in leased.OrderBy(f => f.FiredAt))
        {
            if (parts.Count == 0 || notifier?.Fits(Digest(address, [.. parts[^1], firing], now)) == false)
                parts.Add([]);
            parts[^1].Add(firing);
        }

        var statuses = new List<DeliveryStatus>();
        foreach (var part in parts)
        {
            if (deadline.Passed)
                await ReleaseAsync(part, ct);
            else if (await RenewAsync(part, ct) is { Count: > 0 } renewed)
                statuses.AddRange(await SendAsync(renewed, Digest(address, renewed, clock.GetUtcNow()), ct));
        }

        return statuses;
    }

    private static Notification Digest(string? address, IReadOnlyList<Delivery> part, DateTimeOffset now) => part.Count == 1
        ? new Notification(address, part[0].Title, Noted(part, part[0].Message), now)
        : new Notification(address, $"{part.Count} alerts during quiet hours", Noted(part, string.Join("\n\n", part.Select(f => $"{f.Title}\n{f.Message}"))), now);

    /// <summary>
    /// Renews each firing's lease right before its send; a firing whose lease is no longer its holder's (it ran out and
    /// another worker took it over) is left to that worker. Returns the firings still held, with their new leases.
    /// </summary>
    private async Task<IReadOnlyList<Delivery>> RenewAsync(IReadOnlyList<Delivery> firings, CancellationToken ct)
    {
        var renewed = new List<Delivery>();
        foreach (var firing in firings)
        {
            var until = LeaseUntil(clock.GetUtcNow());
            if (await store.RenewLeaseAsync(firing.TriggerId, LeaseOf(firing), until, ct))
                renewed.Add(firing with { NextAttemptAt = until });
            else
                LeaseLost(firing);
        }

        return renewed;
    }

    /// <summary>
    /// Gives leased firings back unsent, due at once, when its host has no time left to send them
    /// (<see cref="WorkDeadline"/>): the next worker or cycle sends them, without waiting for the lease to run out.
    /// </summary>
    private async Task<DeliveryStatus?> ReleaseAsync(IReadOnlyList<Delivery> firings, CancellationToken ct)
    {
        foreach (var firing in firings)
        {
            if (await store.RenewLeaseAsync(firing.TriggerId, LeaseOf(firing), clock.GetUtcNow(), ct))
                logger.LogWarning("Delivery {TriggerId} of {SignalId} not sent: no time left before the timeout; it is due again at once", firing.TriggerId, firing.SignalId);
        }

        return DeliveryStatus.Pending;
    }

    private static DateTimeOffset LeaseOf(Delivery firing) =>
        firing.NextAttemptAt ?? throw new InvalidOperationException($"the delivery {firing.TriggerId} is not leased");

    private DeliveryStatus? LeaseLost(Delivery firing)
    {
        logger.LogWarning("Delivery {TriggerId} of {SignalId}: its lease ran out and another worker has it; not sent from here", firing.TriggerId, firing.SignalId);
        return null;
    }

    /// <summary>
    /// Sends one notification for one firing (or a digest of several), all leased by the caller, and records the
    /// outcome on each under its lease.
    /// </summary>
    private async Task<IReadOnlyList<DeliveryStatus>> SendAsync(IReadOnlyList<Delivery> firings, Notification notification, CancellationToken ct)
    {
        var channel = firings[0].Channel;
        var notifier = notifiers.For(channel);
        var outcome = notifier is null
            ? DeliveryOutcome.Permanent(notifiers.NotConfigured(channel))
            : channel != Channels.Pushover && notification.Recipient is null
                ? DeliveryOutcome.Permanent($"recipient {Recipient.IdOf(firings[0].Recipient)} has no {channel.ToWire()} address" + (options.Hints.SetRecipient is { } set ? $" (set it with: {set})" : ""))
                : await notifier.SendAsync(notification, ct);

        var statuses = new List<DeliveryStatus>();
        foreach (var firing in firings)
        {
            var attempt = AttemptAfter(firing, outcome, firings.Count);
            if (!await store.RecordDeliveryAsync(firing.TriggerId, LeaseOf(firing), attempt, ct))
            {
                logger.LogWarning("Delivery {TriggerId} of {SignalId}: the lease ran out while it was sent ({Response}); its new holder may send it again", firing.TriggerId, firing.SignalId, attempt.Response);
                statuses.Add(attempt.Status);
                continue;
            }

            LogRecorded(firing, attempt, held: false);
            statuses.Add(attempt.Status);
        }

        return statuses;
    }

    /// <summary>
    /// The line for an outcome as it was recorded, with <see cref="PipelineMetrics.Delivery"/>'s values. The latency is
    /// left out for a firing that was held: it waited for the quiet hours to end on purpose.
    /// </summary>
    /// <param name="held">Held for quiet hours (no attempt made), rather than attempted.</param>
    private void LogRecorded(Delivery firing, DeliveryAttempt recorded, bool held)
    {
        var (outcome, level) = held ? ("held", LogLevel.Information) : recorded.Status switch
        {
            DeliveryStatus.Sent => ("sent", LogLevel.Information),
            DeliveryStatus.Pending => ("failed for now", LogLevel.Warning),
            _ => ("failed", LogLevel.Warning),
        };
        var fields = new Dictionary<string, object?>
        {
            ["Channel"] = firing.Channel.ToWire(),
            ["SignalId"] = firing.SignalId,
            ["TriggerId"] = firing.TriggerId,
            ["Response"] = recorded.Response,
            ["Sent"] = recorded.Status == DeliveryStatus.Sent ? 1 : 0,
            ["Retried"] = !held && recorded.Status == DeliveryStatus.Pending ? 1 : 0,
            ["FailedPermanently"] = recorded.Status == DeliveryStatus.Failed ? 1 : 0,
            ["Held"] = held ? 1 : 0,
        };
        var latency = string.Empty;
        if (recorded.SentAt is { } sentAt && !firing.Held)
        {
            var milliseconds = (long)(sentAt - firing.FiredAt).TotalMilliseconds;
            fields["LatencyMs"] = milliseconds;
            latency = $" {milliseconds} ms after it fired";
        }

        PipelineMetrics.Delivery.Log(logger, level, $"Notification for {firing.SignalId} ({firing.TriggerId}) on {firing.Channel.ToWire()} {outcome}{latency}: {recorded.Response}", fields);
    }

    /// <summary>What an attempt after one that got no answer says first: the person may already have it.</summary>
    public const string RepeatNote = "May repeat an earlier notification that got no answer.";

    private static string Noted(IReadOnlyList<Delivery> firings, string message) =>
        firings.Any(f => f.MaybeSent) ? $"{RepeatNote}\n{message}" : message;

    private DeliveryAttempt AttemptAfter(Delivery firing, DeliveryOutcome outcome, int inDigest)
    {
        var now = clock.GetUtcNow();
        var attempts = firing.Attempts + 1;
        var response = inDigest > 1 ? $"{outcome.Response} (a digest of {inDigest} held for quiet hours)" : outcome.Response;
        var attempt = outcome.Kind switch
        {
            DeliveryOutcomeKind.Sent => new DeliveryAttempt(DeliveryStatus.Sent, attempts, response, null, now),
            // Unconfirmed waits like a failure (never at once: it may be on the phone already); the later attempt says so.
            DeliveryOutcomeKind.Transient or DeliveryOutcomeKind.Unconfirmed when attempts < options.MaxAttempts =>
                new DeliveryAttempt(DeliveryStatus.Pending, attempts, response, now + RetryDelay(attempts, outcome.RetryAfter), null),
            DeliveryOutcomeKind.Transient or DeliveryOutcomeKind.Unconfirmed =>
                new DeliveryAttempt(DeliveryStatus.Failed, attempts, $"gave up after {attempts} attempts: {response}", null, null),
            _ => new DeliveryAttempt(DeliveryStatus.Failed, attempts, response, null, null),
        };

        // A digest that failed for now stays a digest: still held, so the next try groups it again.
        return attempt with
        {
            Receipt = outcome.Receipt,
            Held = firing.Held && attempt.Status == DeliveryStatus.Pending,
            MaybeSent = firing.MaybeSent || outcome.Kind == DeliveryOutcomeKind.Unconfirmed,
        };
    }

    private async Task<Recipient> RecipientOfAsync(Delivery firing, CancellationToken ct)
    {
        var id = Recipient.IdOf(firing.Recipient);
        return await recipients.GetRecipientAsync(id, ct) ?? new Recipient { Id = id };
    }

    /// <summary>Pushover goes to the firing's user key; the other channels to the recipient's address there.</summary>
    private static string? AddressOf(Delivery firing, Recipient recipient) =>
        firing.Channel == Channels.Pushover ? firing.Recipient : recipient.AddressOn(firing.Channel);

    private async Task<DeliveryStatus?> TryDeliverDueAsync(Delivery firing, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var until = LeaseUntil(now);
        if (!await store.TryLeaseDeliveryAsync(firing.TriggerId, now, until, ct))
            return null;

        return await DeliverLeasedAsync(firing with { NextAttemptAt = until }, ct);
    }

    private TimeSpan RetryDelay(int attempts, TimeSpan? retryAfter)
    {
        var backoff = options.FirstRetryDelay * Math.Pow(2, attempts - 1);
        var delay = backoff < options.MaxRetryDelay ? backoff : options.MaxRetryDelay;
        return retryAfter > delay ? retryAfter.Value : delay;
    }
}
