using System.Text.Json.Serialization;

namespace TradingAlerts.Core.Signals;

/// <summary>An alert definition: "tell me when SYMBOL on EXCHANGE goes CONDITION TARGET".</summary>
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
    public required decimal TargetPrice { get; init; }
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

    /// <summary>Incremented by every write; the trigger claim and edits are conditional on it.</summary>
    public long Version { get; init; } = 1;

    /// <summary>Armed signals are the ones the Reader hands to the Worker.</summary>
    [JsonIgnore]
    public bool IsArmed => Active && Status == SignalStatus.Pending;
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
}

public enum SignalStatus
{
    [JsonStringEnumMemberName("pending")]
    Pending,
    [JsonStringEnumMemberName("triggered")]
    Triggered,
    [JsonStringEnumMemberName("expired")]
    Expired,
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
