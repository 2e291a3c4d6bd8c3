using TradingAlerts.Core.Signals;

namespace TradingAlerts.Core.Pipeline;

/// <summary>
/// How far one exchange's alerts have been looked at, so that a span nobody could look at is looked at later.
/// </summary>
/// <param name="Through">The start of the latest cycle in which a batch of its alerts was evaluated whole.</param>
/// <param name="GapSince">
/// Where a span begins that a batch could not evaluate whole (the exchange, its candles or a fallback did not answer);
/// the batches after it look back to here until one of a later cycle evaluates whole. Null when there is no gap.
/// </param>
/// <param name="GapCycle">The start of the latest cycle whose batch left the gap open: only a later cycle closes it.</param>
public sealed record ExchangeCoverage(ExchangeId Exchange, DateTimeOffset? Through, DateTimeOffset? GapSince, DateTimeOffset? GapCycle)
{
    /// <summary>None yet: no batch of the exchange has ended.</summary>
    public static ExchangeCoverage None(ExchangeId exchange) => new(exchange, null, null, null);

    /// <summary>
    /// After a batch of the cycle that started at <paramref name="cycle"/> evaluated all its alerts: Through moves on to
    /// the cycle (never back, for a batch that ends late). A gap closes only for a batch that was sent to look back to
    /// it (<paramref name="gapSince"/>, or earlier) and is of a later cycle than every batch that left it open: another
    /// batch of the same cycle, with other alerts, may have failed.
    /// </summary>
    public ExchangeCoverage Covered(DateTimeOffset cycle, DateTimeOffset? gapSince)
    {
        var through = Through > cycle ? Through : cycle;
        return gapSince is { } since && GapSince >= since && GapCycle < cycle
            ? this with { Through = through, GapSince = null, GapCycle = null }
            : this with { Through = through };
    }

    /// <summary>After a batch of that cycle could not evaluate some alerts since <paramref name="since"/>: the gap reaches back to the earlier start, and belongs to the later cycle.</summary>
    public ExchangeCoverage Gapped(DateTimeOffset cycle, DateTimeOffset since) =>
        this with { GapSince = GapSince < since ? GapSince : since, GapCycle = GapCycle > cycle ? GapCycle : cycle };
}

/// <summary>
/// The exchanges' coverage: one item per exchange, read once per cycle by the Reader; written by a batch when it ends
/// (the cost is per batch, not per alert).
/// </summary>
public interface ICoverageStore
{
    Task<IReadOnlyList<ExchangeCoverage>> ListCoverageAsync(CancellationToken ct);

    /// <summary>
    /// Applies <paramref name="change"/> (<see cref="ExchangeCoverage.Covered"/> or <see cref="ExchangeCoverage.Gapped"/>)
    /// to the exchange's coverage (<see cref="ExchangeCoverage.None"/> when it has none) atomically: concurrent batches
    /// never lose each other's change.
    /// </summary>
    Task UpdateCoverageAsync(ExchangeId exchange, Func<ExchangeCoverage, ExchangeCoverage> change, CancellationToken ct);
}
