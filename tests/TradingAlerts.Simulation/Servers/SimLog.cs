using TradingAlerts.Core.Signals;

namespace TradingAlerts.Simulation.Servers;

/// <summary>A ticker answer an exchange gave: what each symbol's price was, for one process, at one moment.</summary>
/// <param name="Prices">Symbol (the exchange's spelling) → price; a symbol served unpriced (zero, malformed) is absent.</param>
public sealed record TickerServed(string Process, ExchangeId Exchange, DateTimeOffset At, IReadOnlyDictionary<string, decimal> Prices);

public enum HistoryKind
{
    MinuteCandles,
    SecondCandles,
    Trades,
}

/// <summary>A history request (candles or trades) and whether it was answered; for trades, how far back they reached.</summary>
public sealed record HistoryServed(string Process, ExchangeId Exchange, string Symbol, HistoryKind Kind, DateTimeOffset At, bool Answered, DateTimeOffset? ReachesBackTo);

/// <summary>A notification that reached a channel (the recipient's phone, the webhook's receiver).</summary>
public sealed class Received
{
    public required string Channel { get; init; }
    public required string Process { get; init; }
    public required DateTimeOffset At { get; init; }
    public required string Recipient { get; init; }
    public required string Title { get; init; }
    public required string Message { get; init; }
    public bool Urgent { get; init; }

    /// <summary>The webhook's alert id, for a firing (null for a notice or on Pushover).</summary>
    public string? AlertId { get; init; }

    /// <summary>The client stopped waiting before the answer came: it cannot know the message arrived.</summary>
    public bool ClientGaveUp { get; set; }
}

/// <summary>Something that happened to a process: it died (killed or crashed at a step), a delivery was recorded, a cycle ended.</summary>
public abstract record ProcessEvent(string Process, DateTimeOffset At);

public sealed record ProcessDied(string Process, DateTimeOffset At, string Why, string? TriggerId) : ProcessEvent(Process, At);

public sealed record DeliveryRecorded(string Process, DateTimeOffset At, string TriggerId, DeliveryStatus Status) : ProcessEvent(Process, At);

/// <summary>
/// One process's cycle (local) or one record's processing (fan-out): when, whether it ran through, which alerts it held,
/// and when the Reader read their snapshot from the store (for a record, possibly long before it is processed).
/// </summary>
public sealed record Evaluation(string Process, string CycleId, DateTimeOffset Started, DateTimeOffset Ended, bool RanThrough, IReadOnlyDictionary<string, SignalStatus> Alerts, DateTimeOffset SnapshotAt) : ProcessEvent(Process, Started);

/// <summary>What the world saw the product do, for the oracle and the report.</summary>
public sealed class SimLog
{
    public List<TickerServed> Tickers { get; } = [];
    public List<HistoryServed> Histories { get; } = [];
    public List<Received> Received { get; } = [];
    public List<ProcessEvent> Processes { get; } = [];
    public List<string> Notes { get; } = [];
    public int ExchangeRequests { get; set; }
    public int ChannelRequests { get; set; }
}
