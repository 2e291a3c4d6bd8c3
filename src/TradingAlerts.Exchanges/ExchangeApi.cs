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
internal abstract partial class ExchangeApi(ExchangeId exchange, HttpClient http, TimeProvider clock)
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

    /// <summary>The failure, with the end of the rate limit's no-request window while one is open (a backtest waits it out).</summary>
    public ExchangeUnavailableException Unavailable(string reason, Exception? inner = null) => new(exchange, reason, inner) { RetryAt = OpenRateLimit()?.Until };

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

    private RateLimit? OpenRateLimit()
    {
        RateLimit? limit;
        lock (gate)
            limit = rateLimit;

        return limit is not null && clock.GetUtcNow() < limit.Until ? limit : null;
    }

    private void ThrowIfRateLimited()
    {
        var now = clock.GetUtcNow();
        if (OpenRateLimit() is { } limit)
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
