using Microsoft.Extensions.Logging;
using TradingAlerts.Core.Signals;

namespace TradingAlerts.Core.Pipeline;

public sealed record ReaderOptions
{
    /// <summary>Alerts per batch (one queue message). 500 snapshots stay far below SQS's 1 MiB message size.</summary>
    public int MaxSignalsPerBatch { get; init; } = 500;
}

public sealed record ReaderReport(int Armed, int Expired, int Batches);

/// <summary>Reads the armed alerts, retires the expired ones, and queues the rest in batches of one exchange, sorted by symbol.</summary>
public sealed class ReaderService(ISignalStore store, ISignalQueue queue, TimeProvider clock, ReaderOptions options, ILogger<ReaderService> logger)
{
    /// <param name="since">When the previous check started, if known: the Workers look for crossings since then.</param>
    public async Task<ReaderReport> RunAsync(string cycleId, DateTimeOffset? since, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var armed = new List<SignalSnapshot>();
        var expired = 0;
        await foreach (var signal in store.ListArmedAsync(ct))
        {
            if (signal.ExpiresAt <= now)
            {
                if (await store.UpdateAsync(signal with { Status = SignalStatus.Expired }, ct))
                {
                    expired++;
                    logger.LogInformation("{SignalId} expired at {ExpiresAt}", signal.Id, signal.ExpiresAt);
                }

                continue;
            }

            armed.Add(SignalSnapshot.From(signal));
        }

        var batches = Batch(cycleId, armed, options.MaxSignalsPerBatch).Select(b => b with { Since = since }).ToList();
        await queue.EnqueueAsync(batches, ct);
        logger.LogInformation("Cycle {CycleId}: {Armed} armed alerts in {Batches} batches, {Expired} expired", cycleId, armed.Count, batches.Count, expired);
        return new ReaderReport(armed.Count, expired, batches.Count);
    }

    /// <summary>One exchange per batch, symbols kept together, so a batch needs as few price requests as possible.</summary>
    public static IReadOnlyList<SignalBatch> Batch(string cycleId, IEnumerable<SignalSnapshot> signals, int maxPerBatch) =>
        signals
            .GroupBy(s => s.Exchange)
            .OrderBy(g => g.Key)
            .SelectMany(g => g
                .OrderBy(s => s.Symbol, StringComparer.Ordinal)
                .ThenBy(s => s.Id, StringComparer.Ordinal)
                .Chunk(maxPerBatch)
                .Select(chunk => new SignalBatch(cycleId, g.Key, chunk)))
            .ToList();
}
