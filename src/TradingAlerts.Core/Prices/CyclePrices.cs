using Microsoft.Extensions.Logging;
using TradingAlerts.Core.Signals;

namespace TradingAlerts.Core.Prices;

public sealed record PriceOptions
{
    /// <summary>The exchanges asked, in this order, when an alert's own exchange cannot answer for its pair.</summary>
    public IReadOnlyList<ExchangeId> FallbackOrder { get; init; } = [ExchangeId.Binance, ExchangeId.Bybit, ExchangeId.Coinbase];
}

/// <summary>A trading pair: the unit prices are asked for, whatever each exchange calls it.</summary>
public readonly record struct Pair(string Base, string Quote)
{
    public override string ToString() => $"{Base}/{Quote}";
}

/// <summary>A price, or why there is none. <see cref="PrimaryFailure"/> says why another exchange's price was used.</summary>
public sealed record PriceAnswer(decimal? Price, ExchangeId? Exchange, string? PrimaryFailure, string? Error)
{
    /// <summary>When the exchange's answer arrived: the price is no later than that; what trades after it surely came after.</summary>
    public DateTimeOffset? ObservedAt { get; init; }
}

/// <summary>
/// Prices for one cycle. Each exchange is asked at most once per cycle for a symbol, however many batches and alerts
/// need it; an exchange that failed is not asked again in the same cycle, and one that keeps failing is skipped for a
/// while (<see cref="ExchangeHealth"/>). When the alert's own exchange cannot answer for a pair, the fallback exchanges
/// are asked in order; the primary's price is authoritative whenever it has one. Only the latest cycle is kept.
/// </summary>
public sealed class CyclePrices
{
    private readonly Dictionary<ExchangeId, IPriceSource> sources;
    private readonly ExchangeHealth health;
    private readonly TimeProvider clock;
    private readonly PriceOptions options;
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly Dictionary<ExchangeId, PriceBook> books = [];
    private string? cycleId;

    private readonly ILogger<CyclePrices> logger;

    public CyclePrices(IEnumerable<IPriceSource> sources, ExchangeHealth health, TimeProvider clock, PriceOptions options, ILogger<CyclePrices> logger)
    {
        this.sources = sources.ToDictionary(s => s.Exchange);
        this.health = health;
        this.clock = clock;
        this.options = options;
        this.logger = logger;
    }

    public IReadOnlyCollection<ExchangeId> Exchanges => sources.Keys;

    public async Task<IReadOnlyDictionary<Pair, PriceAnswer>> GetAsync(string cycle, ExchangeId primary, IReadOnlyCollection<Pair> pairs, CancellationToken ct)
    {
        var answers = new Dictionary<Pair, PriceAnswer>();
        var primaryErrors = new Dictionary<Pair, string>();
        var book = await GetBookAsync(cycle, primary, pairs, ct);
        foreach (var pair in pairs.Distinct())
        {
            if (book.TryGetPrice(pair, out var price, out var error))
                answers[pair] = new PriceAnswer(price, primary, null, null) { ObservedAt = book.ObservedAt(pair) };
            else
                primaryErrors[pair] = error!;
        }

        var fallbackErrors = primaryErrors.Keys.ToDictionary(p => p, _ => new List<string>());
        foreach (var fallback in options.FallbackOrder.Where(e => e != primary && sources.ContainsKey(e)))
        {
            var missing = primaryErrors.Keys.Where(p => !answers.ContainsKey(p)).ToList();
            if (missing.Count == 0)
                break;

            var fallbackBook = await GetBookAsync(cycle, fallback, missing, ct);
            foreach (var pair in missing)
            {
                if (fallbackBook.TryGetPrice(pair, out var price, out var error))
                    answers[pair] = new PriceAnswer(price, fallback, primaryErrors[pair], null) { ObservedAt = fallbackBook.ObservedAt(pair) };
                else
                    fallbackErrors[pair].Add(error!);
            }
        }

        foreach (var (pair, error) in primaryErrors.Where(e => !answers.ContainsKey(e.Key)))
        {
            var tried = fallbackErrors[pair];
            answers[pair] = new PriceAnswer(null, null, error, tried.Count == 0 ? error : $"{error}; fallbacks: {string.Join("; ", tried)}");
        }

        return answers;
    }

