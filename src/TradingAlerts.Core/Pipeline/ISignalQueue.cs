namespace TradingAlerts.Core.Pipeline;

/// <summary>Where the Reader puts batches for the Workers: the in-process queue locally, SQS in the cloud.</summary>
public interface ISignalQueue
{
    Task EnqueueAsync(IReadOnlyList<SignalBatch> batches, CancellationToken ct);
}

/// <summary>A batch taken from the queue, or why its message could not be read; acknowledged once processed.</summary>
public sealed record ReceivedBatch(string MessageId, SignalBatch? Batch, string? Error, Func<CancellationToken, Task> AcknowledgeAsync);

/// <summary>
/// The Worker side of a queue, for the in-process cycle: every batch waiting now. A batch that is not acknowledged (its
/// processing failed) stays on a durable queue and comes back later; the in-process queue simply drops it.
/// </summary>
public interface ISignalQueueReader
{
    IAsyncEnumerable<ReceivedBatch> DrainAsync(CancellationToken ct);
}
