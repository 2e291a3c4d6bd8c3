using TradingAlerts.Http;

namespace TradingAlerts.Notifications;

/// <summary>How patiently the notification services are asked, for every composition that sends.</summary>
public static class NotificationRetry
{
    /// <summary>Pushover asks for at least 5 seconds between retries of a failed request, and at most 2 connections.</summary>
    public static HttpRetryOptions Pushover { get; } = new() { BaseDelay = TimeSpan.FromSeconds(5), MaxConnectionsPerServer = 2 };

    /// <summary>Telegram, Discord and the webhook.</summary>
    public static HttpRetryOptions Channels { get; } = new();
}
