using TradingAlerts.Core.Signals;

namespace TradingAlerts.Core.Pipeline;

/// <summary>An alert that could not be checked, and why.</summary>
public sealed record CheckFailure(string SignalId, ExchangeId Exchange, string Symbol, string Reason);

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

    public void Count(DeliveryStatus status)
    {
        if (status == DeliveryStatus.Sent)
            Notified++;
        else
            NotificationFailures++;
    }
}
