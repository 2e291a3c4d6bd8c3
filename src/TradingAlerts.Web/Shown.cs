using TradingAlerts.Core.Configuration;
using TradingAlerts.Core.Signals;

namespace TradingAlerts.Web;

/// <summary>What the UI and the API show of an alert and its firings: Pushover keys masked, never in full.</summary>
internal static class Shown
{
    public static Signal Signal(Signal signal) => signal with { UserId = Key(signal.UserId) };

    public static Delivery Delivery(Delivery firing) => firing with { Recipient = Key(firing.Recipient) };

    public static string? Key(string? key) => key is null ? null : SettingValues.Mask(key);
}
