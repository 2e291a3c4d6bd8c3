using TradingAlerts.Core.Notifications;

namespace TradingAlerts.Aws;

/// <summary>How firings, with their deliveries, become DynamoDB items and back.</summary>
internal static class DeliveryItems
{
    /// <summary>The <c>due_at</c> of a pending delivery that has no next attempt: before any time, so due at once.</summary>
    public static readonly string DueAtOnce = StoredText.FromTime(DateTimeOffset.MinValue);

    public static string DeliveryKey(string triggerId) => FiringPrefix + triggerId;

    /// <summary>A firing as the claim records it: delivery pending, and in the due index.</summary>
    public static Dictionary<string, AttributeValue> ToClaimedItem(Delivery firing)
    {
        var item = new Dictionary<string, AttributeValue>(20)
        {
            [Attr.Id] = S(DeliveryKey(firing.TriggerId)),
            [Attr.Kind] = S(Kinds.Firing),
            [Attr.TriggerId] = S(firing.TriggerId),
            [Attr.SignalId] = S(firing.SignalId),
            [Attr.CycleId] = S(firing.CycleId),
            [Attr.FiredAt] = S(StoredText.FromTime(firing.FiredAt)),
            [Attr.FiredDay] = S(StoredText.FromDay(DateOnly.FromDateTime(firing.FiredAt.UtcDateTime))),
            [Attr.Price] = N(firing.Price),
            [Attr.PriceExchange] = S(firing.PriceExchange.ToWire()),
            [Attr.Title] = S(firing.Title),
            [Attr.Message] = S(firing.Message),
            [Attr.DeliveryStatus] = S(DeliveryStatus.Pending.ToWire()),
            [Attr.Attempts] = N(firing.Attempts),
            [Attr.DueShard] = N(0),
            [Attr.DueAt] = S(DueAt(firing.NextAttemptAt)),
        };
        SetIfPresent(item, Attr.Recipient, firing.Recipient);
        SetIfPresent(item, Attr.NextAttemptAt, firing.NextAttemptAt);
        SetIfPresent(item, Attr.LastResponse, firing.LastResponse);
        SetIfPresent(item, Attr.SentAt, firing.SentAt);
        SetIfPresent(item, Attr.Receipt, firing.Receipt);
        SetIfPresent(item, Attr.Facts, FiringFactsJson.Write(firing.Facts));
        item[Attr.Channel] = S(firing.Channel.ToWire());
        item[Attr.Urgent] = new AttributeValue { BOOL = firing.Urgent };
        item[Attr.Held] = new AttributeValue { BOOL = firing.Held };
        if (firing.MaybeSent)
            item[Attr.MaybeSent] = new AttributeValue { BOOL = true };
        return item;
    }

    public static Delivery ToDelivery(Dictionary<string, AttributeValue> item) => new()
    {
        TriggerId = Text(item, Attr.TriggerId),
        SignalId = Text(item, Attr.SignalId),
        CycleId = Text(item, Attr.CycleId),
        FiredAt = Time(item, Attr.FiredAt),
        Price = Decimal(item, Attr.Price),
        PriceExchange = Word<ExchangeId>(item, Attr.PriceExchange),
        Recipient = TextOrNull(item, Attr.Recipient),
        Title = Text(item, Attr.Title),
        Message = Text(item, Attr.Message),
        DeliveryStatus = Word<DeliveryStatus>(item, Attr.DeliveryStatus),
        Attempts = (int)Long(item, Attr.Attempts),
        NextAttemptAt = TimeOrNull(item, Attr.NextAttemptAt),
        LastResponse = TextOrNull(item, Attr.LastResponse),
        SentAt = TimeOrNull(item, Attr.SentAt),
        Channel = item.ContainsKey(Attr.Channel) ? Word<Channels>(item, Attr.Channel) : Channels.Pushover,
        Urgent = IsTrue(item, Attr.Urgent),
        Receipt = TextOrNull(item, Attr.Receipt),
        Held = IsTrue(item, Attr.Held),
        MaybeSent = IsTrue(item, Attr.MaybeSent),
        Facts = FiringFactsJson.Read(TextOrNull(item, Attr.Facts)),
    };

    /// <summary>The <c>due_at</c> that keeps a pending delivery in the due index: its next attempt, or <see cref="DueAtOnce"/>.</summary>
    public static string DueAt(DateTimeOffset? nextAttemptAt) => nextAttemptAt is { } time ? StoredText.FromTime(time) : DueAtOnce;
}
