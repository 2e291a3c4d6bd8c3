using TradingAlerts.Simulation.World;

namespace TradingAlerts.Simulation.Oracle;

/// <summary>For the crossing conditions, the side of the target the alert is armed on.</summary>
public enum Side
{
    None,
    Below,
    Above,
}

/// <summary>
/// The README's rules ("How alerts fire"), written again for the oracle from the text, not taken from the product:
/// when a pending alert fires at a price, when a waiting one arms, which side a crossing leaves it on.
/// </summary>
public static class Rules
{
    /// <summary>The README's wick band: only targets within 5 % of the last price are looked up in the candles.</summary>
    public const decimal WickBand = 0.05m;

    /// <summary>The README's cap on the look-back after downtime.</summary>
    public static readonly TimeSpan MaxLookBack = TimeSpan.FromHours(1);

    /// <summary>The README's flap protection: the fifth firing within an hour pauses a re-arming alert.</summary>
    public const int FlapLimit = 5;

    public static readonly TimeSpan FlapWindow = TimeSpan.FromHours(1);

    /// <summary>Whether <paramref name="price"/> fires a pending alert (equality fires); never for a percent move, which compares with the past.</summary>
    public static bool Fires(AlertDefinition d, Side side, decimal price) => d.Condition switch
    {
        "above" or "crosses_up" => price >= d.Target,
        "below" or "crosses_down" => price <= d.Target,
        "crosses" => side == Side.Below ? price >= d.Target : side == Side.Above && price <= d.Target,
        "channel_exit" => price <= d.Low || price >= d.High,
        _ => false,
    };

    /// <summary>Whether a percent move fires: the change from <paramref name="reference"/> to <paramref name="price"/>, in the alert's direction.</summary>
    public static bool MoveFires(AlertDefinition d, decimal price, decimal reference)
    {
        if (reference <= 0m)
            return false;

        var change = (price - reference) / reference * 100m;
        return d.Direction switch
        {
            "up" => change >= d.Pct,
            "down" => change <= -d.Pct,
            _ => Math.Abs(change) >= d.Pct,
        };
    }

    /// <summary>
    /// Whether a check that sees <paramref name="price"/> arms a waiting alert, and on which side. A fresh crossing (never
    /// fired since it was created or edited) arms when the price is strictly on its arming side; after a firing, the
    /// price must be back beyond the hysteresis band (the cooldown is the caller's to check). Null: it does not arm.
    /// </summary>
    public static Side? Arms(AlertDefinition d, decimal price, bool fresh, Side crossedTo)
    {
        var h = fresh ? 0m : d.Hysteresis / 100m;
        switch (d.Condition)
        {
            case "above" or "crosses_up":
                return price < d.Target * (1m - h) ? Side.Below : null;
            case "below" or "crosses_down":
                return price > d.Target * (1m + h) ? Side.Above : null;
            case "crosses" when fresh:
                return price > d.Target ? Side.Above : price < d.Target ? Side.Below : null;
            case "crosses":
                // After a firing it must get h beyond the target on the side it crossed to; the next firing is the crossing back.
                return crossedTo == Side.Above ? (price > d.Target * (1m + h) ? Side.Above : null)
                    : price < d.Target * (1m - h) ? Side.Below : null;
            case "channel_exit":
                return price >= d.Low * (1m + h) && price <= d.High * (1m - h) ? Side.None : null;
            default:
                return Side.None;
        }
    }

    /// <summary>The side a crossing leaves a crossing alert on: the side of the target the firing price is on.</summary>
    public static Side CrossedTo(AlertDefinition d, decimal price) => price >= d.Target ? Side.Above : Side.Below;

    /// <summary>The levels a pending alert can be touched at, for the wick band.</summary>
    public static IEnumerable<decimal> Levels(AlertDefinition d) =>
        d.Condition == "channel_exit" ? [d.Low!.Value, d.High!.Value] : d.Target is { } target ? [target] : [];

    /// <summary>Whether a level lies within the wick band of the last price: the only levels the candles are read for.</summary>
    public static bool WithinWickBand(decimal level, decimal lastPrice) => lastPrice > 0m && Math.Abs(level - lastPrice) / lastPrice <= WickBand;
}
