using TradingAlerts.Core.Prices;
using TradingAlerts.Core.Signals;

namespace TradingAlerts.Web.Views;

/// <summary>An alert as the list shows it: its current price and how far the target is from it.</summary>
/// <param name="Distance">(target − price) / price in percent: how far the price must move to fire; null without a price.</param>
public sealed record AlertLine(Signal Signal, PriceAnswer? Price, decimal? Distance);

/// <summary>
/// The listed alerts' current prices, one bulk request per exchange, with the monitor's fallback and circuit breaker.
/// Answers are shared by the pages for <see cref="Window"/>, so reloading does not hammer the exchanges.
/// </summary>
public sealed class CurrentPrices(CyclePrices prices, TimeProvider clock)
{
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(15);

    public async Task<IReadOnlyList<AlertLine>> ForAsync(IReadOnlyList<Signal> signals, CancellationToken ct)
    {
        var window = clock.GetUtcNow().ToUnixTimeSeconds() / (long)Window.TotalSeconds;
        var answers = new Dictionary<(ExchangeId, Pair), PriceAnswer>();
        foreach (var group in signals.Where(s => s.Base.Length > 0).GroupBy(s => s.Exchange))
        {
            var found = await prices.GetAsync($"web@{window}", group.Key, group.Select(PairOf).Distinct().ToList(), ct);
            foreach (var (pair, answer) in found)
                answers[(group.Key, pair)] = answer;
        }

        return signals.Select(s =>
        {
            var answer = answers.GetValueOrDefault((s.Exchange, PairOf(s)));
            decimal? distance = answer?.Price is { } price and > 0m && NearestLevel(s, price) is { } level ? (level - price) / price * 100m : null;
            return new AlertLine(s, answer, distance);
        }).ToList();
    }

    private static Pair PairOf(Signal signal) => new(signal.Base, signal.Quote);

    /// <summary>The target, or the nearer bound of a band; none for a percent move.</summary>
    private static decimal? NearestLevel(Signal signal, decimal price) =>
        new[] { signal.TargetPrice, signal.Rule.Low, signal.Rule.High }.OfType<decimal>().OrderBy(level => Math.Abs(level - price)).Cast<decimal?>().FirstOrDefault();
}
