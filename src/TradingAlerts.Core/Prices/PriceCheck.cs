using TradingAlerts.Core.Signals;

namespace TradingAlerts.Core.Prices;

/// <summary>One exchange's answer for a pair: its own spelling, the price or why there is none, and how long it took.</summary>
public sealed record ExchangeQuote(ExchangeId Exchange, string Symbol, decimal? Price, TimeSpan Latency, string? Error);

/// <summary>The exchanges' answers for one pair, in the order they were asked.</summary>
public sealed record PriceComparison(Pair Pair, IReadOnlyList<ExchangeQuote> Quotes)
{
    public bool Answered => Quotes.Any(q => q.Price is not null);
}

/// <summary>
/// A person's price check (CLI <c>price</c>, the web UI's "Check price", <c>GET /api/price</c>): every exchange's answer
/// side by side or, for one exchange, its answer and then its fallbacks' in order until one answers. Asked directly,
/// outside any cycle, so the answer is as fresh as the exchange's.
/// </summary>
public sealed class PriceCheck(IReadOnlyList<IPriceSource> sources, MarketDirectory markets, IReadOnlyList<ExchangeId> fallbackOrder, TimeProvider clock)
{
    public IReadOnlyList<ExchangeId> Exchanges { get; } = sources.Select(s => s.Exchange).ToList();

    /// <summary>The exchange's own spelling of a pair (<c>BTC-USDT</c> on Coinbase).</summary>
    public string SymbolFor(ExchangeId exchange, Pair pair) => sources.Single(s => s.Exchange == exchange).SymbolFor(pair.Base, pair.Quote);

    /// <summary>
    /// Throws <see cref="SignalValidationException"/> naming <c>symbol</c> when the text is not a symbol, or when neither
    /// the text nor any exchange's listing tells its base from its quote.
    /// </summary>
    public async Task<PriceComparison> CompareAsync(string? symbol, ExchangeId? only, CancellationToken ct)
    {
        var pair = await PairOfAsync(symbol, only, ct);
        var order = only is { } first
            ? new[] { first }.Concat(fallbackOrder.Where(e => e != first))
            : Exchanges;
        var quotes = new List<ExchangeQuote>();
        foreach (var source in order.Select(e => sources.Single(s => s.Exchange == e)))
        {
            var quote = await AskAsync(source, pair, ct);
            quotes.Add(quote);
            if (only is not null && quote.Price is not null)
                break;
        }

        return new PriceComparison(pair, quotes);
    }

    /// <summary>
    /// The pair a person wrote (BTCUSDT, BTC/USDT, btc-usd), from <paramref name="preferred"/>'s listing first when the
    /// text alone does not say. Throws <see cref="SignalValidationException"/> naming <c>symbol</c> as <see cref="CompareAsync"/> does.
    /// </summary>
    public async Task<Pair> PairOfAsync(string? symbol, ExchangeId? preferred, CancellationToken ct)
    {
        var text = Symbols.Parse(symbol);
        if (!Symbols.IsWellFormed(text.Normalized))
            throw Invalid($"must be 2 to 30 letters or digits, e.g. BTCUSDT or BTC/USDT (got '{symbol}')");

        return await ResolvePairAsync(text, preferred, ct)
            ?? throw Invalid($"cannot tell base from quote in '{symbol}' and no exchange lists it; write it as BASE/QUOTE, e.g. BTC/USDT");
    }

    /// <summary>The pair, from the exchange listings when the text alone does not say (a listing is cached for an hour).</summary>
    private async Task<Pair?> ResolvePairAsync(SymbolText text, ExchangeId? preferred, CancellationToken ct)
    {
        if (text.SplitByUser)
            return new Pair(text.Base, text.Quote);

        foreach (var exchange in Exchanges.OrderBy(e => e != preferred))
        {
            try
            {
                if ((await markets.GetListingAsync(exchange, ct)).Find(text.Normalized) is { } instrument)
                    return new Pair(instrument.Base, instrument.Quote);
            }
            catch (ExchangeUnavailableException)
            {
                // Another exchange's listing, or the text's own split, will do.
            }
        }

        return text.Base.Length > 0 ? new Pair(text.Base, text.Quote) : null;
    }

    private async Task<ExchangeQuote> AskAsync(IPriceSource source, Pair pair, CancellationToken ct)
    {
        var native = source.SymbolFor(pair.Base, pair.Quote);
        var started = clock.GetTimestamp();
        string? error = null;
        decimal? price = null;
        try
        {
            var quotes = await source.GetPricesAsync([native], ct);
            if (quotes.Prices.TryGetValue(native, out var found))
                price = found;
            else
                error = $"{pair} is not listed";
        }
        catch (ExchangeUnavailableException e)
        {
            error = e.Reason;
        }

        return new ExchangeQuote(source.Exchange, native, price, clock.GetElapsedTime(started), error);
    }

    private static SignalValidationException Invalid(string message) => new([new ValidationError("symbol", message)]);
}