    /// <summary>The exchange's own spelling of a pair.</summary>
    public string SymbolFor(ExchangeId exchange, Pair pair) => sources[exchange].SymbolFor(pair.Base, pair.Quote);

    /// <summary>Per-exchange health as the circuit breaker sees it.</summary>
    public IReadOnlyList<ExchangeStatus> Health() => health.Snapshot(sources.Keys.Order());

    private async Task<PriceBook> GetBookAsync(string cycle, ExchangeId exchange, IReadOnlyCollection<Pair> pairs, CancellationToken ct)
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
                books[exchange] = book = new PriceBook(exchange, sources.GetValueOrDefault(exchange));

            var missing = pairs.Where(book.IsUnasked).Distinct().ToList();
            if (missing.Count == 0)
                return book;

            if (!health.TryPass(exchange, out var down))
            {
                book.Fail(down!);
                logger.LogWarning("{Exchange} is not asked this cycle: {Reason}", exchange, down);
                return book;
            }

            try
            {
                book.Add(missing, await book.Source!.GetPricesAsync(missing.Select(book.SymbolFor).ToList(), ct), clock.GetUtcNow());
                health.RecordSuccess(exchange);
            }
            catch (ExchangeUnavailableException e)
            {
                // Reported once per cycle: the failure is kept for the rest of the cycle, so nothing asks again.
                book.Fail(e.Reason);
                health.RecordFailure(exchange, e.Reason);
                logger.LogWarning("{Exchange} could not answer this cycle; its alerts go to the fallbacks: {Reason}", exchange, e.Reason);
            }

            return book;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>What one exchange answered in the current cycle.</summary>
    private sealed class PriceBook(ExchangeId exchange, IPriceSource? source)
    {
        private readonly Dictionary<string, decimal> prices = [];
        private readonly Dictionary<string, DateTimeOffset> observed = [];
        private readonly Dictionary<string, string> unpriced = [];
        private readonly HashSet<string> unlisted = [];
        private bool complete;
        private string? failure = source is null ? $"no price source for {exchange.ToWire()} in this installation" : null;

        public IPriceSource? Source { get; } = source;

        public string SymbolFor(Pair pair) => Source!.SymbolFor(pair.Base, pair.Quote);

        public bool TryGetPrice(Pair pair, out decimal price, out string? error)
        {
            error = null;
            price = 0m;
            if (failure is null && prices.TryGetValue(SymbolFor(pair), out price))
                return true;

            error = failure ?? (unpriced.TryGetValue(SymbolFor(pair), out var why)
                ? $"{exchange.ToWire()} has no usable price for {pair}: {why}"
                : $"{pair} is not listed on {exchange.ToWire()}");
            return false;
        }

        public bool IsUnasked(Pair pair) =>
            failure is null && !complete && !prices.ContainsKey(SymbolFor(pair)) && !unlisted.Contains(SymbolFor(pair)) && !unpriced.ContainsKey(SymbolFor(pair));

        public DateTimeOffset? ObservedAt(Pair pair) => observed.TryGetValue(SymbolFor(pair), out var at) ? at : null;

        public void Add(IReadOnlyCollection<Pair> asked, PriceQuotes quotes, DateTimeOffset at)
        {
            foreach (var (symbol, price) in quotes.Prices)
            {
                prices[symbol] = price;
                observed[symbol] = at;
            }

            foreach (var (symbol, why) in quotes.Unpriced)
                unpriced[symbol] = why;

            complete |= quotes.IsCompleteListing;
            unlisted.UnionWith(asked.Select(SymbolFor).Where(s => !quotes.Prices.ContainsKey(s) && !quotes.Unpriced.ContainsKey(s)));
        }

        public void Fail(string reason) => failure ??= reason;
    }
}
