using System.Globalization;
using System.Text.RegularExpressions;

namespace TradingAlerts.Core.Signals;

/// <summary>Durations as people write them: <c>90s</c>, <c>5m</c>, <c>1h</c>, <c>1d</c>.</summary>
public static partial class DurationText
{
    public const string Example = "a number followed by s, m, h or d, such as 60s, 15m, 1h or 1d";

    public static bool TryParse(string? text, out TimeSpan duration)
    {
        var match = Pattern().Match(text?.Trim() ?? string.Empty);
        duration = default;
        if (!match.Success)
            return false;

        var amount = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        duration = match.Groups[2].Value.ToLowerInvariant() switch
        {
            "s" => TimeSpan.FromSeconds(amount),
            "m" => TimeSpan.FromMinutes(amount),
            "h" => TimeSpan.FromHours(amount),
            _ => TimeSpan.FromDays(amount),
        };
        return true;
    }

    /// <summary>The shortest exact form: <c>15m</c>, <c>1h</c>, <c>90s</c>.</summary>
    public static string Format(TimeSpan duration) =>
        duration.Ticks % TimeSpan.TicksPerDay == 0 && duration > TimeSpan.Zero ? $"{duration.TotalDays:0}d"
        : duration.Ticks % TimeSpan.TicksPerHour == 0 && duration > TimeSpan.Zero ? $"{duration.TotalHours:0}h"
        : duration.Ticks % TimeSpan.TicksPerMinute == 0 && duration > TimeSpan.Zero ? $"{duration.TotalMinutes:0}m"
        : $"{duration.TotalSeconds.ToString(CultureInfo.InvariantCulture)}s";

    [GeneratedRegex(@"^(\d+(?:\.\d+)?)\s*([smhdSMHD])$")]
    private static partial Regex Pattern();
}
