using System.Diagnostics.CodeAnalysis;
using System.Text;
using TradingAlerts.Core.Signals;

namespace TradingAlerts.Core.Notifications;

/// <summary>
/// An alert's own message: text with placeholders such as <c>{symbol}</c> and <c>{price}</c>, filled from the firing.
/// <c>{{</c> and <c>}}</c> stand for literal braces. Placeholders are lowercase; an unknown one, or a brace without its
/// partner, is refused by <see cref="Validate"/> so that the alert is never created with a message that cannot be written.
/// </summary>
/// <remarks>
/// Values: money as <see cref="NotificationText.Money"/> writes it; <c>{time}</c> as "2026-07-01 12:00:00 UTC";
/// <c>{exchange}</c> and <c>{condition}</c> in their wire words; <c>{notes}</c> empty when the alert has none;
/// <c>{high}</c> and <c>{low}</c> "-" when the firing has no band or wick extreme.
/// </remarks>
public sealed class MessageTemplate
{
    /// <summary>The placeholders a template may use, in the order the error messages list them.</summary>
    public static IReadOnlyList<string> Placeholders { get; } =
        ["name", "symbol", "exchange", "price", "target", "condition", "high", "low", "time", "notes"];

    private const string Missing = "-";

    /// <summary>The template in order: literal text, and placeholder names.</summary>
    private readonly IReadOnlyList<(string Text, bool IsPlaceholder)> segments;

    private MessageTemplate(IReadOnlyList<(string Text, bool IsPlaceholder)> segments) => this.segments = segments;

    /// <summary>What is wrong with <paramref name="template"/>, one problem a line; empty when it can be used.</summary>
    public static IReadOnlyList<string> Validate(string template)
    {
        TryParse(template, out _, out var problems);
        return problems;
    }

    public static bool TryParse(string template, [NotNullWhen(true)] out MessageTemplate? parsed, out IReadOnlyList<string> problems)
    {
        ArgumentNullException.ThrowIfNull(template);
        var found = new List<string>();
        var segments = new List<(string, bool)>();
        var literal = new StringBuilder();

        if (string.IsNullOrWhiteSpace(template))
            found.Add("the template is empty; leave it out to use the default message");

        for (var i = 0; i < template.Length; i++)
        {
            var c = template[i];
            var next = i + 1 < template.Length ? template[i + 1] : '\0';
            if ((c == '{' && next == '{') || (c == '}' && next == '}'))
            {
                literal.Append(c);
                i++;
            }
            else if (c == '}')
            {
                found.Add($"unmatched }} at character {i + 1}; write }}}} for a literal brace");
            }
            else if (c == '{')
            {
                var close = template.IndexOfAny(['{', '}'], i + 1);
                if (close < 0 || template[close] == '{')
                {
                    found.Add($"unmatched {{ at character {i + 1}; write {{{{ for a literal brace");
                    continue;
                }

                var name = template[(i + 1)..close];
                if (Placeholders.Contains(name, StringComparer.Ordinal))
                {
                    segments.Add((literal.ToString(), false));
                    segments.Add((name, true));
                    literal.Clear();
                }
                else
                {
                    found.Add(Unknown(name));
                }

                i = close;
            }
            else
            {
                literal.Append(c);
            }
        }

        segments.Add((literal.ToString(), false));
        problems = found;
        parsed = found.Count == 0 ? new MessageTemplate(segments) : null;
        return parsed is not null;
    }

    public string Render(FiringFacts firing)
    {
        ArgumentNullException.ThrowIfNull(firing);
        var text = new StringBuilder();
        foreach (var (segment, isPlaceholder) in segments)
            text.Append(isPlaceholder ? Value(segment, firing) : segment);
        return text.ToString();
    }

    private static string Value(string placeholder, FiringFacts firing) => placeholder switch
    {
        "name" => firing.Name,
        "symbol" => firing.Symbol,
        "exchange" => firing.Exchange.ToWire(),
        "price" => NotificationText.Money(firing.Price),
        "target" => firing.Target is { } target ? NotificationText.Money(target) : Missing,
        "condition" => firing.Condition.ToWire(),
        "high" => firing.High is { } high ? NotificationText.Money(high) : Missing,
        "low" => firing.Low is { } low ? NotificationText.Money(low) : Missing,
        "time" => NotificationText.UtcTime(firing.Time),
        "notes" => firing.Notes ?? string.Empty,
        _ => throw new ArgumentOutOfRangeException(nameof(placeholder), placeholder, "not a placeholder"),
    };

    private static string Unknown(string name)
    {
        var closest = Placeholders.MinBy(known => Distance(known, name.Trim().ToLowerInvariant()))!;
        var hint = Distance(closest, name.Trim().ToLowerInvariant()) <= 2 ? $" (did you mean {{{closest}}}?)" : string.Empty;
        var choices = string.Join(", ", Placeholders.Select(known => $"{{{known}}}"));
        return name.Length == 0
            ? $"empty placeholder {{}}; use one of {choices}, or {{{{ and }}}} for literal braces"
            : $"unknown placeholder {{{name}}}{hint}; use one of {choices}";
    }

    /// <summary>Levenshtein distance: how many single-character edits turn one word into the other.</summary>
    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
            }

            previous = current;
        }

        return previous[b.Length];
    }
}
