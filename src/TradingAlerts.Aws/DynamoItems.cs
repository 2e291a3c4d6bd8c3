using System.Globalization;

namespace TradingAlerts.Aws;

/// <summary>
/// The attribute values items are made of, and reading them back; the items of each kind are in
/// <see cref="SignalItems"/>, <see cref="DeliveryItems"/> and the stores of the small kinds. Times, prices and enum words
/// are written as <see cref="StoredText"/> says. Null values are left out of the item.
/// </summary>
internal static class DynamoItems
{
    public static Dictionary<string, AttributeValue> Key(string id) => new() { [Attr.Id] = S(id) };

    public static bool IsKind(Dictionary<string, AttributeValue>? item, string kind) =>
        item is { Count: > 0 } && item.TryGetValue(Attr.Kind, out var value) && value.S == kind;

    public static AttributeValue S(string text) => new() { S = text };

    /// <summary>A Number from the decimal's exact invariant text: DynamoDB keeps 38 significant digits, more than a decimal has.</summary>
    public static AttributeValue N(decimal number) => new() { N = StoredText.FromPrice(number) };

    public static AttributeValue N(long number) => new() { N = number.ToString(CultureInfo.InvariantCulture) };

    public static void SetIfPresent(Dictionary<string, AttributeValue> item, string name, string? text)
    {
        if (text is not null)
            item[name] = S(text);
    }

    public static void SetIfPresent(Dictionary<string, AttributeValue> item, string name, DateTimeOffset? time)
    {
        if (time is { } value)
            item[name] = S(StoredText.FromTime(value));
    }

    public static AttributeValue Required(Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var value) ? value : throw Unreadable(name, "missing");

    public static string Text(Dictionary<string, AttributeValue> item, string name) =>
        Required(item, name).S ?? throw Unreadable(name, "not a string");

    public static string? TextOrNull(Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var value) ? value.S : null;

    public static DateTimeOffset Time(Dictionary<string, AttributeValue> item, string name) => StoredText.ToTime(Text(item, name));

    public static DateTimeOffset? TimeOrNull(Dictionary<string, AttributeValue> item, string name) =>
        TextOrNull(item, name) is { } text ? StoredText.ToTime(text) : null;

    /// <summary>True only for a stored true: a flag left out of the item is false.</summary>
    public static bool IsTrue(Dictionary<string, AttributeValue> item, string name) => item.TryGetValue(name, out var value) && value.BOOL == true;

    /// <summary>DynamoDB may give a Number back in another spelling (trailing zeros dropped, an exponent): parse them all.</summary>
    public static decimal Decimal(Dictionary<string, AttributeValue> item, string name) => StoredText.ToPrice(Number(item, name));

    public static long Long(Dictionary<string, AttributeValue> item, string name) =>
        long.Parse(Number(item, name), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);

    /// <summary>The enum value of a stored wire word (<see cref="StoredText.TryRead{T}"/>).</summary>
    public static T Word<T>(Dictionary<string, AttributeValue> item, string name)
        where T : struct, Enum
    {
        var text = Text(item, name);
        return StoredText.TryRead<T>(text, out var value) ? value : throw Unreadable(name, $"'{text}', which this version of TradingAlerts does not know");
    }

    public static InvalidDataException Unreadable(string attribute, string problem) =>
        new($"The DynamoDB table holds an item whose attribute {attribute} is {problem}.");

    private static string Number(Dictionary<string, AttributeValue> item, string name) =>
        Required(item, name).N ?? throw Unreadable(name, "not a number");
}
