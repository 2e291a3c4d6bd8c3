using System.Collections.Frozen;
using System.Globalization;
using Amazon.DynamoDBv2.Model;
using TradingAlerts.Core.Notifications;
using TradingAlerts.Core.Pipeline;
using TradingAlerts.Core.Signals;
using static TradingAlerts.Aws.SignalTable;
using Condition = TradingAlerts.Core.Signals.Condition;

namespace TradingAlerts.Aws;

/// <summary>How alerts and firings become DynamoDB items and back. Null values are left out of the item.</summary>
internal static class DynamoItems
{
    /// <summary>
    /// One fixed width, always UTC (as in the SQLite store): string order is time order, so key conditions and
    /// comparisons on times work, and the seven fraction digits keep every tick.
    /// </summary>
    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    /// <summary>The <c>due_at</c> of a pending delivery that has no next attempt: before any time, so due at once.</summary>
    public static readonly string DueAtOnce = Time(DateTimeOffset.MinValue);

    private static readonly FrozenDictionary<string, ExchangeId> Exchanges = ByWireWord<ExchangeId>(WireNames.ToWire);
    private static readonly FrozenDictionary<string, Condition> Conditions = ByWireWord<Condition>(WireNames.ToWire);
    private static readonly FrozenDictionary<string, SignalStatus> Statuses = ByWireWord<SignalStatus>(WireNames.ToWire);
    private static readonly FrozenDictionary<string, SignalSource> Sources = ByWireWord<SignalSource>(WireNames.ToWire);
    private static readonly FrozenDictionary<string, Channels> ChannelWords = ChannelNames.All.ToFrozenDictionary(c => c.ToWire(), StringComparer.Ordinal);
    private static readonly FrozenDictionary<string, PriceSide> Sides = ByWireWord<PriceSide>(WireNames.ToWire);
    private static readonly FrozenDictionary<string, DeliveryStatus> DeliveryStatuses = ByWireWord<DeliveryStatus>(ToWire);

    public static string FiringKey(string triggerId) => FiringPrefix + triggerId;

    public static string RecipientKey(string id) => RecipientPrefix + id;

    public static Dictionary<string, AttributeValue> ToRecipientItem(Recipient recipient) => new()
    {
        [Attr.Id] = S(RecipientKey(recipient.Id)),
        [Attr.Kind] = S(Kinds.Recipient),
        [Attr.Settings] = S(recipient.ToJson()),
    };

    public static Recipient ToRecipient(Dictionary<string, AttributeValue> item) => Recipient.FromJson(Text(item, Attr.Settings));

    public static string CycleKey(string cycleId) => CyclePrefix + cycleId;

    public static string CoverageKey(ExchangeId exchange) => CoveragePrefix + exchange.ToWire();

    /// <summary>An exchange's coverage, at <paramref name="version"/> (1 for the first): each write is conditional on the one before.</summary>
    public static Dictionary<string, AttributeValue> ToCoverageItem(ExchangeCoverage coverage, long version)
    {
        var item = new Dictionary<string, AttributeValue>
        {
            [Attr.Id] = S(CoverageKey(coverage.Exchange)),
            [Attr.Kind] = S(Kinds.Coverage),
            [Attr.Version] = N(version),
        };
        SetIfPresent(item, Attr.Through, coverage.Through);
        SetIfPresent(item, Attr.GapSince, coverage.GapSince);
        SetIfPresent(item, Attr.GapCycle, coverage.GapCycle);
        return item;
    }

    public static (ExchangeCoverage Coverage, long Version) ToCoverage(ExchangeId exchange, Dictionary<string, AttributeValue>? item) =>
        IsKind(item, Kinds.Coverage)
            ? (new ExchangeCoverage(exchange, TimeOrNull(item!, Attr.Through), TimeOrNull(item!, Attr.GapSince), TimeOrNull(item!, Attr.GapCycle)), Long(item!, Attr.Version))
            : (ExchangeCoverage.None(exchange), 0);

