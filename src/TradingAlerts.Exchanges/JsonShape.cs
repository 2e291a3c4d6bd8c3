using System.Text;
using System.Text.Json;

namespace TradingAlerts.Exchanges;

/// <summary>What an exchange's answer should look like, so that an unreadable one can be described by how it differs.</summary>
/// <param name="Name">What the answer holds, in words: "the array of prices".</param>
/// <param name="Example">Its outline: <c>[{"symbol":"…","price":"…"}, …]</c>. Its first character says array or object.</param>
internal sealed record JsonShape(string Name, string Example)
{
    /// <summary>
    /// "an HTML page, not JSON (starts …)", "malformed or truncated JSON at byte 12", "JSON of an unexpected shape
    /// at $[0].price, expected …": why <paramref name="body"/> could not be read as this shape.
    /// </summary>
    public string DescribeMismatch(byte[] body, JsonException failure)
    {
        var text = Encoding.UTF8.GetString(body).TrimStart();
        var start = Shorten(text);
        if (text.Length == 0)
            return "an empty body";
        if (text[0] == '<')
            return $"an HTML page, not JSON (starts \"{start}\")";
        if (text[0] is not ('{' or '['))
            return $"not JSON (starts \"{start}\")";
        if (text[0] != Example[0])
            return $"{(text[0] == '{' ? "a JSON object" : "a JSON array")}, not {Name} (starts \"{start}\")";

        if (!IsWellFormedJson(body))
        {
            var where = failure.BytePositionInLine is { } position ? $" at byte {position}" : string.Empty;
            return $"malformed or truncated JSON{where}";
        }

        return $"JSON of an unexpected shape at {failure.Path ?? "$"}, expected {Example}";
    }

    /// <summary>The first 60 characters of <paramref name="text"/> on one line: enough to recognise a page or a message.</summary>
    public static string Shorten(string text)
    {
        const int Shown = 60;
        var oneLine = text.ReplaceLineEndings(" ");
        return oneLine.Length <= Shown ? oneLine : string.Concat(oneLine.AsSpan(0, Shown), "…");
    }

    private static bool IsWellFormedJson(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
