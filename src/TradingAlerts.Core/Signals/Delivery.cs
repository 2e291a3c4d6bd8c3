using System.Text.Json;
using System.Text.Json.Serialization;
using TradingAlerts.Core.Notifications;

namespace TradingAlerts.Core.Signals;

/// <summary>
/// A firing's delivery on one channel: the crossing it tells of, and the state of its notification there (the claim
/// records one per channel of the alert). The expiry summary is a delivery that belongs to no single firing.
/// </summary>
public sealed record Delivery
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

    /// <summary>The channel this delivery goes through.</summary>
    public Channels Channel { get; init; } = Channels.Pushover;

    /// <summary>Sent with escalation (Pushover emergency priority) and never held for quiet hours.</summary>
    public bool Urgent { get; init; }

    /// <summary>The service's handle for following up an urgent notification (Pushover's emergency receipt).</summary>
    public string? Receipt { get; init; }

    /// <summary>Held for the recipient's quiet hours: sent with the others held for it, as one digest, when they end.</summary>
    public bool Held { get; init; }

    /// <summary>An earlier attempt went out but got no answer: it may have arrived, so the next one says it may repeat it.</summary>
    public bool MaybeSent { get; init; }

    /// <summary>The firing's facts, for channels that send structured data (the webhook); null for a digest or summary.</summary>
    public FiringFacts? Facts { get; init; }

    /// <summary>The firing's trigger id on a channel: Pushover keeps the plain trigger id, another channel adds <c>~channel</c>.</summary>
    public static string TriggerIdFor(string signalId, long version, string cycleId, Channels channel = Channels.Pushover) =>
        channel == Channels.Pushover ? $"{signalId}:{version}@{cycleId}" : $"{signalId}:{version}@{cycleId}~{channel.ToWire()}";
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

/// <summary>What one delivery attempt left behind (a hold for quiet hours is an attempt that did not count).</summary>
public sealed record DeliveryAttempt(DeliveryStatus Status, int Attempts, string Response, DateTimeOffset? NextAttemptAt, DateTimeOffset? SentAt)
{
    public string? Receipt { get; init; }

    public bool Held { get; init; }

    /// <summary>See <see cref="Delivery.MaybeSent"/>: once an attempt may have arrived, it stays so.</summary>
    public bool MaybeSent { get; init; }
}

/// <summary>How the stores keep <see cref="Delivery.Facts"/>: one JSON text.</summary>
public static class FiringFactsJson
{
    public static string? Write(FiringFacts? facts) => facts is null ? null : JsonSerializer.Serialize(facts, FiringFactsJsonContext.Default.FiringFacts);

    public static FiringFacts? Read(string? json) => string.IsNullOrEmpty(json) ? null : JsonSerializer.Deserialize(json, FiringFactsJsonContext.Default.FiringFacts);
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, UseStringEnumConverter = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(FiringFacts))]
internal sealed partial class FiringFactsJsonContext : JsonSerializerContext;
