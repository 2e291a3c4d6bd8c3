using TradingAlerts.Http;

namespace TradingAlerts.Notifications;

/// <summary>
/// How patiently the notification services are asked, for every composition that sends: an attempt may take 30 s, so
/// that a slow but working service is not cut off (a message cut off may have arrived; it is not sent again at once).
/// </summary>
public static class NotificationRetry
{
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Pushover asks for at least 5 seconds between retries of a failed request, and at most 2 connections.</summary>
    public static HttpRetryOptions Pushover { get; } = new()
    {
        BaseDelay = TimeSpan.FromSeconds(5),
        MaxConnectionsPerServer = 2,
        AttemptTimeout = AttemptTimeout,
        TotalTimeout = TimeSpan.FromSeconds(60),
    };

    /// <summary>Telegram, Discord and the webhook.</summary>
    public static HttpRetryOptions Channels { get; } = new() { AttemptTimeout = AttemptTimeout, TotalTimeout = TimeSpan.FromSeconds(60) };
}
