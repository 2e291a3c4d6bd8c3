using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using TradingAlerts.Http;

namespace TradingAlerts.Exchanges;

/// <summary>
/// One exchange's public REST API as its price, catalog and candle sources see it: GET a path and get its JSON body
/// read, or an <see cref="ExchangeUnavailableException"/> whose reason a trader understands. A caller's cancellation
/// passes through as <see cref="OperationCanceledException"/>.
/// </summary>
/// <remarks>
/// Give it a client from <see cref="ResilientHttp.Create"/> (retries for 5xx, timeouts and connection failures).
/// After a rate limit it sends nothing until the wait has passed: exchanges ban an IP that keeps asking. The window
/// belongs to this instance. A derived class holds what is particular to its exchange: endpoints, answer shapes and
/// what its refusals mean; the public price sources, catalogs and candle sources are faces of it.
/// </remarks>
internal abstract class ExchangeApi(ExchangeId exchange, HttpClient http, TimeProvider clock)
{
    /// <summary>The wait after a rate limit that does not say how long (Binance always does; a proxy might not).</summary>
    public static readonly TimeSpan DefaultRateLimitWait = TimeSpan.FromSeconds(60);

    private readonly Lock gate = new();
    private RateLimit? rateLimit;

    public ExchangeId Exchange => exchange;

    /// <summary>The exchange's name in a sentence: Binance, Bybit, Coinbase.</summary>
    public string Name => exchange.ToString();

    protected TimeProvider Clock => clock;

    /// <summary>The most one-minute candles one request returns.</summary>
    protected abstract int CandlesPerRequest { get; }

    /// <summary>The exchange's own spelling of a pair, <c>BTCUSDT</c> unless the exchange says otherwise.</summary>
    public virtual string SymbolFor(string baseAsset, string quoteAsset) => Asset(baseAsset) + Asset(quoteAsset);

    /// <summary>
    /// The last prices of <paramref name="symbols"/>, in as few requests as the exchange allows; no request for none.
    /// </summary>
    public Task<PriceQuotes> GetPricesAsync(IReadOnlyCollection<string> symbols, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(symbols);
        ct.ThrowIfCancellationRequested();
        return symbols.Count == 0
            ? Task.FromResult(new PriceQuotes(new Dictionary<string, decimal>(), IsCompleteListing: false))
            : FetchPricesAsync(symbols, ct);
    }

    /// <summary>Every spot instrument the exchange lists.</summary>
    public abstract Task<IReadOnlyList<Instrument>> GetInstrumentsAsync(CancellationToken ct);

    /// <summary>The one-minute candles opening in [<paramref name="from"/>, <paramref name="to"/>), oldest first, paged.</summary>
    public Task<IReadOnlyList<Candle>> GetMinuteCandlesAsync(string symbol, DateTimeOffset from, DateTimeOffset to, CancellationToken ct) =>
        MinuteCandles.CollectAsync(symbol, from, to, CandlesPerRequest, (window, token) => FetchCandlesAsync(symbol, window, token), ct);

    /// <summary>The prices traded in [<paramref name="from"/>, <paramref name="to"/>], finer than one-minute candles (see <see cref="ICandleSource.GetFinePricesAsync"/>).</summary>
    public Task<FinePrices> GetFinePricesAsync(string symbol, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(symbol);
        ArgumentOutOfRangeException.ThrowIfLessThan(to, from);
        ct.ThrowIfCancellationRequested();
        return FetchFinePricesAsync(symbol, from, to, ct);
    }

    /// <summary>
    /// The trades of a most-recent-trades list that fall in [<paramref name="from"/>, <paramref name="to"/>], oldest
    /// first; it reaches back when it was not full (it holds every trade there was) or its oldest trade is not after
    /// <paramref name="from"/>.
    /// </summary>
    public static FinePrices RecentTrades(IReadOnlyList<(DateTimeOffset Time, decimal Price)> trades, int limit, DateTimeOffset from, DateTimeOffset to)
    {
        ArgumentNullException.ThrowIfNull(trades);
        var reachesBack = trades.Count < limit || trades.Min(t => t.Time) <= from;
        var points = trades.Where(t => t.Time >= from && t.Time <= to).OrderBy(t => t.Time).Select(t => new PricePoint(t.Time, t.Price, t.Price)).ToList();
        return new FinePrices(points, reachesBack);
    }

