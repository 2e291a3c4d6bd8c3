using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace TradingAlerts.Core.Pipeline;

/// <summary>The local mode's queue: batches stay in this process.</summary>
public sealed class InProcessSignalQueue : ISignalQueue, ISignalQueueReader
{
    private static readonly Func<CancellationToken, Task> NothingToAcknowledge = _ => Task.CompletedTask;
    private readonly Channel<SignalBatch> channel = Channel.CreateUnbounded<SignalBatch>(new() { SingleReader = true });
    private long received;

    public async Task EnqueueAsync(IReadOnlyList<SignalBatch> batches, CancellationToken ct)
    {
        foreach (var batch in batches)
            await channel.Writer.WriteAsync(batch, ct);
    }

    public bool TryDequeue(out SignalBatch batch) => channel.Reader.TryRead(out batch!);

    public async IAsyncEnumerable<ReceivedBatch> DrainAsync([EnumeratorCancellation] CancellationToken ct)
    {
        while (TryDequeue(out var batch))
        {
            ct.ThrowIfCancellationRequested();
            yield return new ReceivedBatch($"local-{Interlocked.Increment(ref received)}", batch, null, NothingToAcknowledge);
        }

        await Task.CompletedTask;
    }
}
