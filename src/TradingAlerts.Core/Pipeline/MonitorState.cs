namespace TradingAlerts.Core.Pipeline;

/// <summary>
/// The monitor loop's own view of itself, for a reader in the same process (the web UI beside <c>run</c>): whether a
/// cycle is running, the last one's report and when the next one starts. The cycle log says the same a cycle later and
/// across processes; this is what the loop knows now.
/// </summary>
/// <remarks>
/// Written by the loop, read by any thread: each change swaps one immutable <see cref="MonitorSnapshot{TReport}"/>,
/// so a reader never sees a next-cycle time from one cycle and a report from another.
/// </remarks>
public sealed class MonitorState<TReport>(TimeProvider clock)
    where TReport : class
{
    private volatile MonitorSnapshot<TReport> current = new(false, null, null);

    public MonitorSnapshot<TReport> Current => current;

    /// <summary>How long until the next cycle starts (zero when it is due); null while one runs or before the first.</summary>
    public TimeSpan? UntilNextCycle =>
        current is { Running: false, NextCycleAt: { } next } ? Max(next - clock.GetUtcNow(), TimeSpan.Zero) : null;

    public void CycleStarting() => current = current with { Running = true, NextCycleAt = null };

    /// <param name="report">Null when the cycle failed: the last report that came is kept.</param>
    public void CycleEnded(TReport? report, TimeSpan untilNext) =>
        current = new MonitorSnapshot<TReport>(false, report ?? current.LastReport, clock.GetUtcNow() + Max(untilNext, TimeSpan.Zero));

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}

/// <param name="LastReport">The newest cycle's report from this loop; null before its first.</param>
/// <param name="NextCycleAt">When the loop starts its next cycle; null while one runs.</param>
public sealed record MonitorSnapshot<TReport>(bool Running, TReport? LastReport, DateTimeOffset? NextCycleAt)
    where TReport : class;
