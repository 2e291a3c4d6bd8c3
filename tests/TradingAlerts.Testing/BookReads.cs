using TradingAlerts.Core.Signals;

namespace TradingAlerts.Testing;

/// <summary>The trigger book read for one market, as a Worker reads it for a batch of markets.</summary>
public static class BookReads
{
    public static async Task<IReadOnlyList<Signal>> ReachedAsync(this ISignalStore store, ExchangeId exchange, string symbol, BookWindow window, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        var market = new Market(exchange, symbol, symbol[..^4], symbol[^4..]);
        return (await store.ListReachedAsync([new MarketWindow(market, window)], ct).SingleAsync(ct)).Signals;
    }
}