    public static Dictionary<string, AttributeValue> Key(string id) => new() { [Attr.Id] = S(id) };

    /// <summary>The alert's shard in the armed index: FNV-1a of the id, stable across processes (unlike string.GetHashCode).</summary>
    public static int ArmedShardOf(string id)
    {
        var hash = 2_166_136_261u;
        foreach (var c in id)
        {
            hash ^= c;
            hash *= 16_777_619u;
        }

        return (int)(hash % ArmedShards);
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
            [Attr.CreatedAt] = S(Time(signal.CreatedAt)),
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
        if (signal.Rule != AlertRule.Default)
            item[Attr.Rule] = S(signal.Rule.ToJson());
        SetIfPresent(item, Attr.SheetKey, signal.SheetKey);
        if (signal.IsArmed)
            item[Attr.ArmedShard] = N(ArmedShardOf(signal.Id));

        return item;
    }

    public static Signal ToSignal(Dictionary<string, AttributeValue> item) => new()
    {
        Id = Text(item, Attr.Id),
        Name = Text(item, Attr.Name),
        Exchange = Parse(Exchanges, item, Attr.Exchange),
        Symbol = Text(item, Attr.Symbol),
        Base = Text(item, Attr.Base),
        Quote = Text(item, Attr.Quote),
        Condition = Parse(Conditions, item, Attr.Condition),
        TargetPrice = item.ContainsKey(Attr.TargetPrice) ? Decimal(item, Attr.TargetPrice) : null,
        Status = Parse(Statuses, item, Attr.Status),
        Active = Required(item, Attr.Active).BOOL ?? throw Unreadable(Attr.Active, "not a boolean"),
        CreatedAt = ToTime(Text(item, Attr.CreatedAt)),
        TriggeredAt = TimeOrNull(item, Attr.TriggeredAt),
        TriggeredCount = (int)Long(item, Attr.TriggeredCount),
        UserId = TextOrNull(item, Attr.UserId),
        Notes = TextOrNull(item, Attr.Notes),
        ExpiresAt = TimeOrNull(item, Attr.ExpiresAt),
        Source = Parse(Sources, item, Attr.Source),
        SheetKey = TextOrNull(item, Attr.SheetKey),
        Version = Long(item, Attr.Version),
        Rule = AlertRule.FromJson(TextOrNull(item, Attr.Rule)),
        Side = TextOrNull(item, Attr.Side) is { } side ? (Sides.TryGetValue(side, out var known) ? known : throw Unreadable(Attr.Side, $"'{side}'")) : null,
        ArmedAt = TimeOrNull(item, Attr.ArmedAt),
    };

