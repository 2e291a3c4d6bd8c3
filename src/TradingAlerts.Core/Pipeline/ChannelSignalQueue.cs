using System.Threading.Channels;

namespace TradingAlerts.Core.Pipeline;

/// <summary>The local mode's queue: batches stay in this process.</summary>
public sealed class ChannelSignalQueue : ISignalQueue
{
    private readonly Channel<SignalBatch> channel = Channel.CreateUnbounded<SignalBatch>(new() { SingleReader = true });

    public async Task EnqueueAsync(IReadOnlyList<SignalBatch> batches, CancellationToken ct)
    {
        foreach (var batch in batches)
            await channel.Writer.WriteAsync(batch, ct);
    }

    public bool TryDequeue(out SignalBatch batch) => channel.Reader.TryRead(out batch!);
}
