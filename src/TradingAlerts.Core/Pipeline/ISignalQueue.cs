namespace TradingAlerts.Core.Pipeline;

/// <summary>Where the Reader puts batches for the Workers: an in-process channel locally, SQS in the cloud.</summary>
public interface ISignalQueue
{
    Task EnqueueAsync(IReadOnlyList<SignalBatch> batches, CancellationToken ct);
}