    /// <summary>GETs <paramref name="pathAndQuery"/> (relative to the client's base address) and reads its 200 answer.</summary>
    public async Task<T> GetAsync<T>(string pathAndQuery, JsonTypeInfo<T> type, JsonShape shape, CancellationToken ct)
        where T : class
    {
        ct.ThrowIfCancellationRequested();
        ThrowIfRateLimited();

        using var request = new HttpRequestMessage(HttpMethod.Get, pathAndQuery);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, ct);
        }
        catch (Exception e) when (HttpFailures.Describe(e, request, ct) is { } reason)
        {
            throw Unavailable(reason, e);
        }

        using (response)
        {
            var body = await response.Content.ReadAsByteArrayAsync(ct);
            if (response.StatusCode != HttpStatusCode.OK)
                throw Unavailable(DescribeCommonRefusal(response) ?? DescribeRefusal(response, body));

            var answer = ReadJson(body, type, shape);
            if (DescribeRejection(answer, response) is { } rejection)
                throw Unavailable(rejection);

            return answer;
        }
    }

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

    /// <summary>An asset of a pair as exchanges write it: trimmed, upper-case.</summary>
    protected static string Asset(string asset)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(asset);
        return asset.Trim().ToUpperInvariant();
    }

    /// <summary>A symbol as the exchange spells it (<c>BTCUSDT</c>, <c>BTC-USD</c>): mapping between exchanges is Core's job.</summary>
    public static string AsSpelled(string symbol) => symbol.Trim();

    public ExchangeUnavailableException Unreadable(string problem, Exception? inner = null) =>
        Unavailable($"unreadable response: {problem}", inner);

    public ExchangeUnavailableException Unavailable(string reason, Exception? inner = null) => new(exchange, reason, inner);

    /// <summary>The last prices of at least one symbol.</summary>
    protected abstract Task<PriceQuotes> FetchPricesAsync(IReadOnlyCollection<string> symbols, CancellationToken ct);

    /// <summary>The candles one request returns for the minutes of <paramref name="window"/>, in any order.</summary>
    protected abstract Task<IEnumerable<Candle>> FetchCandlesAsync(string symbol, MinuteWindow window, CancellationToken ct);

    /// <summary>The finer prices of a span of at most a few minutes: one request.</summary>
    protected abstract Task<FinePrices> FetchFinePricesAsync(string symbol, DateTimeOffset from, DateTimeOffset to, CancellationToken ct);

    /// <summary>What a refusal means on this exchange, once rate limits (429, 418) and server errors (5xx) are ruled out.</summary>
    protected abstract string DescribeRefusal(HttpResponseMessage response, byte[] body);

    /// <summary>An error the exchange reports inside a 200 answer (Bybit's retCode); null when the answer is good.</summary>
    protected virtual string? DescribeRejection<T>(T answer, HttpResponseMessage response) => null;

    /// <summary>When the exchange's own headers say a rate limit ends, for a refusal without Retry-After; null if they do not.</summary>
    protected virtual TimeSpan? RateLimitResetFrom(HttpResponseMessage response) => null;

    /// <summary>
    /// Starts the no-request window and words the failure: "rate limited (<paramref name="description"/>), retry after
    /// 30 s". Later calls within the window name the <paramref name="cause"/> ("HTTP 429", "Bybit code 10006").
    /// </summary>
    protected string RateLimited(string cause, string description, TimeSpan wait)
    {
        lock (gate)
            rateLimit = new RateLimit(cause, clock.GetUtcNow() + wait);

        return $"rate limited ({description}), retry after {HttpFailures.Seconds(wait)}";
    }

    /// <summary>"Bybit refuses this region (restricted location), HTTP 403: run the monitor from …".</summary>
    protected string RegionRefused(string how) =>
        $"{Name} refuses this region (restricted location), {how}: run the monitor from a non-US region such as " +
        "AWS eu-central-1, or watch this symbol on another exchange";

    /// <summary>An error body in the exchange's own shape, or null when the body is something else (a proxy's page).</summary>
    protected static T? ReadErrorBody<T>(byte[] body, JsonTypeInfo<T> type)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize(body, type);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private string? DescribeCommonRefusal(HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        if (status is 429 or 418)
        {
            var wait = RetryAfter.From(response.Headers, clock) ?? RateLimitResetFrom(response) ?? DefaultRateLimitWait;
            var ban = status == 418 ? ", IP banned for repeating requests after a 429" : string.Empty;
            return RateLimited($"HTTP {status}", $"HTTP {status}{ban}", wait);
        }

        return status >= 500 ? HttpFailures.StatusAfterAttempts(response) : null;
    }

    private void ThrowIfRateLimited()
    {
        RateLimit? limit;
        lock (gate)
            limit = rateLimit;

        var now = clock.GetUtcNow();
        if (limit is not null && now < limit.Until)
        {
            var until = limit.Until.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
            throw Unavailable(
                $"rate limited ({limit.Cause}), no request to {Name} before {until} UTC " +
                $"({HttpFailures.Seconds(limit.Until - now)} from now)");
        }
    }

    private T ReadJson<T>(byte[] body, JsonTypeInfo<T> type, JsonShape shape)
        where T : class
    {
        T? answer;
        try
        {
            answer = JsonSerializer.Deserialize(body, type);
        }
        catch (JsonException e)
        {
            throw Unreadable(shape.DescribeMismatch(body, e), e);
        }

        return answer ?? throw Unreadable($"null instead of {shape.Name}");
    }

    private sealed record RateLimit(string Cause, DateTimeOffset Until);
}
