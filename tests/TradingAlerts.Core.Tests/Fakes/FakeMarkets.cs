using TradingAlerts.Core.Prices;
using TradingAlerts.Core.Signals;

namespace TradingAlerts.Core.Tests.Fakes;

internal sealed class FakeCatalog(ExchangeId exchange, params Instrument[] instruments) : IExchangeCatalog
{
    public string? FailWith { get; set; }

    public int Requests { get; private set; }

    public ExchangeId Exchange { get; } = exchange;

    public Task<IReadOnlyList<Instrument>> GetInstrumentsAsync(CancellationToken ct)
    {
        Requests++;
        if (FailWith is not null)
            throw new ExchangeUnavailableException(Exchange, FailWith);
        return Task.FromResult<IReadOnlyList<Instrument>>(instruments);
    }
}

/// <summary>One-minute candles from a table; counts requests.</summary>
internal sealed class FakeCandleSource(ExchangeId exchange) : ICandleSource
{
    public Dictionary<string, List<Candle>> Candles { get; } = [];

    public int Requests { get; private set; }

    public ExchangeId Exchange { get; } = exchange;

    public Task<IReadOnlyList<Candle>> GetMinuteCandlesAsync(string symbol, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        Requests++;
        return Task.FromResult<IReadOnlyList<Candle>>(Candles.GetValueOrDefault(symbol, []).Where(c => c.OpenTime >= from && c.OpenTime < to).ToList());
    }
}
