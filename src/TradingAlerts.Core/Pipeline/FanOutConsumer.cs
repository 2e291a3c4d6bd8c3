using Microsoft.Extensions.Logging;
using TradingAlerts.Core.Prices;
using TradingAlerts.Core.Signals;

namespace TradingAlerts.Core.Pipeline;

/// <summary>
/// The fan-out Worker's consumer: each message consumed as <see cref="QueueConsumer"/> consumes it, then its batch's
/// outcome kept for the cycle watch (<see cref="FanOutWatch"/>), with the exchanges' health as this instance saw it. A
/// batch done whose outcome could not be kept is not done: its message comes back, and the redelivery (which finds its
/// claims and sends nothing twice) keeps it. A batch from a Reader that did not tell its cycle's size keeps none.
/// </summary>
/// <param name="traffic">The requests that reached each exchange so far (retries included), read before and after a batch.</param>
public sealed class FanOutConsumer(
    QueueConsumer consumer,
    IBatchOutcomeLog outcomes,
    CyclePrices prices,
    Func<IReadOnlyDictionary<ExchangeId, ExchangeTraffic>> traffic,
    TimeProvider clock,
    ILogger<FanOutConsumer> logger)
{
    public async Task<Consumed> ConsumeAsync(QueueMessage message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        var before = traffic();
        var consumed = await consumer.ConsumeAsync(message, ct);
        if (message.Batch is not { CycleStart: { } cycleStart, CycleAlerts: { } cycleAlerts } batch)
            return consumed;

        try
        {
            var made = ExchangeTraffic.Since(before, traffic()).ToDictionary(t => t.Key, t => t.Value.Requests);
            await outcomes.RecordOutcomeAsync(BatchOutcome.Of(batch, cycleStart, cycleAlerts, consumed.Report, consumed.Done, clock.GetUtcNow(), made, prices.Health()), ct);
            return consumed;
        }
        catch (Exception e) when (!(e is OperationCanceledException && ct.IsCancellationRequested))
        {
            logger.LogError(e, "The outcome of message {MessageId} (cycle {CycleId}) could not be kept for the operator watch; the message goes back to the queue", message.Id, batch.CycleId);
            return consumed with { Done = false };
        }
    }

    /// <inheritdoc cref="QueueConsumer.RetryDueAsync"/>
    public Task RetryDueAsync(CancellationToken ct) => consumer.RetryDueAsync(ct);
}
