using System.Globalization;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;
using TradingAlerts.Core.Signals;

namespace TradingAlerts.Core.Pipeline;

public sealed record CycleReport(
    string CycleId,
    DateTimeOffset StartedAt,
    int Checked,
    int Expired,
    int Fired,
    int Notified,
    int NotificationFailures,
    int RetriedDeliveries,
    IReadOnlyList<CheckFailure> CheckFailures,
    TimeSpan Duration,
    int FailedBatches = 0)
{
    /// <summary>Why the cycle broke off (the Reader or the queue failed); null when it ran to its end.</summary>
    public string? Error { get; init; }

    /// <summary>
    /// Alerts not checked beyond those <see cref="CheckFailures"/> lists: a fan-out cycle's record lists a few per batch
    /// only, so that it stays within a DynamoDB item when an exchange leaves thousands unchecked.
    /// </summary>
    public int UnlistedCheckFailures { get; init; }

    /// <summary>
    /// Prices each exchange's alerts got from a fallback exchange because it could not give them (records written
    /// before the field existed read as none).
    /// </summary>
    public IReadOnlyDictionary<ExchangeId, int> FallbackUses { get; init => field = value ?? new Dictionary<ExchangeId, int>(); } = new Dictionary<ExchangeId, int>();

    /// <summary>The alerts that could not be checked, listed or not.</summary>
    [JsonIgnore]
    public int NotChecked => CheckFailures.Count + UnlistedCheckFailures;

    /// <summary>Ran to its end with no failed batch.</summary>
    [JsonIgnore]
    public bool Completed => Error is null && FailedBatches == 0;

    /// <summary>A cycle that broke off with <paramref name="error"/> before it could report anything.</summary>
    public static CycleReport BrokenOff(string cycleId, DateTimeOffset startedAt, TimeSpan duration, Exception error) =>
        new(cycleId, startedAt, 0, 0, 0, 0, 0, 0, [], duration) { Error = $"{error.GetType().Name}: {error.Message}" };
}

/// <summary>
/// One cycle in one process: the same Reader and Worker services as the cloud, joined by a queue (the in-process
/// queue, or SQS to rehearse the cloud path) and checked by the same <see cref="QueueConsumer"/> as the Worker
/// function's, then the retry of deliveries that are due. A batch that fails is logged and not acknowledged; the others
/// go on.
/// </summary>
public sealed class LocalCycle(ReaderService reader, ISignalQueueReader queue, QueueConsumer consumer, DeliveryService deliveries, TimeProvider clock, ILogger<LocalCycle> logger)
{
    /// <summary>When the previous cycle started (restored from the cycle log by a new process), so no crossing in between is missed.</summary>
    public DateTimeOffset? PreviousStart { get; set; }

    /// <summary>A cycle named by the time it starts, looking for crossings since the previous one.</summary>
    public async Task<CycleReport> RunOnceAsync(CancellationToken ct)
    {
        var startedAt = clock.GetUtcNow();
        var report = await RunAsync(CycleIdAt(startedAt), PreviousStart, ct);
        PreviousStart = startedAt;
        return report;
    }

    /// <summary>The id of a cycle named by the time it starts: the round-trip ("O") form of that time.</summary>
    public static string CycleIdAt(DateTimeOffset startedAt) => startedAt.ToString("O", CultureInfo.InvariantCulture);

    /// <summary>
    /// A cycle named by its caller (the Monolith function names it by the schedule's time, so a retried invocation is
    /// the same cycle and finds its own claims), looking for crossings since <paramref name="since"/>.
    /// </summary>
    public async Task<CycleReport> RunAsync(string cycleId, DateTimeOffset? since, CancellationToken ct)
    {
        var started = clock.GetTimestamp();
        var startedAt = clock.GetUtcNow();
        await reader.RunAsync(cycleId, startedAt, since, ct);

        var batches = new List<BatchReport>();
        var fallbackUses = new Dictionary<ExchangeId, int>();
        var failedBatches = 0;
        await foreach (var received in queue.DrainAsync(ct))
        {
            // A batch left for the deadline is a gap of its exchange's coverage, which the next cycle looks back over:
            // in one process nothing would deliver it again, so it is acknowledged, not failed.
            var consumed = await consumer.ConsumeAsync(new QueueMessage(received.MessageId, received.Batch, received.Error), ct);
            if (consumed.Report is { } batch && await AcknowledgedAsync(received, ct))
            {
                batches.Add(batch);
                if (batch.FallbackUses > 0 && received.Batch is { } checkedBatch)
                    fallbackUses[checkedBatch.Exchange] = fallbackUses.GetValueOrDefault(checkedBatch.Exchange) + batch.FallbackUses;
            }
            else
            {
                failedBatches++;
            }
        }

        var retried = await deliveries.RetryDueAsync(ct);
        return new CycleReport(
            cycleId,
            startedAt,
            batches.Sum(b => b.Checked),
            batches.Sum(b => b.Expired),
            batches.Sum(b => b.Fired),
            batches.Sum(b => b.Notified) + retried.Count(s => s == DeliveryStatus.Sent),
            batches.Sum(b => b.NotificationFailures) + retried.Count(s => s != DeliveryStatus.Sent),
            retried.Count,
            batches.SelectMany(b => b.CheckFailures).ToList(),
            clock.GetElapsedTime(started),
            failedBatches)
        {
            FallbackUses = fallbackUses,
        };
    }

    private async Task<bool> AcknowledgedAsync(ReceivedBatch received, CancellationToken ct)
    {
        try
        {
            await received.AcknowledgeAsync(ct);
            return true;
        }
        catch (Exception e) when (!(e is OperationCanceledException && ct.IsCancellationRequested))
        {
            logger.LogError(e, "Batch {MessageId} was checked but not acknowledged; a durable queue delivers it again", received.MessageId);
            return false;
        }
    }
}
