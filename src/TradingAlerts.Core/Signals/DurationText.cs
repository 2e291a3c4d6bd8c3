using System.Globalization;
using System.Text.RegularExpressions;

namespace TradingAlerts.Core.Signals;

/// <summary>Durations as people write them: <c>90s</c>, <c>5m</c>, <c>1h</c>, <c>1d</c>.</summary>
public static partial class DurationText
{
    public const string Example = "a number followed by s, m, h or d, such as 60s, 15m, 1h or 1d";

    /// <summary>
    /// The duration <paramref name="text"/> says, or false when it says none, or one longer than a TimeSpan holds
    /// (<c>99999999d</c>): never an exception, whatever the text. The caller's bounds name the real limit.
    /// </summary>
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        var match = Pattern().Match(text?.Trim() ?? string.Empty);
        duration = default;
        if (!match.Success || !decimal.TryParse(match.Groups[1].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
            return false;

        var unit = match.Groups[2].Value.ToLowerInvariant() switch
        {
            "s" => TimeSpan.TicksPerSecond,
            "m" => TimeSpan.TicksPerMinute,
            "h" => TimeSpan.TicksPerHour,
            _ => TimeSpan.TicksPerDay,
        };
        if (amount > TimeSpan.MaxValue.Ticks / unit)
            return false;

        duration = TimeSpan.FromTicks((long)Math.Round(amount * unit));
        return true;
    }

    /// <summary>
    /// A period up to now as people write it (<c>24h</c>, <c>7d</c>): from one minute to <paramref name="longest"/>, or
    /// the error that says so (the stats' and the backtests' <c>--since</c>).
    /// </summary>
    public static bool TryParsePeriod(string? text, TimeSpan longest, out TimeSpan period, out string? error)
    {
        error = null;
        if (TryParse(text, out period) && period >= TimeSpan.FromMinutes(1) && period <= longest)
            return true;

        error = $"must be a duration from 1m to {Format(longest)}, such as 24h or 7d (got '{text}')";
        return false;
    }

    /// <summary>Whether <paramref name="text"/> is written as a duration, whether or not a TimeSpan can hold it.</summary>
    public static bool IsDuration(string? text) => Pattern().IsMatch(text?.Trim() ?? string.Empty);

    /// <summary>The shortest exact form: <c>15m</c>, <c>1h</c>, <c>90s</c>.</summary>
    public static string Format(TimeSpan duration) =>
        duration.Ticks % TimeSpan.TicksPerDay == 0 && duration > TimeSpan.Zero ? Whole(duration.Ticks / TimeSpan.TicksPerDay, "d")
        : duration.Ticks % TimeSpan.TicksPerHour == 0 && duration > TimeSpan.Zero ? Whole(duration.Ticks / TimeSpan.TicksPerHour, "h")
        : duration.Ticks % TimeSpan.TicksPerMinute == 0 && duration > TimeSpan.Zero ? Whole(duration.Ticks / TimeSpan.TicksPerMinute, "m")
        : $"{(duration.Ticks / (decimal)TimeSpan.TicksPerSecond).ToString(CultureInfo.InvariantCulture)}s";

    private static string Whole(long amount, string unit) => amount.ToString(CultureInfo.InvariantCulture) + unit;

    [GeneratedRegex(@"^(\d+(?:\.\d+)?)\s*([smhdSMHD])$")]
    private static partial Regex Pattern();
}
