namespace TradingAlerts.Core.Notifications;

/// <summary>The notifier of each configured channel; a channel without one is refused with what to configure.</summary>
public sealed class ChannelNotifiers(IReadOnlyDictionary<Channels, INotifier> notifiers)
{
    /// <summary>What each channel needs before it can send (environment variables), for the refusal's text.</summary>
    private static readonly Dictionary<Channels, string> Needs = new()
    {
        [Channels.Pushover] = "PUSHOVER_APP_TOKEN",
        [Channels.Telegram] = "TELEGRAM_BOT_TOKEN",
        [Channels.Discord] = "nothing but the recipient's Discord webhook URL",
        [Channels.Webhook] = "WEBHOOK_SECRET",
    };

    public INotifier? For(Channels channel) => notifiers.GetValueOrDefault(channel);

    public static string NotConfigured(Channels channel) =>
        $"{channel.ToWire()} is not configured here (it needs {Needs.GetValueOrDefault(channel, "its settings")})";
}
