using System.Globalization;
using System.Text.Json;
using System.Web;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Types;

namespace TradingAlerts.Testing;

/// <summary>The exchanges whose one-minute candle endpoint <see cref="KlineHistory"/> serves, each in its documented shape.</summary>
public enum KlineShape
{
    /// <summary><c>/api/v3/klines</c>: startTime and endTime in ms (inclusive), at most 1000 rows, oldest first.</summary>
    Binance,

    /// <summary><c>/v5/market/kline</c>: start and end in ms, at most 1000 rows, newest first, inside the retCode envelope.</summary>
    Bybit,

    /// <summary><c>/api/v3/brokerage/market/products/{id}/candles</c>: start and end in s, at most 350, newest first.</summary>
    Coinbase,
}

/// <summary>
/// An exchange's history of one-minute candles on a stub server (see shared/reference/api-facts.md): each request gets
/// the candles of its range, no more than the exchange's page holds, as the real endpoint does. A chosen request can be
/// refused with a 429 and a Retry-After; every request's time (by the clock given) is kept, to count and to place them.
/// </summary>
public sealed class KlineHistory
{
    private readonly TimeProvider clock;
    private readonly KlineShape shape;
    private readonly SortedDictionary<DateTimeOffset, (decimal High, decimal Low, decimal Close)> candles = [];
    private readonly Lock gate = new();

    public KlineHistory(WireMockServer server, KlineShape shape, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(server);
        this.clock = clock;
        this.shape = shape;
        var path = shape switch
        {
            KlineShape.Binance => Request.Create().WithPath("/api/v3/klines"),
            KlineShape.Bybit => Request.Create().WithPath("/v5/market/kline"),
            _ => Request.Create().WithPath(new WireMock.Matchers.WildcardMatcher("/api/v3/brokerage/market/products/*/candles")),
        };
        server.Given(path.UsingGet()).RespondWith(Response.Create().WithCallback(Answer));
    }

    /// <summary>The clock's time of each request answered or refused, in order.</summary>
    public List<DateTimeOffset> Requests { get; } = [];

    /// <summary>The 1-based number of the request to refuse with 429 and <see cref="RetryAfterSeconds"/>; 0 for none.</summary>
    public int RefuseRequest { get; set; }

    public int RetryAfterSeconds { get; set; } = 30;

    public int PageLimit => shape == KlineShape.Coinbase ? 350 : 1000;

    public void Add(DateTimeOffset openTime, decimal high, decimal low, decimal close) => candles[openTime] = (high, low, close);

    private ResponseMessage Answer(IRequestMessage request)
    {
        lock (gate)
        {
            Requests.Add(clock.GetUtcNow());
            if (Requests.Count == RefuseRequest)
            {
                return Message(429, """{"code":-1003,"msg":"Too many requests; current limit of IP is 6000 request weight per 1 MINUTE."}""", ("Retry-After", RetryAfterSeconds.ToString(CultureInfo.InvariantCulture)));
            }

            var query = HttpUtility.ParseQueryString(new Uri(request.AbsoluteUrl).Query);
            var (from, to) = shape switch
            {
                KlineShape.Binance => (Ms(query["startTime"]), Ms(query["endTime"])),
                KlineShape.Bybit => (Ms(query["start"]), Ms(query["end"])),
                _ => (Seconds(query["start"]), Seconds(query["end"])),
            };
            var limit = Math.Min(int.Parse(query["limit"] ?? "200", CultureInfo.InvariantCulture), PageLimit);
            var page = candles.Where(c => c.Key >= from && c.Key <= to).Take(limit).ToList();
            return Message(200, shape switch
            {
                KlineShape.Binance => JsonSerializer.Serialize(page.Select(c => new object[]
                {
                    c.Key.ToUnixTimeMilliseconds(), Text(c.Value.Close), Text(c.Value.High), Text(c.Value.Low), Text(c.Value.Close), "1.0",
                    c.Key.ToUnixTimeMilliseconds() + 59_999, "1.0", 1, "0.5", "0.5", "0",
                })),
                KlineShape.Bybit => JsonSerializer.Serialize(new
                {
                    retCode = 0,
                    retMsg = "OK",
                    result = new
                    {
                        category = "spot",
                        symbol = query["symbol"],
                        list = page.AsEnumerable().Reverse().Select(c => new[]
                        {
                            c.Key.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture), Text(c.Value.Close), Text(c.Value.High), Text(c.Value.Low), Text(c.Value.Close), "1.0", "100.0",
                        }),
                    },
                    retExtInfo = new { },
                    time = 1673859087947,
                }),
                _ => JsonSerializer.Serialize(new
                {
                    candles = page.AsEnumerable().Reverse().Select(c => new
                    {
                        start = c.Key.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
                        low = Text(c.Value.Low),
                        high = Text(c.Value.High),
                        open = Text(c.Value.Close),
                        close = Text(c.Value.Close),
                        volume = "1.0",
                    }),
                }),
            });
        }
    }

    private static DateTimeOffset Ms(string? text) => DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(text!, CultureInfo.InvariantCulture));

    private static DateTimeOffset Seconds(string? text) => DateTimeOffset.FromUnixTimeSeconds(long.Parse(text!, CultureInfo.InvariantCulture));

    private static string Text(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    private static ResponseMessage Message(int status, string body, params (string Name, string Value)[] headers)
    {
        var all = new Dictionary<string, WireMockList<string>> { ["Content-Type"] = new("application/json") };
        foreach (var (name, value) in headers)
            all[name] = new(value);
        return new ResponseMessage
        {
            StatusCode = status,
            BodyData = new WireMock.Util.BodyData { BodyAsString = body, DetectedBodyType = BodyType.String },
            Headers = all,
        };
    }
}
