using System.Globalization;
using System.Text;
using TradingAlerts.Core.Signals;

namespace TradingAlerts.Core.Prices;

/// <summary>A price a check saw, and where it read the candles since the previous check, their high and low.</summary>
public sealed record SeenPrice(decimal Price, decimal? High = null, decimal? Low = null);

/// <summary>What one check saw on one exchange: the price of each symbol, at the time its cycle started.</summary>
/// <param name="ForgetAt">When the store may forget it (<see cref="PriceHistoryOptions.Keep"/> after it was seen).</param>
public sealed record PriceSample(ExchangeId Exchange, DateTimeOffset At, IReadOnlyDictionary<string, SeenPrice> Symbols, DateTimeOffset ForgetAt);

/// <summary>One symbol's price at one check.</summary>
public sealed record HistoryPoint(DateTimeOffset Time, decimal Price, decimal? High, decimal? Low);

/// <summary>
/// An exchange's one-minute candles of one UTC day, as far as they are known for good: those opening from
/// <paramref name="From"/> until <paramref name="Through"/> (the whole day, once a backtest asked for it all and it is
/// over). A minute in between without a candle had none.
/// </summary>
public sealed record CandleDay(ExchangeId Exchange, string Symbol, DateOnly Day, DateTimeOffset From, DateTimeOffset Through, IReadOnlyList<Candle> Candles)
{
    public DateTimeOffset Start => new(Day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    public DateTimeOffset End => Start.AddDays(1);

    /// <summary>A day's candles are kept as long as a backtest can reach back, and a day more.</summary>
    public static readonly TimeSpan KeptFor = TimeSpan.FromDays(91);

    /// <summary>When the store may forget it: once no backtest can reach back to it.</summary>
    public DateTimeOffset ForgetAt => End + KeptFor;
}

/// <summary>How long the prices the checks saw are kept (<c>TRADINGALERTS_PRICE_HISTORY_DAYS</c>); zero keeps none.</summary>
public sealed record PriceHistoryOptions
{
    public const int DefaultDays = 30;

    public TimeSpan Keep { get; init; } = TimeSpan.FromDays(DefaultDays);
}

/// <summary>
/// What the market did, as far as this deployment saw it: the prices each check saw (one sample per exchange and
/// cycle, kept for a while), and the exchanges' one-minute candles that backtests downloaded, per day, so that a second
/// backtest of a period asks the exchange nothing again.
/// </summary>
public interface IPriceHistory
{
    /// <summary>Keeps a sample; one of the same exchange and time (another batch of the same cycle) gains its symbols.</summary>
    Task RecordPricesAsync(PriceSample sample, CancellationToken ct);

    /// <summary>The symbol's prices seen on the exchange from <paramref name="from"/> to <paramref name="to"/>, both included (a period up to now holds what was seen now), oldest first.</summary>
    Task<IReadOnlyList<HistoryPoint>> ListPricesAsync(ExchangeId exchange, string symbol, DateTimeOffset from, DateTimeOffset to, CancellationToken ct);

    /// <summary>The candles of the day known so far, or null when none were kept.</summary>
    Task<CandleDay?> GetCandleDayAsync(ExchangeId exchange, string symbol, DateOnly day, CancellationToken ct);

    /// <summary>Keeps the day's candles, replacing what was kept of it.</summary>
    Task PutCandleDayAsync(CandleDay day, CancellationToken ct);
}

/// <summary>
/// The text both stores keep a day of candles and a seen price in: one line per candle (the minute of the day, high,
/// low, close), so a whole day is one row or item (about 60 KB), far below DynamoDB's 400 KB.
/// </summary>
public static class HistoryText
{
    public static string FromCandles(CandleDay day)
    {
        ArgumentNullException.ThrowIfNull(day);
        var text = new StringBuilder(day.Candles.Count * 40);
        foreach (var candle in day.Candles)
        {
            text.Append(((int)(candle.OpenTime - day.Start).TotalMinutes).ToString(CultureInfo.InvariantCulture)).Append(' ')
                .Append(StoredText.FromPrice(candle.High)).Append(' ')
                .Append(StoredText.FromPrice(candle.Low)).Append(' ')
                .Append(StoredText.FromPrice(candle.Close)).Append('\n');
        }

        return text.ToString();
    }

    public static IReadOnlyList<Candle> ToCandles(DateOnly day, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var start = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var candles = new List<Candle>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(' ');
            candles.Add(new Candle(start.AddMinutes(int.Parse(parts[0], CultureInfo.InvariantCulture)), StoredText.ToPrice(parts[1]), StoredText.ToPrice(parts[2]), StoredText.ToPrice(parts[3])));
        }

        return candles;
    }

    /// <summary>A seen price as one text: the price, then the high and low when known.</summary>
    public static string FromSeen(SeenPrice seen)
    {
        ArgumentNullException.ThrowIfNull(seen);
        return seen is { High: { } high, Low: { } low }
            ? $"{StoredText.FromPrice(seen.Price)} {StoredText.FromPrice(high)} {StoredText.FromPrice(low)}"
            : StoredText.FromPrice(seen.Price);
    }

    public static SeenPrice ToSeen(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split(' ');
        return parts.Length == 3 ? new SeenPrice(StoredText.ToPrice(parts[0]), StoredText.ToPrice(parts[1]), StoredText.ToPrice(parts[2])) : new SeenPrice(StoredText.ToPrice(parts[0]));
    }
}
