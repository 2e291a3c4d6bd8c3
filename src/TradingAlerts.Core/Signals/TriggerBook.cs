using TradingAlerts.Core.Pipeline;

namespace TradingAlerts.Core.Signals;

/// <summary>One exchange's symbol, and the pair it prices: what a cycle asks one price for.</summary>
public sealed record Market(ExchangeId Exchange, string Symbol, string Base, string Quote)
{
    public static Market Of(Signal signal)
    {
        ArgumentNullException.ThrowIfNull(signal);
        return new(signal.Exchange, signal.Symbol, signal.Base, signal.Quote);
    }
}

/// <summary>
/// Where an armed alert waits in the trigger book, as a stop order waits in an exchange's: it can act only once the
/// price rises to <see cref="RisesTo"/> or falls to <see cref="FallsTo"/>, once its market moves by its
/// <see cref="Move"/>, or at <see cref="DueAt"/> whatever the price. All null: nothing can make it act (it is not armed).
/// </summary>
public readonly record struct BookPlace(decimal? RisesTo, decimal? FallsTo, DateTimeOffset? DueAt)
{
    public static readonly BookPlace None;

    /// <summary>A pending percent move's place: it has no level, only the move it waits for. Null for every other alert.</summary>
    public MovePlace? Move { get; init; }
}

/// <summary>
/// The percent moves of one market that a check measures alike: over the same <see cref="Window"/>, in the same
/// <see cref="Direction"/> (a check measures each group's move once, from the price a window ago).
/// </summary>
public sealed record MoveGroup(TimeSpan Window, MoveDirection Direction);

/// <summary>A pending percent move in the book: its group, and the move in percent at which it fires.</summary>
public readonly record struct MovePlace(MoveGroup Group, decimal Percent);

/// <summary>
/// What one check at one price reaches in the book: the levels up to <see cref="RisesUpTo"/> from below, down to
/// <see cref="FallsDownTo"/> from above, and what is due by <see cref="DueBy"/>.
/// </summary>
public sealed record BookWindow(decimal RisesUpTo, decimal FallsDownTo, DateTimeOffset DueBy)
{
    private static readonly Dictionary<MoveGroup, decimal> NoMoves = [];

    /// <summary>
    /// For each percent-move group of the market, the largest percent the check reaches (<see cref="MoveUpTo"/>). A
    /// group not named is not reached.
    /// </summary>
    public IReadOnlyDictionary<MoveGroup, decimal> MovesUpTo { get; init; } = NoMoves;

    /// <summary>
    /// A check at <paramref name="price"/> that also looks for wicks within <paramref name="band"/> (a fraction, the
    /// Worker's wick band) of it: every alert it could fire, arm, look up in the candles or expire by
    /// <paramref name="dueBy"/> is in this window (<see cref="TriggerBook"/> says why).
    /// </summary>
    public static BookWindow Around(decimal price, decimal band, DateTimeOffset dueBy) => new(price * (1m + band), price * (1m - band), dueBy);

    /// <summary>Every armed alert of a market whose percent moves are in <paramref name="moves"/>: what a check without a price reads, so that each is told as not checked.</summary>
    public static BookWindow Everything(IEnumerable<MoveGroup> moves) =>
        new(decimal.MaxValue, decimal.MinValue, DateTimeOffset.MaxValue) { MovesUpTo = moves.Distinct().ToDictionary(g => g, _ => decimal.MaxValue) };

    /// <summary>
    /// How far a check at <paramref name="price"/> reaches into a percent-move group: the move it made from
    /// <paramref name="reference"/>, the price a window ago (none, if no move can be measured from it); everything when
    /// the reference is unknown, so that each is read and told as not checked.
    /// </summary>
    public static decimal MoveUpTo(MoveGroup group, decimal price, decimal? reference)
    {
        ArgumentNullException.ThrowIfNull(group);
        return reference is { } known ? Conditions.MoveMade(group.Direction, price, known) ?? decimal.MinValue : decimal.MaxValue;
    }

    public bool Reaches(BookPlace place) =>
        place.RisesTo <= RisesUpTo || place.FallsTo >= FallsDownTo || place.DueAt <= DueBy ||
        (place.Move is { } move && MovesUpTo.TryGetValue(move.Group, out var upTo) && move.Percent <= upTo);
}

/// <summary>What a check of one market reads of its trigger book: the window its price reaches.</summary>
public sealed record MarketWindow(Market Market, BookWindow Window);

