using TradingAlerts.Core.Pipeline;

namespace TradingAlerts.Core.Signals;

/// <summary>A price level and the direction that reaches it: what a check (or a wick in the candles) must touch.</summary>
public readonly record struct Trigger(Condition Direction, decimal Level);

/// <summary>
/// The rules of every condition, on prices alone (no I/O): when a pending alert fires, which side it is on afterwards,
/// and when a waiting alert arms (again). Equality fires: a price that touches the level counts as having reached it.
/// </summary>
public static class Conditions
{
    /// <summary>Whether a price satisfies a level condition (<c>above</c> or <c>below</c>).</summary>
    public static bool IsMetBy(this Condition condition, decimal price, decimal target) => condition switch
    {
        Condition.Above => price >= target,
        Condition.Below => price <= target,
        _ => throw new ArgumentOutOfRangeException(nameof(condition), condition, "only above and below compare a price with a level"),
    };

    public static bool IsCrossing(this Condition condition) =>
        condition is Condition.CrossesUp or Condition.CrossesDown or Condition.Crosses;

    /// <summary>
    /// The levels a pending alert fires at and the direction that reaches each: one for the level and crossing
    /// conditions, both bounds for a band. None for <c>pct_move</c> (it compares with the price a window ago), and for a
    /// crossing not yet armed on a side.
    /// </summary>
    public static IReadOnlyList<Trigger> TriggersOf(SignalSnapshot signal) => signal.Condition switch
    {
        Condition.Above or Condition.CrossesUp => [new(Condition.Above, signal.TargetPrice!.Value)],
        Condition.Below or Condition.CrossesDown => [new(Condition.Below, signal.TargetPrice!.Value)],
        Condition.Crosses => signal.Side switch
        {
            PriceSide.Below => [new(Condition.Above, signal.TargetPrice!.Value)],
            PriceSide.Above => [new(Condition.Below, signal.TargetPrice!.Value)],
            _ => [],
        },
        Condition.ChannelExit => [new(Condition.Below, signal.Rule.Low!.Value), new(Condition.Above, signal.Rule.High!.Value)],
        _ => [],
    };

    /// <summary>
    /// Whether a pending alert fires at <paramref name="price"/> (the last price, or a wick's high or low); never for
    /// <c>pct_move</c>, which <see cref="MoveFires"/> decides.
    /// </summary>
    public static bool Fires(SignalSnapshot signal, decimal price) =>
        TriggersOf(signal).Any(trigger => trigger.Direction.IsMetBy(price, trigger.Level));

    /// <summary>Whether a pending <c>pct_move</c> alert fires: the change from <paramref name="reference"/> to <paramref name="price"/>.</summary>
    public static bool MoveFires(SignalSnapshot signal, decimal price, decimal reference) =>
        MoveMade(signal.Rule.Direction, price, reference) >= signal.Rule.MovePercent!.Value;

    /// <summary>
    /// The move in <paramref name="direction"/>, in percent, that the change from <paramref name="reference"/> to
    /// <paramref name="price"/> makes: a percent move of that direction fires when its percent is at most this. Null when
    /// there is no reference price to measure from (none fires).
    /// </summary>
    public static decimal? MoveMade(MoveDirection direction, decimal price, decimal reference)
    {
        if (reference <= 0m)
            return null;

        var change = (price - reference) / reference * 100m;
        return direction switch
        {
            MoveDirection.Up => change,
            MoveDirection.Down => -change,
            _ => Math.Abs(change),
        };
    }

    /// <summary>
    /// Where a firing leaves the alert: <c>once</c> → triggered; <c>rearm</c> → waiting. A crossing remembers the side
    /// the price crossed to.
    /// </summary>
    public static SignalState AfterFiring(SignalSnapshot signal, decimal price)
    {
        var status = signal.Rule.Frequency == Frequency.Once ? SignalStatus.Triggered : SignalStatus.Waiting;
        var side = signal.Condition.IsCrossing() && signal.TargetPrice is { } target
            ? (price >= target ? PriceSide.Above : PriceSide.Below)
            : (PriceSide?)null;
        return new SignalState(status, side);
    }

    /// <summary>
    /// Whether a waiting alert arms at <paramref name="price"/>, and on which side. A crossing alert not yet armed arms as
    /// soon as the price is seen strictly on the arming side. After a firing (<c>rearm</c>), the cooldown must have passed
    /// and the price must have come back by the hysteresis band: below target × (1 − h) for <c>above</c>/<c>crosses_up</c>,
    /// above target × (1 + h) for <c>below</c>/<c>crosses_down</c>, inside [low × (1 + h), high × (1 − h)] for
    /// <c>channel_exit</c>, h beyond the target on the side it crossed to for <c>crosses</c> (its next firing is the
    /// crossing back); <c>pct_move</c> needs the cooldown only.
    /// </summary>
    public static SignalState? Arms(SignalSnapshot signal, decimal price, DateTimeOffset now)
    {
        // A crossing alert without a side has not fired since it was created or edited (a firing always leaves it on the
        // side it crossed to): its arming starts over, without cooldown or band, whatever its history says.
        var rearming = signal.TriggeredAt is not null && !(signal.Condition.IsCrossing() && signal.Side is null);
        if (rearming && (signal.Rule.Frequency != Frequency.Rearm || now < signal.TriggeredAt + signal.Rule.Cooldown))
            return null;

        var h = rearming ? signal.Rule.HysteresisPercent / 100m : 0m;
        var pending = new SignalState(SignalStatus.Pending);
        switch (signal.Condition)
        {
            case Condition.Above or Condition.CrossesUp:
                return price < signal.TargetPrice!.Value * (1m - h) ? pending with { Side = Side(signal, PriceSide.Below) } : null;
            case Condition.Below or Condition.CrossesDown:
                return price > signal.TargetPrice!.Value * (1m + h) ? pending with { Side = Side(signal, PriceSide.Above) } : null;
            case Condition.Crosses:
                var target = signal.TargetPrice!.Value;
                if (price > target * (1m + h) && signal.Side != PriceSide.Below)
                    return pending with { Side = PriceSide.Above };
                if (price < target * (1m - h) && signal.Side != PriceSide.Above)
                    return pending with { Side = PriceSide.Below };
                return null;
            case Condition.ChannelExit:
                return price >= signal.Rule.Low!.Value * (1m + h) && price <= signal.Rule.High!.Value * (1m - h) ? pending : null;
            default:
                return pending;
        }
    }

    /// <summary>Which side a newly created alert waits on: crossings wait to see the price on their arming side first.</summary>
    public static SignalStatus InitialStatus(Condition condition) => condition.IsCrossing() ? SignalStatus.Waiting : SignalStatus.Pending;

    private static PriceSide? Side(SignalSnapshot signal, PriceSide side) => signal.Condition.IsCrossing() ? side : null;
}
