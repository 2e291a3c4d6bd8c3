using TradingAlerts.Core.Pipeline;

namespace TradingAlerts.Core.Signals;

/// <summary>What one check of a watched alert at its last price calls for, before any history is read.</summary>
public enum CheckStep
{
    /// <summary>Nothing: the price is not where it fires or arms, and its levels are too far for a wick to be looked for.</summary>
    None,

    /// <summary>A waiting alert arms (<see cref="CheckDecision.Armed"/> says how).</summary>
    Arm,

    /// <summary>The last price fires it.</summary>
    Fire,

    /// <summary>A percent move: the price a window ago decides (<see cref="Conditions.MoveFires"/>).</summary>
    MeasureMove,

    /// <summary>Near its levels: the candles since the previous check may hold a wick that touched one (<see cref="CheckDecision.NearTriggers"/>).</summary>
    LookForWicks,
}

/// <param name="Armed">For <see cref="CheckStep.Arm"/>: the state it arms into (its arming time is the price's).</param>
/// <param name="NearTriggers">For <see cref="CheckStep.LookForWicks"/>: the levels near the price.</param>
public sealed record CheckDecision(CheckStep Step, SignalState? Armed = null, IReadOnlyList<Trigger>? NearTriggers = null)
{
    public static readonly CheckDecision None = new(CheckStep.None);
}

/// <summary>
/// The one rule path of a check, on prices alone: what the live Worker does with an alert at each cycle, and what a
/// backtest does at each minute of the candles. The Worker adds the reads and writes around it (the price, the candles,
/// the claim); a backtest reads the same prices from the candles.
/// </summary>
public static class SignalCheck
{
    /// <summary>
    /// A watched alert at <paramref name="price"/>, checked at <paramref name="now"/>: a waiting one may arm; a pending
    /// one fires, needs the price a window ago (a percent move), or is near enough a level (<paramref name="isNear"/>,
    /// of the level and the price) for its candles to be looked at.
    /// </summary>
    public static CheckDecision Decide(SignalSnapshot signal, decimal price, DateTimeOffset now, Func<decimal, decimal, bool> isNear)
    {
        ArgumentNullException.ThrowIfNull(signal);
        ArgumentNullException.ThrowIfNull(isNear);
        if (signal.Status == SignalStatus.Waiting)
            return Conditions.Arms(signal, price, now) is { } next ? new CheckDecision(CheckStep.Arm, Armed: next) : CheckDecision.None;
        if (signal.Condition == Condition.PctMove)
            return new CheckDecision(CheckStep.MeasureMove);
        if (Conditions.Fires(signal, price))
            return new CheckDecision(CheckStep.Fire);

        var near = Conditions.TriggersOf(signal).Where(t => isNear(t.Level, price)).ToList();
        return near.Count > 0 ? new CheckDecision(CheckStep.LookForWicks, NearTriggers: near) : CheckDecision.None;
    }

    /// <summary>
    /// Whether an expired alert still has a last stretch to look at in the candles: it was
    /// pending, armed before it expired, and the previous check (<paramref name="since"/>) came before its expiry. A
    /// percent move is judged at checks only. All its levels count, near the last price or not.
    /// </summary>
    public static bool LooksAtLastStretch(SignalSnapshot signal, DateTimeOffset? since)
    {
        ArgumentNullException.ThrowIfNull(signal);
        return signal.Status == SignalStatus.Pending && signal.Condition != Condition.PctMove && signal.ArmedSince < signal.ExpiresAt && !(since >= signal.ExpiresAt);
    }

    /// <summary>The extreme of a candle span (its high, or its low) that touched one of <paramref name="triggers"/>, the first in order; null if none.</summary>
    public static decimal? Touched(IReadOnlyList<Trigger> triggers, decimal high, decimal low)
    {
        ArgumentNullException.ThrowIfNull(triggers);
        foreach (var trigger in triggers)
        {
            var extreme = trigger.Direction == Condition.Above ? high : low;
            if (trigger.Direction.IsMetBy(extreme, trigger.Level))
                return extreme;
        }

        return null;
    }

    /// <summary>
    /// Where a firing at <paramref name="now"/> leaves the alert, before flap protection: as <see cref="Conditions.AfterFiring"/>
    /// says, except that an alert fired after it expired (from its last stretch, or while its batch was checked) expires
    /// with this firing, unless the firing finished it.
    /// </summary>
    public static SignalState AfterFiring(SignalSnapshot signal, decimal price, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(signal);
        var next = Conditions.AfterFiring(signal, price);
        return signal.ExpiresAt <= now && next.Status == SignalStatus.Waiting ? next with { Status = SignalStatus.Expired } : next;
    }

    /// <summary>
    /// Flap protection: whether a firing at <paramref name="now"/> makes <see cref="WorkerOptions.FlapLimit"/> within
    /// <see cref="WorkerOptions.FlapWindow"/>, counting the times it fired before (<paramref name="firedAt"/>, one per
    /// firing however many channels it sent to) since it was created.
    /// </summary>
    public static bool FiresTooOften(SignalSnapshot signal, IEnumerable<DateTimeOffset> firedAt, DateTimeOffset now, WorkerOptions options)
    {
        ArgumentNullException.ThrowIfNull(signal);
        ArgumentNullException.ThrowIfNull(options);

        // Only this alert's own firings, not those of an alert that had its id before (the history of a removed alert is kept).
        var since = now - options.FlapWindow > signal.CreatedAt ? now - options.FlapWindow : signal.CreatedAt;
        return firedAt.Where(t => t > since).Distinct().Count() + 1 >= options.FlapLimit;
    }
}
