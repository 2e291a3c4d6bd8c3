using Microsoft.Extensions.Logging;
using TradingAlerts.Core.Signals;

namespace TradingAlerts.Core.Pipeline;

public sealed record ReaderOptions
{
    /// <summary>Alerts per batch (one queue message). 500 snapshots stay far below SQS's 1 MiB message size.</summary>
    public int MaxSignalsPerBatch { get; init; } = 500;

    /// <summary>
    /// Markets per batch: a Worker reads each one's alerts from the trigger book, a few small index reads a market, so a
    /// batch of 100 is a second or so of a Worker's time however many alerts the markets hold.
    /// </summary>
    public int MaxMarketsPerBatch { get; init; } = 100;
}

/// <param name="Sent">The alerts queued whole: those not in the trigger book yet (written by an earlier version).</param>
/// <param name="Markets">The markets queued, whose alerts the Workers read from the trigger book.</param>
public sealed record ReaderReport(int Sent, int Markets, int Batches);

/// <summary>
/// Queues the cycle's work in batches of one exchange: the markets that have armed alerts (a Worker prices each and reads
/// from the trigger book only the alerts its price reached), and, whole, the armed alerts not in the book yet. Each batch
/// looks back to where its exchange's alerts were last evaluated whole (or to the start of a gap since) and tells how
/// much the whole cycle queued (a fan-out cycle is complete when its batches done hold it all). It reads no alert of the
/// book and writes nothing (in the cloud it may only read the table): an alert past its expiry is retired by the Worker
/// that reads it.
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
        var markets = await store.ListMarketsAsync(ct).ToListAsync(ct);
        var unplaced = new List<SignalSnapshot>();
        await foreach (var signal in store.ListUnplacedAsync(ct))
            unplaced.Add(SignalSnapshot.From(signal));

        var covered = (await coverage.ListCoverageAsync(ct)).ToDictionary(c => c.Exchange);
        var size = unplaced.Count + markets.Count;
        var batches = Batch(cycleId, unplaced, options.MaxSignalsPerBatch).Concat(BatchMarkets(cycleId, markets, options.MaxMarketsPerBatch))
            .Select(b => covered.GetValueOrDefault(b.Exchange) is { } c
                ? b with { Since = c.GapSince ?? c.Through ?? since, SinceGap = c.GapSince is not null }
                : b.Signals.Count > 0 ? b with { Since = Earlier(since, b.Signals.Min(s => s.ArmedSince)) } : b with { Since = since, FirstLook = true })
            .Select(b => b with { CycleStart = startedAt, CycleAlerts = size })
            .ToList();
        await queue.EnqueueAsync(batches, ct);
        logger.LogInformation("Cycle {CycleId}: {Markets} markets and {Sent} alerts not in the trigger book in {Batches} batches", cycleId, markets.Count, unplaced.Count, batches.Count);
        return new ReaderReport(unplaced.Count, markets.Count, batches.Count);
    }

    /// <summary>One exchange per batch, in symbol order, so a batch needs as few price requests as possible.</summary>
    public static IReadOnlyList<SignalBatch> BatchMarkets(string cycleId, IEnumerable<Market> markets, int maxPerBatch) =>
        ByExchange(markets, m => m.Exchange, g => g.OrderBy(m => m.Symbol, StringComparer.Ordinal), maxPerBatch, (exchange, chunk) => new SignalBatch(cycleId, exchange, []) { Markets = chunk });

    private static DateTimeOffset? Earlier(DateTimeOffset? since, DateTimeOffset armed) => since is { } s && s < armed ? s : armed;

    /// <summary>One exchange per batch, symbols kept together, so a batch needs as few price requests as possible.</summary>
    public static IReadOnlyList<SignalBatch> Batch(string cycleId, IEnumerable<SignalSnapshot> signals, int maxPerBatch) =>
        ByExchange(signals, s => s.Exchange, g => g.OrderBy(s => s.Symbol, StringComparer.Ordinal).ThenBy(s => s.Id, StringComparer.Ordinal), maxPerBatch, (exchange, chunk) => new SignalBatch(cycleId, exchange, chunk));

    /// <summary>The batching rule of both kinds: exchanges in order, each one's items in the given order, at most <paramref name="maxPerBatch"/> a batch.</summary>
    private static IReadOnlyList<SignalBatch> ByExchange<T>(
        IEnumerable<T> items, Func<T, ExchangeId> exchangeOf, Func<IEnumerable<T>, IEnumerable<T>> order, int maxPerBatch, Func<ExchangeId, T[], SignalBatch> batch) =>
        items
            .GroupBy(exchangeOf)
            .OrderBy(g => g.Key)
            .SelectMany(g => order(g).Chunk(maxPerBatch).Select(chunk => batch(g.Key, chunk)))
            .ToList();
}
