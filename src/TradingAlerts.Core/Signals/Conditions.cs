namespace TradingAlerts.Core.Signals;

public static class Conditions
{
    /// <summary>
    /// Whether a price satisfies a condition. Equality fires: a price that touches the target
    /// exactly counts as having reached it, for both directions.
    /// </summary>
    public static bool IsMetBy(this Condition condition, decimal price, decimal target) => condition switch
    {
        Condition.Above => price >= target,
        Condition.Below => price <= target,
        _ => throw new ArgumentOutOfRangeException(nameof(condition), condition, null),
    };
}
