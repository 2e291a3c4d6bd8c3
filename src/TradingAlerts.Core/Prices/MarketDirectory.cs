using TradingAlerts.Core.Signals;

namespace TradingAlerts.Core.Prices;

/// <summary>
/// Each exchange's instrument list, fetched at most once per cache period (a failed fetch is not retried before the
/// next period either, so a broken exchange is not hammered on every alert created).
/// </summary>
public sealed class MarketDirectory(IEnumerable<IExchangeCatalog> catalogs, TimeProvider clock, TimeSpan cacheFor)
{
    private readonly Dictionary<ExchangeId, IExchangeCatalog> catalogs = catalogs.ToDictionary(c => c.Exchange);
    private readonly Dictionary<ExchangeId, (DateTimeOffset Until, Task<Listing> Listing)> cache = [];
    private readonly Lock gate = new();

    public static TimeSpan DefaultCacheFor { get; } = TimeSpan.FromHours(1);

    /// <summary>The exchange's listing; throws <see cref="ExchangeUnavailableException"/> when it cannot be had.</summary>
    public Task<Listing> GetListingAsync(ExchangeId exchange, CancellationToken ct)
    {
        lock (gate)
        {
            var now = clock.GetUtcNow();
            if (cache.TryGetValue(exchange, out var cached) && cached.Until > now)
                return cached.Listing;

            if (!catalogs.TryGetValue(exchange, out var catalog))
                throw new ExchangeUnavailableException(exchange, "no instrument list for this exchange in this installation");

            var listing = FetchAsync(catalog, ct);
            cache[exchange] = (now + cacheFor, listing);
            return listing;
        }
    }

    private static async Task<Listing> FetchAsync(IExchangeCatalog catalog, CancellationToken ct) =>
        new(catalog.Exchange, await catalog.GetInstrumentsAsync(ct));
}

/// <summary>What one exchange lists, found by normalised symbol or by pair.</summary>
public sealed class Listing
{
    private readonly Dictionary<string, Instrument> bySymbol;
    private readonly Dictionary<(string Base, string Quote), Instrument> byPair;

    public Listing(ExchangeId exchange, IReadOnlyList<Instrument> instruments)
    {
        Exchange = exchange;
        bySymbol = instruments.GroupBy(i => i.Base + i.Quote).ToDictionary(g => g.Key, g => g.OrderByDescending(i => i.IsTrading).First());
        byPair = bySymbol.Values.ToDictionary(i => (i.Base, i.Quote));
    }

    public ExchangeId Exchange { get; }

    public Instrument? Find(string normalizedSymbol) => bySymbol.GetValueOrDefault(normalizedSymbol);

    public Instrument? Find(string baseAsset, string quoteAsset) => byPair.GetValueOrDefault((baseAsset, quoteAsset));

    /// <summary>The listed symbols nearest to a mistyped one (edit distance, then the same quote first).</summary>
    public IReadOnlyList<string> Closest(string normalizedSymbol, int count = 3) =>
        bySymbol.Keys
            .Select(s => (Symbol: s, Distance: EditDistance(s, normalizedSymbol)))
            .Where(c => c.Distance <= Math.Max(2, normalizedSymbol.Length / 3))
            .OrderBy(c => c.Distance)
            .ThenBy(c => c.Symbol, StringComparer.Ordinal)
            .Take(count)
            .Select(c => c.Symbol)
            .ToList();

    private static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
            previous[j] = j;

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
