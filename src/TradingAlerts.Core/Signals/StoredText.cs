using System.Collections.Frozen;
using System.Globalization;
using TradingAlerts.Core.Notifications;

namespace TradingAlerts.Core.Signals;

/// <summary>
/// How both stores write the values a column or attribute has no exact type for, and read them back: one rule for
/// SQLite and DynamoDB, so a row and an item hold the same text.
/// </summary>
public static class StoredText
{
    /// <summary>
    /// One fixed width, always UTC: string order is time order (due deliveries, newest firings, key conditions), and
    /// the seven fraction digits keep every tick of a <see cref="DateTimeOffset"/>.
    /// </summary>
    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    public static string FromTime(DateTimeOffset time) => time.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);

    public static DateTimeOffset ToTime(string text) => new(
        DateTime.ParseExact(text, TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
        TimeSpan.Zero);

    /// <summary>A UTC day (the cycle log's tallies): string order is day order.</summary>
    public static string FromDay(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static DateOnly ToDay(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Decimal text in the invariant culture: a floating-point column would round 0.00000123 and 20-digit prices.</summary>
    public static string FromPrice(decimal price) => PriceText.Format(price);

    public static decimal ToPrice(string text) => decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    public static string ToWire(this DeliveryStatus status) => status switch
    {
        DeliveryStatus.Pending => "pending",
        DeliveryStatus.Sent => "sent",
        DeliveryStatus.Failed => "failed",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    /// <summary>
    /// The value a stored word stands for. The stores only ever write the exact wire words, so an exact lookup
    /// suffices; unlike <c>WireNames.TryParse*</c> it allocates nothing per row, which matters when the Reader streams
    /// every armed alert each cycle.
    /// </summary>
    public static bool TryRead<T>(string text, out T value)
        where T : struct, Enum => Words<T>.ByWire.TryGetValue(text, out value);

    private static class Words<T>
        where T : struct, Enum
    {
        public static readonly FrozenDictionary<string, T> ByWire = Values().ToFrozenDictionary(Word, StringComparer.Ordinal);

        private static IEnumerable<T> Values() => typeof(T) == typeof(Channels) ? ChannelNames.All.Cast<T>() : Enum.GetValues<T>();

        private static string Word(T value) => value switch
        {
            ExchangeId exchange => exchange.ToWire(),
            Condition condition => condition.ToWire(),
            SignalStatus status => status.ToWire(),
            SignalSource source => source.ToWire(),
            PriceSide side => side.ToWire(),
            Channels channel => channel.ToWire(),
            DeliveryStatus status => status.ToWire(),
            _ => throw new NotSupportedException($"{typeof(T).Name} is not a stored word"),
        };
    }
}
