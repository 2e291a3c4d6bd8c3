using TradingAlerts.Core.Signals;

namespace TradingAlerts.Core.Backtesting;

/// <summary>
/// The period a backtest covers, as a person writes it: the last <c>7d</c> (<c>--since</c>), or from a date or time
/// (UTC unless an offset is given) to another or to now; whole minutes (a minute not yet ended has no candle), at most
/// <see cref="CandleDownload.MaxSpan"/>.
/// </summary>
public static class BacktestPeriod
{
    public const string DefaultSince = "7d";

    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    /// <summary>The period, or the error naming the flag (<c>since</c>, <c>from</c>, <c>to</c>) that is wrong.</summary>
    public static bool TryResolve(string? since, string? from, string? to, DateTimeOffset now, out (DateTimeOffset From, DateTimeOffset To) period, out ValidationError? error)
    {
        period = default;
        error = null;
        var end = Floor(now);
        if (from is null)
        {
            if (to is not null)
                return Fail("to", "goes with --from", out error);
            if (!DurationText.TryParsePeriod(since ?? DefaultSince, CandleDownload.MaxSpan, out var span, out var wrong))
                return Fail("since", wrong!, out error);
            period = Last(span, now);
            return true;
        }

        if (since is not null)
            return Fail("since", "goes without --from and --to", out error);
        if (!SignalValidator.TryParseTime(from, out var start))
            return Fail("from", $"must be a date or time, e.g. 2026-11-01 or 2026-11-01T12:00Z (got '{from}')", out error);

        var stop = end;
        if (to is not null && !SignalValidator.TryParseTime(to, out stop))
            return Fail("to", $"must be a date or time, e.g. 2026-11-08 (got '{to}')", out error);
        (start, stop) = (Floor(start), Floor(stop) < end ? Floor(stop) : end);
        if (stop <= start)
            return Fail("to", "must come after --from, and --from before now", out error);
        if (stop - start > CandleDownload.MaxSpan)
            return Fail("from", $"the period is at most {DurationText.Format(CandleDownload.MaxSpan)}", out error);

        period = (start, stop);
        return true;
    }

    /// <summary>The whole minutes of the last <paramref name="span"/> up to <paramref name="now"/> (the minute under way has no candle yet).</summary>
    public static (DateTimeOffset From, DateTimeOffset To) Last(TimeSpan span, DateTimeOffset now)
    {
        var end = Floor(now);
        return (Floor(end - span), end);
    }

    private static bool Fail(string flag, string message, out ValidationError? error)
    {
        error = new ValidationError(flag, message);
        return false;
    }

    private static DateTimeOffset Floor(DateTimeOffset time) => new(time.UtcTicks - (time.UtcTicks % Minute.Ticks), TimeSpan.Zero);
}
