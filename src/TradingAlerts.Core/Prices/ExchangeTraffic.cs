using TradingAlerts.Core.Signals;

namespace TradingAlerts.Core.Prices;

/// <summary>
/// The requests that reached one exchange (retries included) and those of them that failed (an error status, or no
/// answer), as its host counts them on the wire; Core reads them before and after a piece of work.
/// </summary>
public readonly record struct ExchangeTraffic(long Requests, long Failures)
{
    /// <summary>Each exchange's traffic since <paramref name="before"/> was read.</summary>
    public static IReadOnlyDictionary<ExchangeId, ExchangeTraffic> Since(IReadOnlyDictionary<ExchangeId, ExchangeTraffic> before, IReadOnlyDictionary<ExchangeId, ExchangeTraffic> after) =>
        after.ToDictionary(a => a.Key, a => new ExchangeTraffic(a.Value.Requests - before.GetValueOrDefault(a.Key).Requests, a.Value.Failures - before.GetValueOrDefault(a.Key).Failures));
}
