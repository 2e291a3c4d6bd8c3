using System.Text.Json.Serialization;

namespace TradingAlerts.Core.Signals;

/// <summary>An alert definition: "tell me when SYMBOL on EXCHANGE goes CONDITION TARGET" (or leaves a band, or moves by a percentage).</summary>
public sealed record Signal
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required ExchangeId Exchange { get; init; }
    /// <summary>Normalised: base and quote run together, whatever the exchange's own spelling (<c>BTCUSDT</c>, <c>BTCUSD</c>).</summary>
    public required string Symbol { get; init; }

    /// <summary>The base asset (<c>BTC</c>), as the exchange's listing names it.</summary>
    public required string Base { get; init; }

    /// <summary>The quote asset (<c>USDT</c>). USDT is not USD: a fallback exchange must list this very pair.</summary>
    public required string Quote { get; init; }
    public required Condition Condition { get; init; }

    /// <summary>The level of <c>above</c>, <c>below</c> and the crossing conditions; null for <c>pct_move</c> and <c>channel_exit</c>.</summary>
    public decimal? TargetPrice { get; init; }

    /// <summary>The band of <c>channel_exit</c>, the move of <c>pct_move</c>, and how the alert repeats.</summary>
    public SignalRule Rule { get; init; } = SignalRule.Default;

    /// <summary>
    /// For the crossing conditions: the side of the target the price was on when the alert was armed (the crossing
    /// goes from this side to the other); null until a check has seen the price on one side.
    /// </summary>
    public PriceSide? Side { get; init; }

    /// <summary>
    /// Since when the alert, as it now stands, has been armed (pending): its creation, its last edit or the moment it was
    /// switched on again, for the conditions armed from the start; the check that saw the price on its arming side for
    /// the others. No firing counts a price from before it. A waiting alert keeps when it began to wait as it now stands
    /// (created, edited, switched on), so that no price from before that arms it; null after a firing (its
    /// <see cref="TriggeredAt"/> says when) and while it is neither pending nor waiting.
    /// </summary>
    public DateTimeOffset? ArmedAt { get; init; }

    public SignalStatus Status { get; init; } = SignalStatus.Pending;
    public bool Active { get; init; } = true;
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? TriggeredAt { get; init; }
    public int TriggeredCount { get; init; }

    /// <summary>The Pushover user key; null falls back to the configured default recipient.</summary>
    public string? UserId { get; init; }
    public string? Notes { get; init; }
    public DateTimeOffset? ExpiresAt { get; init; }
    public SignalSource Source { get; init; } = SignalSource.Cli;

    /// <summary>
    /// For an alert the Google Sheets sync manages (<see cref="SignalSource.Sheets"/>): the key of its sheet row
    /// (<c>id:&lt;id&gt;</c> for a row with an <c>id</c>, otherwise its exchange, symbol, condition, target and recipient),
    /// by which the next sync finds it again. Null for every other alert.
    /// </summary>
    public string? SheetKey { get; init; }

    /// <summary>
    /// The name of the account the alert belongs to (<see cref="Accounts.Account"/>): its member sees and changes it, and
    /// it pushes to their Pushover key unless it names its own. Null before teams, or with no accounts.
    /// </summary>
    public string? Owner { get; init; }

    /// <summary>
    /// Incremented by every write; the trigger claim and edits are conditional on it. A new alert starts at its creation
    /// time in ticks, so an id used again never meets a version its predecessor had.
    /// </summary>
    public long Version { get; init; } = 1;

    /// <summary>
    /// Armed signals are the ones the Reader hands to the Worker: pending ones (they fire when their condition is met)
    /// and waiting ones (they re-arm when the price has come back).
    /// </summary>
    [JsonIgnore]
    public bool IsArmed => Active && Status.IsWatched();
}

public enum ExchangeId
{
    [JsonStringEnumMemberName("binance")]
    Binance,
    [JsonStringEnumMemberName("bybit")]
    Bybit,
    [JsonStringEnumMemberName("coinbase")]
    Coinbase,
}

public enum Condition
{
    /// <summary>Fires when the price is at or above the target.</summary>
    [JsonStringEnumMemberName("above")]
    Above,

    /// <summary>Fires when the price is at or below the target.</summary>
    [JsonStringEnumMemberName("below")]
    Below,

    /// <summary>Fires when the price reaches the target from below (it must have been seen below first).</summary>
    [JsonStringEnumMemberName("crosses_up")]
    CrossesUp,

    /// <summary>Fires when the price reaches the target from above (it must have been seen above first).</summary>
    [JsonStringEnumMemberName("crosses_down")]
    CrossesDown,

    /// <summary>Fires when the price reaches the target from either side.</summary>
    [JsonStringEnumMemberName("crosses")]
    Crosses,

    /// <summary>Fires when the price moved by at least a percentage within a window.</summary>
    [JsonStringEnumMemberName("pct_move")]
    PctMove,

    /// <summary>Fires when the price leaves a [low, high] band.</summary>
    [JsonStringEnumMemberName("channel_exit")]
    ChannelExit,
}

public enum SignalStatus
{
    [JsonStringEnumMemberName("pending")]
    Pending,
    [JsonStringEnumMemberName("triggered")]
    Triggered,
    [JsonStringEnumMemberName("expired")]
    Expired,

    /// <summary>Watched but not armed: waits for the price to come back (re-arm) or to be seen on the arming side.</summary>
    [JsonStringEnumMemberName("waiting")]
    Waiting,

    /// <summary>Stopped by flap protection (it fired too often); <c>signals enable</c> arms it again.</summary>
    [JsonStringEnumMemberName("paused")]
    Paused,
}

public enum SignalSource
{
    [JsonStringEnumMemberName("cli")]
    Cli,
    [JsonStringEnumMemberName("ui")]
    Ui,
    [JsonStringEnumMemberName("sheets")]
    Sheets,
}
