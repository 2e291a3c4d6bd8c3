using TradingAlerts.Testing;

namespace TradingAlerts.Web.Tests;

/// <summary>
/// A week of Binance's one-minute BTCUSDT candles up to the harness's now (2026-11-25 12:00 UTC), whose truth for
/// <c>crosses_up 100 000, rearm, hysteresis 0.5 %</c> is worked out here by hand:
/// <list type="bullet">
/// <item>the price sits at 99 000 (high 99 100, low 98 900): the first check arms it below the target;</item>
/// <item>2026-11-21 08:00 closes at 100 200: it fires on the close at 08:01;</item>
/// <item>08:01–08:40 it stays at 99 800 (08:30 closes at 100 100): never 0.5 % below the target (99 500), so it is
/// not armed again and 08:30 does not fire;</item>
/// <item>from 08:41 back at 99 000: armed again (the 15 min cooldown has passed);</item>
/// <item>2026-11-23 14:30's high touches 100 050 but closes at 99 400: it fires on the wick at 14:31;</item>
/// <item>2026-11-24 03:00–03:04 has no candles: a gap of 5 minutes.</item>
/// </list>
/// Two firings, so two pushes (the default channel, pushover).
/// </summary>
internal static class BacktestWeek
{
    public static readonly DateTimeOffset FirstFiring = new(2026, 11, 21, 8, 1, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset SecondFiring = new(2026, 11, 23, 14, 31, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset GapFrom = new(2026, 11, 24, 3, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset GapTo = GapFrom.AddMinutes(5);

    /// <summary>The rule, as the query of <c>GET /api/backtest</c> (the create body's field names).</summary>
    public const string Query = "exchange=binance&symbol=BTCUSDT&condition=crosses_up&target_price=100000&frequency=rearm&hysteresis=0.5";

    public static KlineHistory Serve(WebHarness harness)
    {
        var history = new KlineHistory(harness.Exchanges.Binance, KlineShape.Binance, harness.Clock);
        var now = harness.Clock.GetUtcNow();
        var firstCross = FirstFiring.AddMinutes(-1);
        for (var open = now.AddDays(-7); open < now; open += TimeSpan.FromMinutes(1))
        {
            if (open >= GapFrom && open < GapTo)
                continue;
            if (open == firstCross)
                history.Add(open, 100_300m, 99_000m, 100_200m);
            else if (open == firstCross.AddMinutes(30))
                history.Add(open, 100_150m, 99_800m, 100_100m);
            else if (open > firstCross && open <= firstCross.AddMinutes(40))
                history.Add(open, 99_900m, 99_700m, 99_800m);
            else if (open == SecondFiring.AddMinutes(-1))
                history.Add(open, 100_050m, 99_000m, 99_400m);
            else
                history.Add(open, 99_100m, 98_900m, 99_000m);
        }

        return history;
    }
}
