using Microsoft.Extensions.Logging;
using TradingAlerts.Core.Prices;
using TradingAlerts.Core.Signals;

namespace TradingAlerts.Core.Pipeline;

/// <summary>One message of the queue as its consumer receives it: its id, and its batch or why its body could not be read.</summary>
public sealed record QueueMessage(string Id, SignalBatch? Batch, string? Unreadable = null);

/// <summary>
/// What became of one message: its batch's report when the batch was looked at (checked, or left unchecked for the
/// deadline, a gap of its exchange's coverage), and whether the message is done; one not done goes back to a durable
/// queue, which delivers it again.
/// </summary>
public sealed record Consumed(BatchReport? Report, bool Done);

/// <summary>
/// A queue consumer's work (the Worker function, and the in-process cycle): each message's batch checked on its own, so an unreadable body or an
/// error fails that message only; before its host's timeout it takes no new message, and each one left becomes a gap of
/// its exchange's coverage; then the deliveries that are due are retried, whatever batch woke it (the Reader may not
/// write). A message delivered again finds its claimed firings and sends nothing twice.
/// </summary>
/// <param name="traffic">Requests that reached each exchange so far (retries included) and those that failed, read before and after a batch.</param>
public sealed class QueueConsumer(WorkerService worker, DeliveryService deliveries, WorkDeadline deadline, Func<IReadOnlyDictionary<ExchangeId, ExchangeTraffic>> traffic, ILogger<QueueConsumer> logger)
{
    /// <summary>Checks one message's batch; an error fails this message only.</summary>
    public async Task<Consumed> ConsumeAsync(QueueMessage message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Batch is not { } batch)
        {
            logger.LogError("Message {MessageId} is not a signal batch and goes back to the queue (then to the dead letters): {Reason}", message.Id, message.Unreadable);
            return new Consumed(null, Done: false);
        }

        try
        {
            if (deadline.Passed)
                return new Consumed(await worker.LeaveAsync(batch, ct), Done: false);

            var before = traffic();
            var report = await worker.ProcessAsync(batch, ct);
            logger.LogInformation(
                PipelineMetrics.Batch.Event,
                "Message {MessageId} of cycle {CycleId}, {Exchange}: {Checked} checked, {Expired} expired, {Fired} fired, {Notified} notified, {NotificationFailures} notification failures, " +
                "{NotChecked} not checked ({NotCheckedNoPrice} without a price, {NotCheckedNoHistory} without their history, {NotCheckedNoTime} for lack of time), {FallbackUses} prices from a fallback",
                message.Id, batch.CycleId, batch.Exchange.ToWire(), report.Checked, report.Expired, report.Fired, report.Notified, report.NotificationFailures,
                report.CheckFailures.Count, report.NotChecked(NotCheckedBecause.NoPrice), report.NotChecked(NotCheckedBecause.NoHistory), report.NotChecked(NotCheckedBecause.NoTime), report.FallbackUses);

            // The batch's fallbacks and candles may have asked other exchanges than its own: each one asked has its line.
            foreach (var (exchange, asked) in ExchangeTraffic.Since(before, traffic()).Where(t => t.Value.Requests > 0).OrderBy(t => t.Key))
            {
                logger.LogInformation(
                    PipelineMetrics.ExchangeRequests.Event,
                    "Message {MessageId}: {Requests} request(s) to {Exchange}, {RequestFailures} failed",
                    message.Id, asked.Requests, exchange.ToWire(), asked.Failures);
            }

            return new Consumed(report, Done: true);
        }
        catch (Exception e) when (!(e is OperationCanceledException && ct.IsCancellationRequested))
        {
            // Only the host stopping ends the run; anything else, a timeout included, fails this message alone.
            logger.LogError(e, "Message {MessageId} failed and goes back to the queue", message.Id);
            return new Consumed(null, Done: false);
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
