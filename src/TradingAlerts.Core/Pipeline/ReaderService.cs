using Microsoft.Extensions.Logging;
using TradingAlerts.Core.Signals;

namespace TradingAlerts.Core.Pipeline;

public sealed record ReaderOptions
{
    /// <summary>Alerts per batch (one queue message). 500 snapshots stay far below SQS's 1 MiB message size.</summary>
    public int MaxSignalsPerBatch { get; init; } = 500;
}

public sealed record ReaderReport(int Armed, int Batches);

/// <summary>
/// Reads the armed alerts and queues them in batches of one exchange, sorted by symbol, each looking back to where its
/// exchange's alerts were last evaluated whole (or to the start of a gap since), and telling how many alerts the whole
/// cycle queued (a fan-out cycle is complete when its batches done hold them all). It writes nothing (in the cloud it may
/// only read the table): an alert past its expiry is retired by the Worker that receives it.
/// </summary>
public sealed class ReaderService(ISignalStore store, ICoverageStore coverage, ISignalQueue queue, ReaderOptions options, ILogger<ReaderService> logger)
{
    /// <param name="startedAt">When the cycle started (the schedule's time in the cloud).</param>
    /// <param name="since">
    /// When the previous check started, if known. An exchange with no coverage yet (a new store, or its first alerts)
    /// looks back to it, or to when its earliest alert armed if that is earlier: the Reader may not have run since
    /// (down, or not yet scheduled), and a crossing after an alert armed was not told, however long ago.
    /// </param>
    public async Task<ReaderReport> RunAsync(string cycleId, DateTimeOffset startedAt, DateTimeOffset? since, CancellationToken ct)
    {
        var armed = new List<SignalSnapshot>();
        await foreach (var signal in store.ListArmedAsync(ct))
            armed.Add(SignalSnapshot.From(signal));

        var covered = (await coverage.ListCoverageAsync(ct)).ToDictionary(c => c.Exchange);
        var batches = Batch(cycleId, armed, options.MaxSignalsPerBatch).Select(b => covered.GetValueOrDefault(b.Exchange) is { } c
                ? b with { Since = c.GapSince ?? c.Through ?? since, SinceGap = c.GapSince is not null, CycleStart = startedAt, CycleAlerts = armed.Count }
                : b with { Since = Earlier(since, b.Signals.Min(s => s.ArmedSince)), CycleStart = startedAt, CycleAlerts = armed.Count })
            .ToList();
        await queue.EnqueueAsync(batches, ct);
        logger.LogInformation("Cycle {CycleId}: {Armed} armed alerts in {Batches} batches", cycleId, armed.Count, batches.Count);
        return new ReaderReport(armed.Count, batches.Count);
    }

    private static DateTimeOffset? Earlier(DateTimeOffset? since, DateTimeOffset armed) => since is { } s && s < armed ? s : armed;

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
