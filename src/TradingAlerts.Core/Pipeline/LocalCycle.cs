using System.Globalization;
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
    TimeSpan Duration);

/// <summary>
/// One local cycle: the same Reader and Worker services as the cloud, joined by an in-process queue, then the
/// retry of deliveries that are due.
/// </summary>
public sealed class LocalCycle(ReaderService reader, ChannelSignalQueue queue, WorkerService worker, DeliveryService deliveries, TimeProvider clock)
{
    /// <summary>When the previous cycle started (restored from the cycle log by a new process), so no crossing in between is missed.</summary>
    public DateTimeOffset? PreviousStart { get; set; }

    public async Task<CycleReport> RunOnceAsync(CancellationToken ct)
    {
        var started = clock.GetTimestamp();
        var startedAt = clock.GetUtcNow();
        var cycleId = startedAt.ToString("O", CultureInfo.InvariantCulture);
        await reader.RunAsync(cycleId, PreviousStart, ct);
        PreviousStart = startedAt;

        var batches = new List<BatchReport>();
        while (queue.TryDequeue(out var batch))
            batches.Add(await worker.ProcessAsync(batch, ct));

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
            clock.GetElapsedTime(started));
    }
}
