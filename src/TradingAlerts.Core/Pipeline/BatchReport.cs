using System.Text.Json.Serialization;
using TradingAlerts.Core.Signals;

namespace TradingAlerts.Core.Pipeline;

/// <summary>Why an alert could not be checked, in three kinds an operator acts on differently.</summary>
public enum NotCheckedBecause
{
    /// <summary>No exchange had its price: its own failed or does not list it, and so did the fallbacks.</summary>
    [JsonStringEnumMemberName("no_price")]
    NoPrice,

    /// <summary>Its price was had, but not the history it is judged on (the candles since the last check, a percent move's reference price).</summary>
    [JsonStringEnumMemberName("no_history")]
    NoHistory,

    /// <summary>Its host had no time left before its timeout (<see cref="WorkDeadline"/>).</summary>
    [JsonStringEnumMemberName("no_time")]
    NoTime,
}

/// <summary>An alert that could not be checked, why in words, and which kind of reason that is.</summary>
public sealed record CheckFailure(string SignalId, ExchangeId Exchange, string Symbol, string Reason, NotCheckedBecause Because);

/// <summary>What one Worker batch did.</summary>
public sealed record BatchReport
{
    public int Checked { get; set; }

    /// <summary>Alerts found past their expiry and retired instead of checked.</summary>
    public int Expired { get; set; }

    /// <summary>Crossings claimed by this worker.</summary>
    public int Fired { get; set; }

    public int Notified { get; set; }

    /// <summary>Notifications that failed, permanently or for now (they are retried later).</summary>
    public int NotificationFailures { get; set; }

    public List<CheckFailure> CheckFailures { get; } = [];

    /// <summary>Prices that a fallback exchange gave because the batch's own exchange could not.</summary>
    public int FallbackUses { get; set; }

    /// <summary>The alerts not checked for <paramref name="because"/>.</summary>
    public int NotChecked(NotCheckedBecause because) => CheckFailures.Count(f => f.Because == because);

    public void Count(DeliveryStatus status)
    {
        if (status == DeliveryStatus.Sent)
            Notified++;
        else
            NotificationFailures++;
    }
}
