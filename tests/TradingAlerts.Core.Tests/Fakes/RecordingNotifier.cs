using TradingAlerts.Core.Notifications;

namespace TradingAlerts.Core.Tests.Fakes;

/// <summary>Records every notification; answers with the queued outcomes, then with Sent.</summary>
internal sealed class RecordingNotifier : INotifier
{
    public List<Notification> Sent { get; } = [];

    public Queue<DeliveryOutcome> Outcomes { get; } = new();

    /// <summary>The longest message the channel takes whole (Pushover's is 1024 characters); null for no limit.</summary>
    public int? MaxMessageLength { get; init; }

    public bool Fits(Notification notification) => MaxMessageLength is not { } max || notification.Message.Length <= max;

    /// <summary>Runs while a notification is sent: a test advances the clock here to make the service slow.</summary>
    public Action? WhileSending { get; set; }

    public Task<DeliveryOutcome> SendAsync(Notification notification, CancellationToken ct)
    {
        Sent.Add(notification);
        WhileSending?.Invoke();
        return Task.FromResult(Outcomes.TryDequeue(out var outcome) ? outcome : DeliveryOutcome.Sent("ok"));
    }
}
