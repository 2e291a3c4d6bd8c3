using System.Globalization;
using System.Text.Json.Serialization.Metadata;

namespace TradingAlerts.Exchanges.Bybit;

/// <summary>
/// Bybit's v5 REST API, spot category: tickers (every symbol at once), instruments-info (paged by cursor) and kline
/// (up to 1000 candles, newest first). Errors mostly come as HTTP 200 with a non-zero <c>retCode</c>; a 403 means a
/// U.S. IP, or an IP over its rate limit.
/// </summary>
internal sealed class BybitApi(HttpClient http, TimeProvider clock) : ExchangeApi(ExchangeId.Bybit, http, clock)
{
    private const string TickersPath = "v5/market/tickers?category=spot";
    private const string InstrumentsPath = "v5/market/instruments-info?category=spot";

    /// <summary>When the current rate-limit window ends, in Unix milliseconds.</summary>
    private const string LimitResetHeader = "X-Bapi-Limit-Reset-Timestamp";

    private static readonly JsonShape TickersShape = Answer("""[{"symbol":"…","lastPrice":"…"}, …]""");
    private static readonly JsonShape InstrumentsShape = Answer("""[{"symbol":"…","baseCoin":"…","quoteCoin":"…","status":"…"}, …]""");
    private static readonly JsonShape KlineShape = Answer("""[["startTime","open","high","low","close","volume","turnover"], …]""");
    private static readonly JsonShape TradesShape = Answer("""[{"execId":"…","price":"…","time":"…"}, …]""");

    /// <summary>Bybit's largest <c>limit</c> for spot recent trades.</summary>
    private const int TradesPerRequest = 60;

    /// <summary>Bybit's largest <c>limit</c> for kline (its default, 200, would cut a page short).</summary>
    protected override int CandlesPerRequest => 1000;

    /// <summary>Status "Trading" is trading; PreLaunch, Delivering and Closed are not.</summary>
    public override async Task<IReadOnlyList<Instrument>> GetInstrumentsAsync(CancellationToken ct)
    {
        var instruments = new List<Instrument>();
        var cursorsFollowed = new HashSet<string>(StringComparer.Ordinal);
        string? cursor = null;
        do
        {
            var page = await GetResultAsync(
                cursor is null ? InstrumentsPath : $"{InstrumentsPath}&cursor={Uri.EscapeDataString(cursor)}",
                BybitJsonContext.Default.Instruments,
                InstrumentsShape,
                ct);
            foreach (var item in page.List ?? throw Unreadable("a result without a \"list\" of instruments"))
                instruments.Add(ReadInstrument(instruments.Count, item?.Symbol, item?.BaseCoin, item?.QuoteCoin, item?.Status == "Trading"));

            cursor = string.IsNullOrEmpty(page.NextPageCursor) ? null : page.NextPageCursor;
        }

        // A cursor seen before would only fetch the same pages again.
        while (cursor is not null && cursorsFollowed.Add(cursor));

        return instruments;
    }

    /// <summary>Every symbol's last price in one request; a symbol without one (no trade yet) is left out.</summary>
    protected override async Task<PriceQuotes> FetchPricesAsync(IReadOnlyCollection<string> symbols, CancellationToken ct)
    {
        var tickers = await GetResultAsync(TickersPath, BybitJsonContext.Default.Tickers, TickersShape, ct);
        var list = tickers.List ?? throw Unreadable("a result without a \"list\" of tickers");
        return CompleteListing(list, t => t.Symbol, t => t.LastPrice, AsSpelled, unpricedIsAbsent: true);
    }

    protected override async Task<IEnumerable<Candle>> FetchCandlesAsync(string symbol, MinuteWindow window, CancellationToken ct)
    {
        var query = string.Create(
            CultureInfo.InvariantCulture,
            $"category=spot&symbol={Uri.EscapeDataString(symbol)}&interval=1&start={window.First.ToUnixTimeMilliseconds()}" +
            $"&end={window.End.ToUnixTimeMilliseconds()}&limit={CandlesPerRequest}");
        var kline = await GetResultAsync("v5/market/kline?" + query, BybitJsonContext.Default.Klines, KlineShape, ct);
        return ReadCandleRows(symbol, kline.List ?? throw Unreadable("a result without a \"list\" of candles"), TimeSpan.FromMilliseconds(1));
    }