    /// <summary>A firing as the claim records it: delivery pending, and in the due index.</summary>
    public static Dictionary<string, AttributeValue> ToClaimedItem(Firing firing)
    {
        var item = new Dictionary<string, AttributeValue>(20)
        {
            [Attr.Id] = S(FiringKey(firing.TriggerId)),
            [Attr.Kind] = S(Kinds.Firing),
            [Attr.TriggerId] = S(firing.TriggerId),
            [Attr.SignalId] = S(firing.SignalId),
            [Attr.CycleId] = S(firing.CycleId),
            [Attr.FiredAt] = S(Time(firing.FiredAt)),
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

    public static Firing ToFiring(Dictionary<string, AttributeValue> item) => new()
    {
        TriggerId = Text(item, Attr.TriggerId),
        SignalId = Text(item, Attr.SignalId),
        CycleId = Text(item, Attr.CycleId),
        FiredAt = ToTime(Text(item, Attr.FiredAt)),
        Price = Decimal(item, Attr.Price),
        PriceExchange = Parse(Exchanges, item, Attr.PriceExchange),
        Recipient = TextOrNull(item, Attr.Recipient),
        Title = Text(item, Attr.Title),
        Message = Text(item, Attr.Message),
        DeliveryStatus = Parse(DeliveryStatuses, item, Attr.DeliveryStatus),
        Attempts = (int)Long(item, Attr.Attempts),
        NextAttemptAt = TimeOrNull(item, Attr.NextAttemptAt),
        LastResponse = TextOrNull(item, Attr.LastResponse),
        SentAt = TimeOrNull(item, Attr.SentAt),
        Channel = item.ContainsKey(Attr.Channel) ? Parse(ChannelWords, item, Attr.Channel) : Channels.Pushover,
        Urgent = item.TryGetValue(Attr.Urgent, out var urgent) && urgent.BOOL == true,
        Receipt = TextOrNull(item, Attr.Receipt),
        Held = item.TryGetValue(Attr.Held, out var held) && held.BOOL == true,
        MaybeSent = item.TryGetValue(Attr.MaybeSent, out var maybe) && maybe.BOOL == true,
        Facts = FiringFactsJson.Read(TextOrNull(item, Attr.Facts)),
    };

    public static string DueAt(DateTimeOffset? nextAttemptAt) => nextAttemptAt is { } time ? Time(time) : DueAtOnce;

    public static bool IsKind(Dictionary<string, AttributeValue>? item, string kind) =>
        item is { Count: > 0 } && item.TryGetValue(Attr.Kind, out var value) && value.S == kind;

    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);

    public static DateTimeOffset ToTime(string text) => new(
        DateTime.ParseExact(text, TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
        TimeSpan.Zero);

    public static AttributeValue S(string text) => new() { S = text };

    /// <summary>A Number from the decimal's exact invariant text: DynamoDB keeps 38 significant digits, more than a decimal has.</summary>
    public static AttributeValue N(decimal number) => new() { N = PriceText.Format(number) };

    public static AttributeValue N(long number) => new() { N = number.ToString(CultureInfo.InvariantCulture) };

    public static string ToWire(this DeliveryStatus status) => status switch
    {
        DeliveryStatus.Pending => "pending",
        DeliveryStatus.Sent => "sent",
        DeliveryStatus.Failed => "failed",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    private static void SetIfPresent(Dictionary<string, AttributeValue> item, string name, string? text)
    {
        if (text is not null)
            item[name] = S(text);
    }

    private static void SetIfPresent(Dictionary<string, AttributeValue> item, string name, DateTimeOffset? time)
    {
        if (time is { } value)
            item[name] = S(Time(value));
    }

    private static AttributeValue Required(Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var value) ? value : throw Unreadable(name, "missing");

    private static string Text(Dictionary<string, AttributeValue> item, string name) =>
        Required(item, name).S ?? throw Unreadable(name, "not a string");

    private static string? TextOrNull(Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var value) ? value.S : null;

    private static DateTimeOffset? TimeOrNull(Dictionary<string, AttributeValue> item, string name) =>
        TextOrNull(item, name) is { } text ? ToTime(text) : null;

    /// <summary>DynamoDB may give a Number back in another spelling (trailing zeros dropped, an exponent): parse them all.</summary>
    private static decimal Decimal(Dictionary<string, AttributeValue> item, string name) =>
        decimal.Parse(Number(item, name), NumberStyles.Float, CultureInfo.InvariantCulture);

    private static long Long(Dictionary<string, AttributeValue> item, string name) =>
        long.Parse(Number(item, name), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);

    private static string Number(Dictionary<string, AttributeValue> item, string name) =>
        Required(item, name).N ?? throw Unreadable(name, "not a number");

    private static T Parse<T>(FrozenDictionary<string, T> words, Dictionary<string, AttributeValue> item, string name)
        where T : struct, Enum
    {
        var text = Text(item, name);
        return words.TryGetValue(text, out var value) ? value : throw Unreadable(name, $"'{text}', which this version of TradingAlerts does not know");
    }

    private static FrozenDictionary<string, T> ByWireWord<T>(Func<T, string> toWire)
        where T : struct, Enum => Enum.GetValues<T>().ToFrozenDictionary(toWire, StringComparer.Ordinal);

    private static InvalidDataException Unreadable(string attribute, string problem) =>
        new($"The DynamoDB table holds an item whose attribute {attribute} is {problem}.");
}
