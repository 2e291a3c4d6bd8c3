using System.Collections.Frozen;
using System.Globalization;
using TradingAlerts.Core.Notifications;
using TradingAlerts.Core.Signals;

namespace TradingAlerts.Storage;

/// <summary>How values that SQLite has no exact type for are written as TEXT, and read back.</summary>
internal static class SqliteText
{
    /// <summary>
    /// One fixed width, always UTC: string comparison in SQL then orders times correctly (due deliveries, newest
    /// firings), and the seven fraction digits keep every tick of a <see cref="DateTimeOffset"/>.
    /// </summary>
    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    private static readonly FrozenDictionary<string, ExchangeId> Exchanges = ByWireWord<ExchangeId>(WireNames.ToWire);
    private static readonly FrozenDictionary<string, Condition> Conditions = ByWireWord<Condition>(WireNames.ToWire);
    private static readonly FrozenDictionary<string, SignalStatus> Statuses = ByWireWord<SignalStatus>(WireNames.ToWire);
    private static readonly FrozenDictionary<string, SignalSource> Sources = ByWireWord<SignalSource>(WireNames.ToWire);
    private static readonly FrozenDictionary<string, Channels> ChannelWords = ChannelNames.All.ToFrozenDictionary(c => c.ToWire(), StringComparer.Ordinal);
    private static readonly FrozenDictionary<string, PriceSide> Sides = ByWireWord<PriceSide>(WireNames.ToWire);
    private static readonly FrozenDictionary<string, DeliveryStatus> DeliveryStatuses = ByWireWord<DeliveryStatus>(ToWire);

    public static string FromTime(DateTimeOffset time) => time.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);

    public static DateTimeOffset ToTime(string text) => new(
        DateTime.ParseExact(text, TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
        TimeSpan.Zero);

    /// <summary>Decimal text in the invariant culture: a REAL column would round 0.00000123 and 20-digit prices.</summary>
    public static string FromPrice(decimal price) => PriceText.Format(price);

    public static decimal ToPrice(string text) =>
        decimal.Parse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);

    public static string ToWire(this DeliveryStatus status) => status switch
    {
        DeliveryStatus.Pending => "pending",
        DeliveryStatus.Sent => "sent",
        DeliveryStatus.Failed => "failed",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static ExchangeId ToExchange(string text) => Parse(Exchanges, "exchange", text);

    public static Condition ToCondition(string text) => Parse(Conditions, "condition", text);

    public static SignalStatus ToStatus(string text) => Parse(Statuses, "status", text);

    public static SignalSource ToSource(string text) => Parse(Sources, "source", text);

    public static PriceSide ToSide(string text) => Parse(Sides, "side", text);

    public static Channels ToChannel(string text) => Parse(ChannelWords, "channel", text);

    public static DeliveryStatus ToDeliveryStatus(string text) => Parse(DeliveryStatuses, "delivery_status", text);

    private static T Parse<T>(FrozenDictionary<string, T> words, string column, string text)
        where T : struct, Enum => words.TryGetValue(text, out var value) ? value : throw Unreadable(column, text);

    /// <summary>
    /// The store only ever writes the exact wire words, so an exact lookup suffices; unlike WireNames.TryParse* it
    /// allocates nothing per row, which matters when the Reader streams every armed alert each cycle.
    /// </summary>
    private static FrozenDictionary<string, T> ByWireWord<T>(Func<T, string> toWire)
        where T : struct, Enum => Enum.GetValues<T>().ToFrozenDictionary(toWire, StringComparer.Ordinal);

    private static InvalidDataException Unreadable(string column, string text) =>
        new($"The alert database holds '{text}' in column {column}, which this version of TradingAlerts does not know.");
}