    /// <summary>
    /// Bybit's spot klines go down to one minute, so the finer prices are its most recent trades (at most 60), which reach
    /// back only as far as the last 60 trades go.
    /// </summary>
    protected override async Task<FinePrices> FetchFinePricesAsync(string symbol, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var query = string.Create(CultureInfo.InvariantCulture, $"category=spot&symbol={Uri.EscapeDataString(symbol)}&limit={TradesPerRequest}");
        var trades = await GetResultAsync("v5/market/recent-trade?" + query, BybitJsonContext.Default.Trades, TradesShape, ct);
        var list = trades.List ?? throw Unreadable("a result without a \"list\" of trades");
        var read = list.Select((t, i) => ReadTrade(symbol, i, ReadUnixTime(t?.Time, TimeSpan.FromMilliseconds(1), $"trade {i}", "time"), t?.Time, t?.Price)).ToList();
        return RecentTrades(read, TradesPerRequest, from, to);
    }

    protected override string? DescribeRejection<T>(T answer, HttpResponseMessage response) => answer switch
    {
        IBybitStatus { RetCode: 0 } => null,
        IBybitStatus { RetCode: null } => "unreadable response: an answer without retCode",
        IBybitStatus status => DescribeRetCode(status, response),
        _ => null,
    };

    protected override string DescribeRefusal(HttpResponseMessage response, byte[] body)
    {
        var status = (int)response.StatusCode;
        if (status == 403)
            return RegionRefused("HTTP 403") + " (Bybit answers 403 to an IP over its rate limit too: then wait 10 minutes)";

        return ReadErrorBody(body, BybitJsonContext.Default.BybitStatus) is { RetCode: not (null or 0) } refusal
            ? $"HTTP {status}: {DescribeRetCode(refusal, response)}"
            : $"HTTP {status}";
    }

    protected override TimeSpan? RateLimitResetFrom(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues(LimitResetHeader, out var values)
            || !long.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var resetMs)
            || resetMs > DateTimeOffset.MaxValue.ToUnixTimeMilliseconds())
            return null;

        var wait = DateTimeOffset.FromUnixTimeMilliseconds(resetMs) - Clock.GetUtcNow();
        return wait > TimeSpan.Zero ? wait : null;
    }

    /// <summary>"{"retCode":0,"retMsg":"OK","result":{"category":"spot","list":…}}", with the list's outline.</summary>
    private static JsonShape Answer(string list) =>
        new("Bybit's answer", """{"retCode":0,"retMsg":"OK","result":{"category":"spot","list":""" + list + "}}");

    /// <summary>The <c>result</c> of a v5 answer whose retCode is 0.</summary>
    private async Task<TResult> GetResultAsync<TResult>(string pathAndQuery, JsonTypeInfo<BybitAnswer<TResult>> type, JsonShape shape, CancellationToken ct)
        where TResult : class
    {
        var answer = await GetAsync(pathAndQuery, type, shape, ct);
        return answer.Result ?? throw Unreadable("retCode 0 without a result");
    }

    private string DescribeRetCode(IBybitStatus status, HttpResponseMessage response)
    {
        var code = $"Bybit code {status.RetCode?.ToString(CultureInfo.InvariantCulture)}";
        var message = string.IsNullOrWhiteSpace(status.RetMsg) ? null : status.RetMsg.Trim();
        return status.RetCode switch
        {
            10006 => RateLimited(code, message is null ? code : $"{code}: {message}", RateLimitResetFrom(response) ?? DefaultRateLimitWait),
            10009 => RegionRefused(code),
            10016 => $"Bybit server error{(message is null ? string.Empty : $": {message}")} ({code})",
            _ => message is null ? code : $"{message} ({code})",
        };
    }
}
