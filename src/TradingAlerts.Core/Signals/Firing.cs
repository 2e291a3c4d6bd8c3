using System.Text.Json.Serialization;

namespace TradingAlerts.Core.Signals;

/// <summary>One crossing of one alert, and the state of its notification.</summary>
public sealed record Firing
{
    /// <summary>
    /// <c>{signal id}:{version claimed}@{cycle id}</c>: a redelivered batch (same cycle, same snapshot) finds the crossing it
    /// claimed before, while an alert removed and added again under the same id never meets its predecessor's history.
    /// </summary>
    public required string TriggerId { get; init; }
    public required string SignalId { get; init; }
    public required string CycleId { get; init; }
    public required DateTimeOffset FiredAt { get; init; }
    public required decimal Price { get; init; }

    /// <summary>The exchange whose price fired the alert.</summary>
    public required ExchangeId PriceExchange { get; init; }

    /// <summary>The Pushover user key, or null when neither the alert nor the configuration names one.</summary>
    public string? Recipient { get; init; }
    public required string Title { get; init; }
    public required string Message { get; init; }
    public DeliveryStatus DeliveryStatus { get; init; } = DeliveryStatus.Pending;
    public int Attempts { get; init; }

    /// <summary>While pending: when the next attempt may start (a lease held by whoever is attempting it).</summary>
    public DateTimeOffset? NextAttemptAt { get; init; }
    public string? LastResponse { get; init; }
    public DateTimeOffset? SentAt { get; init; }

    public static string TriggerIdFor(string signalId, long version, string cycleId) => $"{signalId}:{version}@{cycleId}";
}

public enum DeliveryStatus
{
    [JsonStringEnumMemberName("pending")]
    Pending,
    [JsonStringEnumMemberName("sent")]
    Sent,
    [JsonStringEnumMemberName("failed")]
    Failed,
}

/// <summary>What one delivery attempt left behind.</summary>
public sealed record DeliveryAttempt(DeliveryStatus Status, int Attempts, string Response, DateTimeOffset? NextAttemptAt, DateTimeOffset? SentAt);
