using TradingAlerts.Core.Notifications;
using TradingAlerts.Core.Pipeline;
using TradingAlerts.Http;
using TradingAlerts.Notifications.Discord;
using TradingAlerts.Notifications.Telegram;
using TradingAlerts.Notifications.Webhook;

namespace TradingAlerts.Notifications;

/// <summary>The secrets and endpoints of the channels beside Pushover (TELEGRAM_BOT_TOKEN, TELEGRAM_API_URL, WEBHOOK_SECRET).</summary>
public sealed record ChannelSecrets(string? TelegramBotToken, Uri TelegramApiUrl, string? WebhookSecret)
{
    public static readonly Uri DefaultTelegramApiUrl = new("https://api.telegram.org");
}

/// <summary>
/// Every channel's notifier, built once per composition with its own resilient HTTP client: Pushover (or the console)
/// as given, Telegram when a bot token is set, Discord always (the recipient's webhook URL is its only setting), the
/// webhook when a signing secret is set.
/// </summary>
public sealed class ChannelClients : IDisposable
{
    private readonly List<HttpClient> clients = [];
    private readonly HttpRuntime? runtime;

    public ChannelClients(INotifier pushover, ChannelSecrets secrets, TimeProvider clock, HttpRuntime? runtime = null, HostHints? hints = null)
    {
        this.runtime = runtime;
        ArgumentNullException.ThrowIfNull(secrets);
        var notifiers = new Dictionary<Channels, INotifier> { [Channels.Pushover] = pushover };
        if (secrets.TelegramBotToken is { } botToken)
            notifiers[Channels.Telegram] = new TelegramNotifier(Client(secrets.TelegramApiUrl), botToken, clock);

        // Discord and the webhook post to the recipient's absolute URL; the base address is never used.
        notifiers[Channels.Discord] = new DiscordNotifier(Client(new Uri("https://discord.com")), clock);
        if (secrets.WebhookSecret is { } webhookSecret)
            notifiers[Channels.Webhook] = new WebhookNotifier(Client(new Uri("https://localhost")), webhookSecret, clock);

        Notifiers = new ChannelNotifiers(notifiers, hints);
    }

    public ChannelNotifiers Notifiers { get; }

    public void Dispose()
    {
        foreach (var client in clients)
            client.Dispose();
    }

    private HttpClient Client(Uri baseAddress)
    {
        var client = ResilientHttp.Create(baseAddress, NotificationRetry.Channels, runtime: runtime);
        clients.Add(client);
        return client;
    }
}
