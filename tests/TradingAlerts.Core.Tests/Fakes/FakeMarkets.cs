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

    /// <summary>One-second prices (or trades) by symbol, for the minute an alert armed.</summary>
    public Dictionary<string, List<PricePoint>> Fine { get; } = [];

    /// <summary>Whether the finer prices reach back to the start asked for (one-second candles do; a short trade list may not).</summary>
    public bool FineReachesBack { get; set; } = true;

    public int Requests { get; private set; }

    public int FineRequests { get; private set; }

    /// <summary>The history requests answered with <see cref="FailWith"/>.</summary>
    public int Failures { get; private set; }

    /// <summary>When set, every history request fails with this reason.</summary>
    public string? FailWith { get; set; }

    public ExchangeId Exchange { get; } = exchange;

    /// <summary>One-second prices within <paramref name="minute"/>: (second, price).</summary>
    public static List<PricePoint> Seconds(DateTimeOffset minute, params (int Second, decimal Price)[] prices) =>
        prices.Select(p => new PricePoint(minute.AddSeconds(p.Second), p.Price, p.Price)).ToList();

    public Task<IReadOnlyList<Candle>> GetMinuteCandlesAsync(string symbol, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        // As the real sources do: a range that ends before it starts is a caller's bug.
        ArgumentOutOfRangeException.ThrowIfLessThan(to, from);
        Requests++;
        if (FailWith is not null)
        {
            Failures++;
            throw new ExchangeUnavailableException(Exchange, FailWith);
        }

        return Task.FromResult<IReadOnlyList<Candle>>(Candles.GetValueOrDefault(symbol, []).Where(c => c.OpenTime >= from && c.OpenTime < to).ToList());
    }

    public Task<FinePrices> GetFinePricesAsync(string symbol, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(to, from);
        FineRequests++;
        var second = new DateTimeOffset(from.UtcTicks - (from.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        return Task.FromResult(new FinePrices(Fine.GetValueOrDefault(symbol, []).Where(p => p.Time >= second && p.Time <= to).ToList(), FineReachesBack));
    }
}
