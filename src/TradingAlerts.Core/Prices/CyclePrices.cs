using TradingAlerts.Core.Signals;

namespace TradingAlerts.Core.Prices;

/// <summary>
/// Prices for one cycle: each exchange is asked at most once per cycle for a symbol, however many batches and
/// alerts need it, and an exchange that failed is not asked again in the same cycle (no hammering).
/// Only the latest cycle is kept.
/// </summary>
public sealed class CyclePrices
{
    private readonly Dictionary<ExchangeId, IPriceSource> sources;
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly Dictionary<ExchangeId, PriceBook> books = [];
    private string? cycleId;

    public CyclePrices(IEnumerable<IPriceSource> sources)
    {
        this.sources = sources.ToDictionary(s => s.Exchange);
    }

    public IReadOnlyCollection<ExchangeId> Exchanges => sources.Keys;

    public async Task<PriceBook> GetAsync(string cycle, ExchangeId exchange, IReadOnlyCollection<string> symbols, CancellationToken ct)
    {
        await gate.WaitAsync(ct);
        try
        {
            if (cycle != cycleId)
            {
                books.Clear();
                cycleId = cycle;
            }

            if (!books.TryGetValue(exchange, out var book))
                books[exchange] = book = new PriceBook(exchange);

            if (!sources.TryGetValue(exchange, out var source))
            {
                book.Fail($"no price source for {exchange.ToWire()} in this installation");
                return book;
            }

            var missing = symbols.Where(book.IsUnasked).Distinct().ToList();
            if (missing.Count > 0)
            {
                try
                {
                    book.Add(missing, await source.GetPricesAsync(missing, ct));
                }
                catch (ExchangeUnavailableException e)
                {
                    book.Fail(e.Reason);
                }
            }

            return book;
        }
        finally
        {
            gate.Release();
        }
    }
}

/// <summary>What one exchange answered in the current cycle.</summary>
public sealed class PriceBook(ExchangeId exchange)
{
    private readonly Dictionary<string, decimal> prices = [];
    private readonly HashSet<string> unlisted = [];
    private bool complete;

    public ExchangeId Exchange { get; } = exchange;

    /// <summary>Why the exchange could not answer this cycle, or null.</summary>
    public string? Failure { get; private set; }

    public bool TryGetPrice(string symbol, out decimal price, out string? error)
    {
        error = null;
        if (prices.TryGetValue(symbol, out price))
            return true;

        error = Failure ?? $"{symbol} is not listed on {Exchange.ToWire()}";
        return false;
    }

    internal bool IsUnasked(string symbol) =>
        Failure is null && !complete && !prices.ContainsKey(symbol) && !unlisted.Contains(symbol);

    internal void Add(IReadOnlyCollection<string> asked, PriceQuotes quotes)
    {
        foreach (var (symbol, price) in quotes.Prices)
            prices[symbol] = price;

        complete |= quotes.IsCompleteListing;
        unlisted.UnionWith(asked.Where(s => !quotes.Prices.ContainsKey(s)));
    }

    internal void Fail(string reason) => Failure ??= reason;
}
