using Microsoft.Extensions.Logging;

namespace TradingAlerts.Core.Pipeline;

/// <summary>One message of the queue as its consumer receives it: its id, and its batch or why its body could not be read.</summary>
public sealed record QueueMessage(string Id, SignalBatch? Batch, string? Unreadable = null);

/// <summary>
/// A queue consumer's work (the Worker function): each message's batch checked on its own, so an unreadable body or an
/// error fails that message only; before its host's timeout it takes no new message, and each one left becomes a gap of
/// its exchange's coverage; then the deliveries that are due are retried, whatever batch woke it (the Reader may not
/// write). A message delivered again finds its claimed firings and sends nothing twice.
/// </summary>
public sealed class QueueConsumer(WorkerService worker, DeliveryService deliveries, WorkDeadline deadline, ILogger<QueueConsumer> logger)
{
    /// <summary>Checks one message's batch: true when done, false when the queue should deliver it again.</summary>
    public async Task<bool> ConsumeAsync(QueueMessage message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Batch is not { } batch)
        {
            logger.LogError("Message {MessageId} is not a signal batch and goes back to the queue (then to the dead letters): {Reason}", message.Id, message.Unreadable);
            return false;
        }

        try
        {
            if (deadline.Passed)
            {
                await worker.LeaveAsync(batch, ct);
                return false;
            }

            var report = await worker.ProcessAsync(batch, ct);
            logger.LogInformation(
                "Message {MessageId} of cycle {CycleId}: {Checked} checked, {Fired} fired, {Notified} notified, {NotificationFailures} notification failures, {NotChecked} not checked",
                message.Id, batch.CycleId, report.Checked, report.Fired, report.Notified, report.NotificationFailures, report.CheckFailures.Count);
            return true;
        }
        catch (Exception e)
        {
            logger.LogError(e, "Message {MessageId} failed and goes back to the queue", message.Id);
            return false;
        }
    }

    /// <summary>Retries the deliveries that are due; a failure is logged and does not fail the messages already done.</summary>
    public async Task RetryDueAsync(CancellationToken ct)
    {
        try
        {
            var retried = await deliveries.RetryDueAsync(ct);
            if (retried.Count > 0)
                logger.LogInformation("{RetriedDeliveries} due deliveries retried", retried.Count);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Retrying the due deliveries failed; the next invocation tries again");
        }
    }
}
