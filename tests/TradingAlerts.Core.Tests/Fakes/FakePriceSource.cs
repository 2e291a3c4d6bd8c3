using TradingAlerts.Core.Prices;
using TradingAlerts.Core.Signals;

namespace TradingAlerts.Core.Tests.Fakes;

/// <summary>Answers from a price table like a bulk ticker (the whole listing in one request), or fails when told to.</summary>
internal sealed class FakePriceSource(ExchangeId exchange) : IPriceSource
{
    public Dictionary<string, decimal> Prices { get; } = [];

    public string? FailWith { get; set; }

    public int Requests { get; private set; }

    public ExchangeId Exchange { get; } = exchange;

    public Task<PriceQuotes> GetPricesAsync(IReadOnlyCollection<string> symbols, CancellationToken ct)
    {
        Requests++;
        if (FailWith is not null)
            throw new ExchangeUnavailableException(Exchange, FailWith);
        return Task.FromResult(new PriceQuotes(new Dictionary<string, decimal>(Prices), IsCompleteListing: true));
    }
}
