using TradingAlerts.Core.Pipeline;

namespace TradingAlerts.Core.Notifications;

/// <summary>The notifier of each configured channel; a channel without one is refused with what to configure.</summary>
public sealed class ChannelNotifiers(IReadOnlyDictionary<Channels, INotifier> notifiers, HostHints? hints = null)
{
    public INotifier? For(Channels channel) => notifiers.GetValueOrDefault(channel);

    public string NotConfigured(Channels channel) =>
        (hints ?? HostHints.None).ChannelNeeds.TryGetValue(channel, out var needs)
            ? $"{channel.ToWire()} is not configured here (it needs {needs})"
            : $"{channel.ToWire()} is not configured here";
}
