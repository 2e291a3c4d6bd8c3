using System.Globalization;
using System.Net;
using System.Text;
using TradingAlerts.Core.Prices;
using TradingAlerts.Core.Signals;
using TradingAlerts.Simulation.Processes;
using TradingAlerts.Simulation.World;

namespace TradingAlerts.Simulation.Servers;

/// <summary>
/// Binance, Bybit and Coinbase as the product's adapters meet them, in their documented shapes: the ticker is the path's
/// price at the moment the request arrives; candles of each interval (Binance's one-second ones too) aggregate the
/// path with the current candle partial; recent trades are the path's seconds. Faults come from the plan (spans) and
/// from <see cref="Chance"/> (a single failed request the HTTP layer's retry recovers); every answer takes its time.
/// </summary>
internal sealed class ExchangeServer(SimWorld world)
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static readonly IReadOnlyDictionary<string, ExchangeId> Hosts = new Dictionary<string, ExchangeId>
    {
        ["binance.sim"] = ExchangeId.Binance,
        ["bybit.sim"] = ExchangeId.Bybit,
        ["coinbase.sim"] = ExchangeId.Coinbase,
    };

    public async Task<HttpResponseMessage> HandleAsync(ExchangeId exchange, HttpRequestMessage request, SimProcess process, CancellationToken ct)
    {
        world.Log.ExchangeRequests++;
        var now = world.Time.Now;
        var uri = request.RequestUri!;
        var key = $"{exchange}|{uri.PathAndQuery}|{now.UtcTicks}";
        var fault = world.Plan.ExchangeFaults.FirstOrDefault(f => f.Covers(exchange, now));
        if (fault is null && world.Chance("blip|" + key) < world.Plan.ExchangeBlipChance)
            fault = new ExchangeFault(exchange, now, now, world.Chance("blip-kind|" + key) < 0.5 ? ExchangeFaultKind.ServerError : ExchangeFaultKind.Timeout);

        var latency = TimeSpan.FromMilliseconds(20 + (380 * world.Chance("latency|" + key)));
        var answer = Answer(exchange, uri, now, fault);
        if (fault?.Kind == ExchangeFaultKind.Timeout)
            latency = TimeSpan.FromSeconds(12 + (28 * world.Chance("slow|" + key)));

        var response = fault?.Kind switch
        {
            ExchangeFaultKind.ServerError => Text(HttpStatusCode.ServiceUnavailable, "text/plain", "Service Unavailable"),
            ExchangeFaultKind.RateLimited => RateLimited(exchange, now, key),
            ExchangeFaultKind.RegionBlocked => RegionBlocked(exchange),
            ExchangeFaultKind.HtmlPage => Text(HttpStatusCode.OK, "text/html", "<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>Checking your browser</body></html>"),
            ExchangeFaultKind.TruncatedBody when answer.Body is { } body => Json(answer.Status, body[..(body.Length / 2)]),
            _ => answer.Body is { } json ? Json(answer.Status, json) : Text(HttpStatusCode.NotFound, "application/json", """{"code":-1121,"msg":"Invalid symbol."}"""),
        };

        await world.Time.Delay(latency, ct);
        if (response.IsSuccessStatusCode && fault?.Kind is null or ExchangeFaultKind.Timeout or ExchangeFaultKind.ZeroPrice or ExchangeFaultKind.MalformedEntry)
            answer.Served?.Invoke(process.Name, now);

        return response;
    }

    private static string Spelling(ExchangeId exchange, Pair pair) => exchange == ExchangeId.Coinbase ? $"{pair.Base}-{pair.Quote}" : pair.Base + pair.Quote;

    private static string Price(decimal price) => price.ToString("0.00######", Invariant);

    /// <summary>The body the request would get without a fault, and what to log once it reaches the client.</summary>
    private (HttpStatusCode Status, string? Body, Action<string, DateTimeOffset>? Served) Answer(ExchangeId exchange, Uri uri, DateTimeOffset now, ExchangeFault? fault)
    {
        var query = new Query(uri);
        var path = uri.AbsolutePath;
        var pairs = world.Plan.Paths.Keys.ToDictionary(p => Spelling(exchange, p));
        switch (exchange, path)
        {
            case (ExchangeId.Binance, "/api/v3/ticker/price"):
                return Ticker(pairs.Keys, (symbol, price) => $$"""{"symbol":"{{symbol}}","price":"{{price}}"}""", entries => $"[{string.Join(',', entries)}]");
            case (ExchangeId.Binance, "/api/v3/klines"):
                return Candles(query["symbol"], query["interval"] == "1s" ? TimeSpan.FromSeconds(1) : TimeSpan.FromMinutes(1), query.Long("startTime", 0), query.Long("endTime", long.MaxValue), (int)query.Long("limit", 500), newestFirst: false,
                    (open, c) => $"[{open.ToUnixTimeMilliseconds()},\"{Price(c.Open)}\",\"{Price(c.High)}\",\"{Price(c.Low)}\",\"{Price(c.Close)}\",\"1.0\",{open.ToUnixTimeMilliseconds() + 999},\"1.0\",1,\"0.5\",\"0.5\",\"0\"]",
                    rows => $"[{rows}]");
            case (ExchangeId.Bybit, "/v5/market/tickers"):
                return Ticker(pairs.Keys, (symbol, price) => $$"""{"symbol":"{{symbol}}","lastPrice":"{{price}}","bid1Price":"{{price}}"}""", entries => Bybit($"[{string.Join(',', entries)}]"));
            case (ExchangeId.Bybit, "/v5/market/kline"):
                return Candles(query["symbol"], TimeSpan.FromMinutes(1), query.Long("start", 0), query.Long("end", long.MaxValue), (int)query.Long("limit", 200), newestFirst: true,
                    (open, c) => $"[\"{open.ToUnixTimeMilliseconds()}\",\"{Price(c.Open)}\",\"{Price(c.High)}\",\"{Price(c.Low)}\",\"{Price(c.Close)}\",\"1.0\",\"100\"]",
                    rows => Bybit($"[{rows}]"));
            case (ExchangeId.Bybit, "/v5/market/recent-trade"):
                return Trades(query["symbol"], Math.Min((int)query.Long("limit", 60), 60), 0,
                    (second, price) => $$"""{"execId":"{{second.ToUnixTimeSeconds()}}","symbol":"{{query["symbol"]}}","price":"{{Price(price)}}","size":"0.01","side":"Buy","time":"{{second.ToUnixTimeMilliseconds()}}","isBlockTrade":false}""",
                    rows => Bybit($"[{rows}]"));
            case (ExchangeId.Coinbase, "/api/v3/brokerage/market/products"):
                var asked = query.All("product_ids").Where(pairs.ContainsKey).ToList();
                return Ticker(asked, (product, price) => Product(product, price), entries => $$"""{"products":[{{string.Join(',', entries)}}],"num_products":{{asked.Count}}}""");
            case (ExchangeId.Coinbase, _) when path.StartsWith("/api/v3/brokerage/market/products/", StringComparison.Ordinal) && path.EndsWith("/candles", StringComparison.Ordinal):
                var product = path.Split('/')[^2];
                return Candles(product, TimeSpan.FromMinutes(1), query.Long("start", 0) * 1000, query.Long("end", long.MaxValue / 1000) * 1000, (int)query.Long("limit", 350), newestFirst: true,
                    (open, c) => $$"""{"start":"{{open.ToUnixTimeSeconds()}}","low":"{{Price(c.Low)}}","high":"{{Price(c.High)}}","open":"{{Price(c.Open)}}","close":"{{Price(c.Close)}}","volume":"1.0"}""",
                    rows => $$"""{"candles":[{{rows}}]}""");
            case (ExchangeId.Coinbase, _) when path.StartsWith("/api/v3/brokerage/market/products/", StringComparison.Ordinal) && path.EndsWith("/ticker", StringComparison.Ordinal):
                var traded = path.Split('/')[^2];
                return Trades(traded, Math.Min((int)query.Long("limit", 100), 1000), query.Long("start", 0),
                    (second, price) => $$"""{"trade_id":"{{second.ToUnixTimeSeconds()}}","product_id":"{{traded}}","price":"{{Price(price)}}","size":"0.01","time":"{{second.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", Invariant)}}","side":"BUY","exchange":"coinbase"}""",
                    rows => $$"""{"trades":[{{rows}}],"best_bid":"0","best_ask":"0"}""");
            default:
                return (HttpStatusCode.NotFound, null, null);
        }

        (HttpStatusCode, string?, Action<string, DateTimeOffset>?) Ticker(IEnumerable<string> symbols, Func<string, string, string> entry, Func<IEnumerable<string>, string> wrap)
        {
            var served = new Dictionary<string, decimal>();
            var entries = new List<string>();
            foreach (var symbol in symbols)
            {
                var price = world.Plan.Paths[pairs[symbol]].At(now);
                var text = Price(price);
                if (fault?.Symbol == symbol && fault.Kind == ExchangeFaultKind.ZeroPrice)
                    text = "0.00000000";
                else if (fault?.Symbol == symbol && fault.Kind == ExchangeFaultKind.MalformedEntry)
                    text = "1.2.3";
                else
                    served[symbol] = price;
                entries.Add(entry(symbol, text));
            }

            return (HttpStatusCode.OK, wrap(entries), (process, at) => world.Log.Tickers.Add(new TickerServed(process, exchange, at, served)));
        }

        (HttpStatusCode, string?, Action<string, DateTimeOffset>?) Candles(string? symbol, TimeSpan interval, long startMs, long endMs, int limit, bool newestFirst, Func<DateTimeOffset, (decimal Open, decimal High, decimal Low, decimal Close), string> row, Func<string, string> wrap)
        {
            if (symbol is null || !pairs.TryGetValue(symbol, out var pair))
                return (HttpStatusCode.NotFound, null, null);

            var series = world.Plan.Paths[pair];
            var rows = new List<string>();
            var from = DateTimeOffset.FromUnixTimeMilliseconds(Math.Max(startMs, series.Start.ToUnixTimeMilliseconds()));
            var first = new DateTimeOffset(from.UtcTicks - (from.UtcTicks % interval.Ticks), TimeSpan.Zero);
            if (first < from)
                first += interval;
            for (var open = first; open.ToUnixTimeMilliseconds() <= endMs && open <= now && rows.Count < limit; open += interval)
            {
                if (series.Candle(open, interval, now) is { } candle)
                    rows.Add(row(open, candle));
            }

            if (newestFirst)
                rows.Reverse();
            var kind = interval < TimeSpan.FromMinutes(1) ? HistoryKind.SecondCandles : HistoryKind.MinuteCandles;
            return (HttpStatusCode.OK, wrap(string.Join(',', rows)), (process, at) => world.Log.Histories.Add(new HistoryServed(process, exchange, symbol, kind, at, true, from)));
        }

        // The most recent trades, newest first; with a start (Unix seconds), only those from it on.
        (HttpStatusCode, string?, Action<string, DateTimeOffset>?) Trades(string? symbol, int limit, long startSeconds, Func<DateTimeOffset, decimal, string> trade, Func<string, string> wrap)
        {
            if (symbol is null || !pairs.TryGetValue(symbol, out var pair))
                return (HttpStatusCode.NotFound, null, null);

            var series = world.Plan.Paths[pair];
            var last = series.Index(now);
            var first = Math.Max(0, series.Index(DateTimeOffset.FromUnixTimeSeconds(startSeconds)));
            var seconds = Enumerable.Range(0, limit).Select(i => last - i).Where(i => i >= first).ToList();
            var rows = string.Join(',', seconds.Select(i => trade(series.TimeOf(i), series.Price(i))));
            var oldest = seconds.Count > 0 ? series.TimeOf(seconds[^1]) : now;
            return (HttpStatusCode.OK, wrap(rows), (process, at) => world.Log.Histories.Add(new HistoryServed(process, exchange, symbol, HistoryKind.Trades, at, true, oldest)));
        }

        string Product(string product, string price) =>
            $$"""{"product_id":"{{product}}","price":"{{price}}","status":"online","trading_disabled":false,"is_disabled":false,"cancel_only":false,"auction_mode":false,"product_type":"SPOT","base_currency_id":"{{product.Split('-')[0]}}","quote_currency_id":"{{product.Split('-')[1]}}"}""";
    }

    private static string Bybit(string list) =>
        $$"""{"retCode":0,"retMsg":"OK","result":{"category":"spot","list":{{list}}},"retExtInfo":{},"time":1}""";

    private HttpResponseMessage RateLimited(ExchangeId exchange, DateTimeOffset now, string key)
    {
        var wait = TimeSpan.FromSeconds(10 + (int)(110 * world.Chance("retry-after|" + key)));
        if (exchange == ExchangeId.Bybit)
        {
            var limited = Json(HttpStatusCode.OK, """{"retCode":10006,"retMsg":"Too many visits!","result":{},"retExtInfo":{},"time":1}""");
            limited.Headers.Add("X-Bapi-Limit-Reset-Timestamp", (now + wait).ToUnixTimeMilliseconds().ToString(Invariant));
            return limited;
        }

        var response = Json(HttpStatusCode.TooManyRequests, exchange == ExchangeId.Binance ? """{"code":-1003,"msg":"Too many requests."}""" : """{"errors":[{"id":"rate_limit_exceeded","message":"Too many requests"}]}""");
        response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(wait);
        return response;
    }

    private static HttpResponseMessage RegionBlocked(ExchangeId exchange) => exchange switch
    {
        ExchangeId.Binance => Json((HttpStatusCode)451, """{"code":0,"msg":"Service unavailable from a restricted location according to 'b. Eligibility' in https://www.binance.com/en/terms."}"""),
        ExchangeId.Bybit => Text(HttpStatusCode.Forbidden, "text/html", "<html><body>403 Forbidden</body></html>"),
        _ => Json(HttpStatusCode.Forbidden, """{"error":"PERMISSION_DENIED","message":"Forbidden"}"""),
    };

    private static HttpResponseMessage Json(HttpStatusCode status, string body) => Text(status, "application/json", body);

    private static HttpResponseMessage Text(HttpStatusCode status, string mediaType, string body) =>
        new(status) { Content = new StringContent(body, Encoding.UTF8, mediaType) };
}
