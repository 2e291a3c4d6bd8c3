using TradingAlerts.Core.Signals;

namespace TradingAlerts.Core.Pipeline;

/// <summary>What the Reader hands the Worker about one armed alert: enough to evaluate it, claim it and word the message.</summary>
public sealed record SignalSnapshot(
    string Id,
    long Version,
    string Name,
    ExchangeId Exchange,
    string Symbol,
    string Base,
    string Quote,
    Condition Condition,
    decimal? TargetPrice,
    SignalStatus Status,
    string? UserId,
    string? Notes,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt = null)
{
    public SignalRule Rule { get; init; } = SignalRule.Default;

    public PriceSide? Side { get; init; }

    /// <summary>The last firing's time: a re-arming alert's cooldown runs from it.</summary>
    public DateTimeOffset? TriggeredAt { get; init; }

    /// <summary>Since when it has been armed (see <see cref="Signal.ArmedAt"/>); for an alert stored before it was kept, its creation.</summary>
    public DateTimeOffset? ArmedAt { get; init; }

    /// <summary>The account the alert belongs to: its messages go to the owner's Pushover key unless it names one (<see cref="RecipientChoice"/>).</summary>
    public string? Owner { get; init; }

    /// <summary>The earliest moment whose prices may fire it: when it was armed, or else when it was created.</summary>
    public DateTimeOffset ArmedSince => ArmedAt ?? CreatedAt;

    public static SignalSnapshot From(Signal signal) => new(
        signal.Id,
        signal.Version,
        signal.Name,
        signal.Exchange,
        signal.Symbol,
        signal.Base,
        signal.Quote,
        signal.Condition,
        signal.TargetPrice,
        signal.Status,
        signal.UserId,
        signal.Notes,
        signal.CreatedAt,
        signal.ExpiresAt)
    {
        Rule = signal.Rule,
        Side = signal.Side,
        TriggeredAt = signal.TriggeredAt,
        ArmedAt = signal.ArmedAt,
        Owner = signal.Owner,
    };
}

/// <summary>
/// One unit of Worker work from one cycle, on one exchange: its markets (<see cref="Markets"/>), whose alerts the Worker
/// reads from the trigger book at the price it gets, or alerts sent whole (<see cref="Signals"/>, sorted by symbol: those
/// not in the book yet, and every alert in messages of a Reader from before the book).
/// </summary>
/// <param name="Since">
/// Where its look back begins: when the exchange's alerts were last evaluated, or the start of a gap since then (null
/// when unknown); a target touched since then counts.
/// </param>
public sealed record SignalBatch(string CycleId, ExchangeId Exchange, IReadOnlyList<SignalSnapshot> Signals, DateTimeOffset? Since = null)
{
    /// <summary>When the cycle started: the batch records the exchange's coverage as of then (null in messages of a Reader that did not send it).</summary>
    public DateTimeOffset? CycleStart { get; init; }

    /// <summary><see cref="Since"/> is the start of a gap: the batch closes it when it evaluates whole.</summary>
    public bool SinceGap { get; init; }

    /// <summary>
    /// How much the whole cycle queued, over all its batches (alerts sent whole and markets, each counting one: see
    /// <see cref="Size"/>): the cycle completed when the batches done hold it all (see <see cref="FanOutWatch"/>). Null in
    /// messages of a Reader that did not send it.
    /// </summary>
    public int? CycleAlerts { get; init; }

    /// <summary>The markets whose alerts the Worker reads from the trigger book, at the price it gets for each.</summary>
    public IReadOnlyList<Market> Markets { get; init; } = [];

    /// <summary>
    /// The exchange has no coverage yet (a new store, or its first alerts): <see cref="Since"/> is the previous check's
    /// time, if known, and the batch looks back to when its earliest alert armed if that is earlier. The Reader cannot
    /// tell that time for markets; the Worker, which reads their alerts, can.
    /// </summary>
    public bool FirstLook { get; init; }

    /// <summary>What the batch holds, in the units of <see cref="CycleAlerts"/>: its alerts sent whole and its markets.</summary>
    public int Size => Signals.Count + Markets.Count;

    /// <summary>
    /// The one empty batch a fan-out Reader sends when no alert is armed: it wakes a Worker for the due deliveries (the
    /// Reader may not write the table), and its outcome tells the cycle watch that the cycle ran.
    /// </summary>
    public static SignalBatch Wake(string cycleId, DateTimeOffset cycleStart, DateTimeOffset? since) =>
        new(cycleId, ExchangeId.Binance, [], since) { CycleStart = cycleStart, CycleAlerts = 0 };
}
