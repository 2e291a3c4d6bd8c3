using System.Globalization;
using TradingAlerts.Simulation.Servers;

namespace TradingAlerts.Simulation.Oracle;

/// <summary>One firing as a received message tells of it (a message of its own, or an entry of a quiet-hours digest).</summary>
/// <param name="FiredAt">The firing's time as the message states it (whole seconds).</param>
/// <param name="Price">The price the message says met the condition ("now X", "touched X").</param>
/// <param name="Reference">For a percent move, the price it was measured from ("(from R)").</param>
public sealed record Mention(string Name, DateTimeOffset FiredAt, decimal Price, bool Touched, decimal? Reference, Received Message, bool InDigest);

/// <summary>An expiry notice's mention of one alert.</summary>
public sealed record ExpiryMention(string Name, Received Message);

/// <summary>
/// Reads what reached the phones and the webhooks the way a person reads them: which alert a message is about (its
/// name is the message's first line; each alert's name is unique in a run), when it fired, at what price.
/// </summary>
public static class Pushes
{
    public static (List<Mention> Firings, List<ExpiryMention> Expiries, List<Received> Operator, List<Received> Unreadable) Read(
        IEnumerable<Received> received, IReadOnlySet<string> names, string operatorKey)
    {
        var firings = new List<Mention>();
        var expiries = new List<ExpiryMention>();
        var operatorMessages = new List<Received>();
        var unreadable = new List<Received>();
        foreach (var message in received)
        {
            if (message.Recipient == operatorKey)
            {
                operatorMessages.Add(message);
                continue;
            }

            // A quiet-hours digest holds the messages held for it, firings and expiry notices alike, each as title and text.
            var digest = message.Title.EndsWith(" alerts during quiet hours", StringComparison.Ordinal);
            var blocks = digest ? message.Message.Split("\n\n") : [$"{message.Title}\n{message.Message}"];
            var before = firings.Count + expiries.Count;
            foreach (var block in blocks)
            {
                var title = block.Split('\n')[0];
                if (title.StartsWith("Alert expired: ", StringComparison.Ordinal) || title.EndsWith(" alerts expired", StringComparison.Ordinal))
                {
                    foreach (var line in block.Split('\n').Skip(1))
                    {
                        var name = line.Split(' ')[0];
                        if (names.Contains(name))
                            expiries.Add(new ExpiryMention(name, message));
                    }
                }
                else if (Parse(block, names, message, digest) is { } mention)
                {
                    firings.Add(mention);
                }
            }

            if (firings.Count + expiries.Count == before)
                unreadable.Add(message);
        }

        return (firings, expiries, operatorMessages, unreadable);
    }

    /// <summary>A title line, then the message: its alert's name on a line of its own, its "Time: …" line.</summary>
    private static Mention? Parse(string block, IReadOnlySet<string> names, Received message, bool digest)
    {
        var lines = block.Split('\n');
        var name = lines.Skip(1).FirstOrDefault(names.Contains);
        var time = lines.FirstOrDefault(l => l.StartsWith("Time: ", StringComparison.Ordinal));
        var title = lines[0];
        var said = title.LastIndexOf(": ", StringComparison.Ordinal);
        if (name is null || time is null || said < 0)
            return null;

        var words = title[(said + 2)..].Split(' ');
        if (words.Length != 2 || !decimal.TryParse(words[1].Replace(",", string.Empty, StringComparison.Ordinal), NumberStyles.Number, CultureInfo.InvariantCulture, out var price))
            return null;

        // A message the channel cut short (Pushover keeps 1024 characters) may end inside the firing's lines: it is not told.
        if (!DateTimeOffset.TryParseExact(time["Time: ".Length..], "yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var firedAt))
            return null;

        decimal? reference = null;
        var from = block.IndexOf("(from ", StringComparison.Ordinal);
        var close = from >= 0 ? block.IndexOf(')', from) : -1;
        if (close > from && decimal.TryParse(block[(from + 6)..close].Replace(",", string.Empty, StringComparison.Ordinal), NumberStyles.Number, CultureInfo.InvariantCulture, out var measuredFrom))
            reference = measuredFrom;

        return new Mention(name, firedAt, price, words[0] == "touched", reference, message, digest);
    }
}
