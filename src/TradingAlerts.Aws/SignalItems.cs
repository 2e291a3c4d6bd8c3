using Condition = TradingAlerts.Core.Signals.Condition;

namespace TradingAlerts.Aws;

/// <summary>How alerts become DynamoDB items and back.</summary>
internal static class SignalItems
{
    /// <summary>
    /// The alert's shard in the armed index, among the placed ones (<see cref="PlacedShards"/>: every alert this version
    /// writes has its place in this version's trigger book): FNV-1a of the id, stable across processes (unlike
    /// string.GetHashCode).
    /// </summary>
    public static int ArmedShardOf(string id)
    {
        var hash = 2_166_136_261u;
        foreach (var c in id)
        {
            hash ^= c;
            hash *= 16_777_619u;
        }

        return PlacedShards + (int)(hash % ArmedShards);
    }

    public static Dictionary<string, AttributeValue> ToItem(Signal signal, long version)
    {
        var item = new Dictionary<string, AttributeValue>(24)
        {
            [Attr.Id] = S(signal.Id),
            [Attr.Kind] = S(Kinds.Signal),
            [Attr.Name] = S(signal.Name),
            [Attr.Exchange] = S(signal.Exchange.ToWire()),
            [Attr.Symbol] = S(signal.Symbol),
            [Attr.Base] = S(signal.Base),
            [Attr.Quote] = S(signal.Quote),
            [Attr.Condition] = S(signal.Condition.ToWire()),
            [Attr.Status] = S(signal.Status.ToWire()),
            [Attr.Active] = new AttributeValue { BOOL = signal.Active },
            [Attr.CreatedAt] = S(StoredText.FromTime(signal.CreatedAt)),
            [Attr.TriggeredCount] = N(signal.TriggeredCount),
            [Attr.Source] = S(signal.Source.ToWire()),
            [Attr.Version] = N(version),
        };
        SetIfPresent(item, Attr.TriggeredAt, signal.TriggeredAt);
        SetIfPresent(item, Attr.UserId, signal.UserId);
        SetIfPresent(item, Attr.Notes, signal.Notes);
        SetIfPresent(item, Attr.ExpiresAt, signal.ExpiresAt);
        SetIfPresent(item, Attr.Side, signal.Side?.ToWire());
        SetIfPresent(item, Attr.ArmedAt, signal.ArmedAt);
        if (signal.TargetPrice is { } target)
            item[Attr.TargetPrice] = N(target);
        if (signal.Rule != SignalRule.Default)
            item[Attr.Rule] = S(signal.Rule.ToJson());
        SetIfPresent(item, Attr.SheetKey, signal.SheetKey);
        SetIfPresent(item, Attr.Owner, signal.Owner);
        if (signal.IsArmed)
            item[Attr.ArmedShard] = N(ArmedShardOf(signal.Id));

        return item;
    }

    public static Signal ToSignal(Dictionary<string, AttributeValue> item) => new()
    {
        Id = Text(item, Attr.Id),
        Name = Text(item, Attr.Name),
        Exchange = Word<ExchangeId>(item, Attr.Exchange),
        Symbol = Text(item, Attr.Symbol),
        Base = Text(item, Attr.Base),
        Quote = Text(item, Attr.Quote),
        Condition = Word<Condition>(item, Attr.Condition),
        TargetPrice = item.ContainsKey(Attr.TargetPrice) ? Decimal(item, Attr.TargetPrice) : null,
        Status = Word<SignalStatus>(item, Attr.Status),
        Active = Required(item, Attr.Active).BOOL ?? throw Unreadable(Attr.Active, "not a boolean"),
        CreatedAt = Time(item, Attr.CreatedAt),
        TriggeredAt = TimeOrNull(item, Attr.TriggeredAt),
        TriggeredCount = (int)Long(item, Attr.TriggeredCount),
        UserId = TextOrNull(item, Attr.UserId),
        Notes = TextOrNull(item, Attr.Notes),
        ExpiresAt = TimeOrNull(item, Attr.ExpiresAt),
        Source = Word<SignalSource>(item, Attr.Source),
        SheetKey = TextOrNull(item, Attr.SheetKey),
        Owner = TextOrNull(item, Attr.Owner),
        Version = Long(item, Attr.Version),
        Rule = SignalRule.FromJson(TextOrNull(item, Attr.Rule)),
        Side = TextOrNull(item, Attr.Side) is { } side ? (StoredText.TryRead<PriceSide>(side, out var known) ? known : throw Unreadable(Attr.Side, $"'{side}'")) : null,
        ArmedAt = TimeOrNull(item, Attr.ArmedAt),
    };
}
