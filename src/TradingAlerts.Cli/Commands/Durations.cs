using System.Globalization;
using System.Text.RegularExpressions;

namespace TradingAlerts.Cli.Commands;

/// <summary>Durations as people write them: <c>90s</c>, <c>5m</c>, <c>1h</c>.</summary>
internal static partial class Durations
{
    public static TimeSpan Parse(string flag, string text)
    {
        var match = Pattern().Match(text.Trim());
        if (!match.Success)
            throw new CliInputException($"{flag} must be a number followed by s, m or h, such as 60s or 5m (got '{text}')");

        var amount = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return match.Groups[2].Value.ToLowerInvariant() switch
        {
            "s" => TimeSpan.FromSeconds(amount),
            "m" => TimeSpan.FromMinutes(amount),
            _ => TimeSpan.FromHours(amount),
        };
    }

    [GeneratedRegex(@"^(\d+(?:\.\d+)?)\s*([smhSMH])$")]
    private static partial Regex Pattern();
}