/// <summary>The armed alerts of one market whose places its window reached, read whole.</summary>
public sealed record MarketReached(Market Market, IReadOnlyList<Signal> Signals);

/// <summary>
/// The trigger book: each armed alert indexed by the levels at which a check can make it do something, so that a cycle
/// reads only the alerts the price reached, not every armed one. A place is a superset of <see cref="SignalCheck.Decide"/>
/// and of expiry: an alert whose place a check's <see cref="BookWindow"/> does not reach would neither fire, arm, need its
/// candles nor expire at that check (a property test holds the two to it). The stores keep the place beside the alert
/// and change it with every write.
/// </summary>
public static class TriggerBook
{
    public static BookPlace PlaceOf(Signal signal)
    {
        ArgumentNullException.ThrowIfNull(signal);
        return signal.IsArmed ? PlaceOf(SignalSnapshot.From(signal)) : BookPlace.None;
    }

    /// <summary>The place of an alert after a move or a claim to <paramref name="next"/> (fired at <paramref name="firedAt"/>, for a claim).</summary>
    public static BookPlace PlaceAfter(SignalSnapshot snapshot, SignalState next, DateTimeOffset? firedAt = null)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(next);
        return PlaceOf(snapshot with { Status = next.Status, Side = next.Side, ArmedAt = next.ArmedAt, TriggeredAt = firedAt ?? snapshot.TriggeredAt });
    }

    /// <summary>The place of an active alert in the state the snapshot tells.</summary>
    public static BookPlace PlaceOf(SignalSnapshot signal)
    {
        ArgumentNullException.ThrowIfNull(signal);
        return signal.Status switch
        {
            SignalStatus.Pending => Pending(signal),
            SignalStatus.Waiting => Waiting(signal),
            _ => BookPlace.None,
        };
    }

    /// <summary>
    /// A pending alert fires when the price reaches a level of <see cref="Conditions.TriggersOf"/> (or a wick near it
    /// did), and expires at its expiry. A percent move compares with the price a window ago, which no level tells: it
    /// waits in its group for a move of its percent (<see cref="Conditions.MoveFires"/>).
    /// </summary>
    private static BookPlace Pending(SignalSnapshot signal)
    {
        if (signal.Condition == Condition.PctMove)
            return new(null, null, signal.ExpiresAt) { Move = new(new(signal.Rule.Window!.Value, signal.Rule.Direction), signal.Rule.MovePercent!.Value) };

        var triggers = Conditions.TriggersOf(signal);
        return new(
            triggers.Where(t => t.Direction == Condition.Above).Select(t => (decimal?)t.Level).Min(),
            triggers.Where(t => t.Direction == Condition.Below).Select(t => (decimal?)t.Level).Max(),
            signal.ExpiresAt);
    }

    /// <summary>
    /// A waiting alert arms on the side <see cref="Conditions.Arms"/> names, at the level where the hysteresis band
    /// ends; its cooldown is judged by the check (a level place is a superset of it). A channel arms only inside its
    /// band, so never below the lower edge: that edge is its place. A percent move arms when its cooldown ends.
    /// </summary>
    private static BookPlace Waiting(SignalSnapshot signal)
    {
        var rearming = signal.TriggeredAt is not null && !(signal.Condition.IsCrossing() && signal.Side is null);
        var expiry = signal.ExpiresAt;
        if (rearming && signal.Rule.Frequency != Frequency.Rearm)
            return new(null, null, expiry);

        var h = rearming ? signal.Rule.HysteresisPercent / 100m : 0m;
        return signal.Condition switch
        {
            Condition.Above or Condition.CrossesUp => new(null, signal.TargetPrice!.Value * (1m - h), expiry),
            Condition.Below or Condition.CrossesDown => new(signal.TargetPrice!.Value * (1m + h), null, expiry),
            Condition.Crosses => new(
                signal.Side != PriceSide.Below ? signal.TargetPrice!.Value * (1m + h) : null,
                signal.Side != PriceSide.Above ? signal.TargetPrice!.Value * (1m - h) : null,
                expiry),
            Condition.ChannelExit => new(signal.Rule.Low!.Value * (1m + h), null, expiry),
            _ => new(null, null, Earlier(rearming ? signal.TriggeredAt!.Value + signal.Rule.Cooldown : signal.ArmedSince, expiry)),
        };
    }

    private static DateTimeOffset Earlier(DateTimeOffset due, DateTimeOffset? expiry) => expiry is { } e && e < due ? e : due;
}
