using System.Globalization;

namespace TradingAlerts.Exchanges;

/// <summary>
/// Reading an exchange's answer field by field: prices, instruments, candles and trades, each bad value named with
/// where it stood, so that one bad entry costs only itself and an unreadable answer says what was wrong.
/// </summary>
internal abstract partial class ExchangeApi
{
    /// <summary>
    /// Last prices by symbol from the entries of a ticker list, exact. One bad entry costs only its own symbol: a price
    /// that is not a plain decimal number, or not above zero, leaves it unpriced with the reason, and so does an empty or
    /// missing price (a market with no trade yet, when <paramref name="unpricedIsAbsent"/>; otherwise it is malformed);
    /// an entry without a symbol is passed over. An answer with no usable entry at all is unreadable.
    /// </summary>
    public PriceQuotes ReadPrices<TEntry>(
        IReadOnlyList<TEntry?> entries, Func<TEntry, string?> symbolOf, Func<TEntry, string?> priceOf, Func<string, string> spell, bool unpricedIsAbsent, bool isCompleteListing)
        where TEntry : class
    {
        var prices = new Dictionary<string, decimal>(entries.Count, StringComparer.Ordinal);
        var unpriced = new Dictionary<string, string>(StringComparer.Ordinal);
        string? firstProblem = null;
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            var symbolText = entry is null ? null : symbolOf(entry);
            if (entry is null || string.IsNullOrWhiteSpace(symbolText))
            {
                firstProblem ??= $"entry {i} has no symbol";
                continue;
            }

            var symbol = spell(symbolText);
            var priceText = priceOf(entry);
            if (unpricedIsAbsent && string.IsNullOrWhiteSpace(priceText))
                unpriced[symbol] = $"{symbol} has no price yet (no trade)";
            else if (!decimal.TryParse(priceText, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var price))
                unpriced[symbol] = NotADecimal(priceText, symbol, "price");
            else if (price <= 0m)
                unpriced[symbol] = $"{symbol} has price \"{priceText}\", not a price above zero";
            else
                prices[symbol] = price;
        }

        if (prices.Count == 0 && unpriced.Count == 0 && firstProblem is not null)
            throw Unreadable(firstProblem);

        return new PriceQuotes(prices, isCompleteListing) { Unpriced = unpriced };
    }

    /// <summary>One catalog entry as an <see cref="Instrument"/>: symbol as the exchange spells it, assets upper-case.</summary>
    public Instrument ReadInstrument(int index, string? symbol, string? baseAsset, string? quoteAsset, bool isTrading)
    {
        if (string.IsNullOrWhiteSpace(symbol))
            throw Unreadable($"instrument {index} has no symbol");

        var trimmed = symbol.Trim();
        if (string.IsNullOrWhiteSpace(baseAsset))
            throw Unreadable($"instrument {trimmed} has no base asset");
        if (string.IsNullOrWhiteSpace(quoteAsset))
            throw Unreadable($"instrument {trimmed} has no quote asset");

        return new Instrument(trimmed, baseAsset.Trim().ToUpperInvariant(), quoteAsset.Trim().ToUpperInvariant(), isTrading);
    }

    /// <summary>
    /// A number as exchanges write prices: plain digits with an optional point, no sign, exponent or group separator,
    /// read exactly. Otherwise "unreadable response: BTCUSDT has price "abc", not a decimal number".
    /// </summary>
    public decimal ReadDecimal(string? text, string owner, string field)
    {
        if (decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
            return value;

        throw Unreadable(NotADecimal(text, owner, field));
    }

    private static string NotADecimal(string? text, string owner, string field) =>
        $"{owner} has {(text is null ? $"no {field}" : $"{field} \"{JsonShape.Shorten(text)}\"")}, not a decimal number";

    /// <summary>
    /// One candle: its open time in Unix <paramref name="timeUnit"/>s (milliseconds or seconds) and its prices, exact.
    /// A missing or malformed field makes the answer unreadable, naming the candle and the field.
    /// </summary>
    public Candle ReadCandle(string symbol, int index, string? openTime, TimeSpan timeUnit, string? high, string? low, string? close)
    {
        var open = ReadUnixTime(openTime, timeUnit, $"candle {index}", "open time");
        var owner = $"the {symbol} candle at {open.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC";
        return new Candle(open, ReadDecimal(high, owner, "high"), ReadDecimal(low, owner, "low"), ReadDecimal(close, owner, "close"));
    }

    /// <summary>One trade: its time and price, exact; a missing or malformed field makes the answer unreadable, naming the trade.</summary>
    public (DateTimeOffset Time, decimal Price) ReadTrade(string symbol, int index, DateTimeOffset? time, string? timeText, string? price)
    {
        if (time is not { } at)
        {
            var shown = timeText is null ? "no time" : $"time \"{JsonShape.Shorten(timeText)}\"";
            throw Unreadable($"trade {index} has {shown}");
        }

        return (at, ReadDecimal(price, $"the {symbol} trade at {at.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC", "price"));
    }

    /// <summary>A time in Unix <paramref name="unit"/>s (milliseconds or seconds), or the answer is unreadable, naming what holds it.</summary>
    public DateTimeOffset ReadUnixTime(string? text, TimeSpan unit, string owner, string field)
    {
        var latest = (DateTimeOffset.MaxValue - DateTimeOffset.UnixEpoch).Ticks / unit.Ticks;
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var units) || units > latest)
        {
            var shown = text is null ? $"no {field}" : $"{field} \"{JsonShape.Shorten(text)}\"";
            throw Unreadable($"{owner} has {shown}, not a Unix time");
        }

        return DateTimeOffset.UnixEpoch + TimeSpan.FromTicks(units * unit.Ticks);
    }

    /// <summary>
    /// Candles from rows of fields by position, as Binance's klines and Bybit's kline write them: open time, open,
    /// high, low, close, then volumes.
    /// </summary>
    public List<Candle> ReadCandleRows(string symbol, IReadOnlyList<string?[]?> rows, TimeSpan timeUnit)
    {
        var candles = new List<Candle>(rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            if (rows[i] is not { Length: >= 5 } row)
                throw Unreadable($"candle {i} is not [openTime, open, high, low, close, …]");

            candles.Add(ReadCandle(symbol, i, row[0], timeUnit, row[2], row[3], row[4]));
        }

        return candles;
    }

    /// <summary>
    /// Every symbol's price from an all-symbols ticker: a complete listing, so an empty one is not an answer.
    /// </summary>
    public PriceQuotes CompleteListing<TEntry>(
        IReadOnlyList<TEntry?> entries, Func<TEntry, string?> symbolOf, Func<TEntry, string?> priceOf, Func<string, string> spell, bool unpricedIsAbsent)
        where TEntry : class
    {
        if (entries.Count == 0)
            throw Unreadable("an empty price list instead of every symbol's price");

        return ReadPrices(entries, symbolOf, priceOf, spell, unpricedIsAbsent, isCompleteListing: true);
    }
}
