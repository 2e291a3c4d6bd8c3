using TradingAlerts.Core.Prices;
using TradingAlerts.Core.Signals;

namespace TradingAlerts.Core.Tests.Fakes;

/// <summary>
/// Answers from a price table like a bulk ticker (the whole listing in one request), or fails when told to. Symbols are
/// spelled BASEQUOTE, or BASE-QUOTE for Coinbase, as the real exchanges do.
/// </summary>
internal sealed class FakePriceSource(ExchangeId exchange) : IPriceSource
{
    public Dictionary<string, decimal> Prices { get; } = [];

    /// <summary>Symbols the ticker names without a usable price, with why (zero, malformed).</summary>
    public Dictionary<string, string> Unpriced { get; } = [];

    public string? FailWith { get; set; }

    /// <summary>Runs while a request is answered: a test advances the clock here to make the exchange slow.</summary>
    public Action? WhileAsked { get; set; }

    public int Requests { get; private set; }

    /// <summary>The requests answered with <see cref="FailWith"/>.</summary>
    public int Failures { get; private set; }

    public List<IReadOnlyCollection<string>> Asked { get; } = [];

    public ExchangeId Exchange { get; } = exchange;

    public string SymbolFor(string baseAsset, string quoteAsset) =>
        Exchange == ExchangeId.Coinbase ? $"{baseAsset}-{quoteAsset}" : baseAsset + quoteAsset;

    public Task<PriceQuotes> GetPricesAsync(IReadOnlyCollection<string> symbols, CancellationToken ct)
    {
        Requests++;
        Asked.Add(symbols);
        WhileAsked?.Invoke();
        if (FailWith is not null)
        {
            Failures++;
            throw new ExchangeUnavailableException(Exchange, FailWith);
        }

        return Task.FromResult(new PriceQuotes(new Dictionary<string, decimal>(Prices), IsCompleteListing: true) { Unpriced = new Dictionary<string, string>(Unpriced) });
    }
}
