using TradingAlerts.Core.Notifications;

namespace TradingAlerts.Notifications;

/// <summary>Prints notifications when no Pushover app token is configured, so a local run still shows what fired.</summary>
public sealed class ConsoleNotifier : INotifier
{
    private readonly TextWriter output;
    private readonly Lock gate = new();

    public ConsoleNotifier(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        this.output = output;
    }

    public Task<DeliveryOutcome> SendAsync(Notification notification, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(notification);
        ct.ThrowIfCancellationRequested();

        var text = string.Join(
            Environment.NewLine,
            "=== NOTIFICATION ===",
            notification.Title,
            notification.Message,
            "====================",
            string.Empty);

        // One block per notification, even when workers fire at once.
        lock (gate)
        {
            output.Write(text);
            output.Flush();
        }

        return Task.FromResult(DeliveryOutcome.Sent("printed to the console (PUSHOVER_APP_TOKEN is not set)"));
    }
}
