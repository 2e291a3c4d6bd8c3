using System.Globalization;
using System.Text.Json;
using System.Web;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace TradingAlerts.Testing;

/// <summary>
/// Binance on loopback serving one symbol's true price path, as the real one derives everything from its trades: the
/// ticker is the price at the request's time (read from the clock it is given), the klines of each interval (1s, 1m)
/// aggregate open, high, low and close up to that time (the current candle partial). The path is a list of steps: each
/// price holds from its time until the next.
/// </summary>
public sealed class PricePathExchange : IDisposable
{
    private readonly TimeProvider clock;
    private readonly string symbol;
    private readonly List<(DateTimeOffset At, decimal Price)> steps = [];

    public PricePathExchange(TimeProvider clock, string symbol)
    {
        this.clock = clock;
        this.symbol = symbol;
        Server.Given(Request.Create().WithPath("/api/v3/ticker/price").UsingGet()).RespondWith(Response.Create().WithCallback(_ => Json(Ticker())));
        Server.Given(Request.Create().WithPath("/api/v3/klines").UsingGet()).RespondWith(Response.Create().WithCallback(Klines));
        var listing = JsonSerializer.Serialize(new
        {
            symbols = new[] { new { symbol, status = "TRADING", baseAsset = symbol[..^4], quoteAsset = symbol[^4..], isSpotTradingAllowed = true } },
        });
        Server.Given(Request.Create().WithPath("/api/v3/exchangeInfo").UsingGet()).RespondWith(Response.Create().WithCallback(_ => Json(listing)));
    }

    public WireMockServer Server { get; } = WireMockServer.Start();

    /// <summary>From now on (the clock's time), the price is <paramref name="price"/>.</summary>
    public void Trade(decimal price)
    {
        var now = clock.GetUtcNow();
        if (steps.Count > 0 && now < steps[^1].At)
            throw new InvalidOperationException("the path only moves forward");
        steps.Add((now, price));
    }

    public void Dispose() => Server.Stop();

    private string Ticker() => JsonSerializer.Serialize(new[] { new Dictionary<string, string> { ["symbol"] = symbol, ["price"] = Text(PriceAt(clock.GetUtcNow())) } });

    private ResponseMessage Klines(IRequestMessage request)
    {
        var query = HttpUtility.ParseQueryString(new Uri(request.AbsoluteUrl).Query);
        var length = query["interval"] switch
        {
            "1s" => TimeSpan.FromSeconds(1),
            "1m" => TimeSpan.FromMinutes(1),
            var other => throw new ArgumentException($"interval {other} is not served"),
        };
        var now = clock.GetUtcNow();
        var from = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(query["startTime"]!, CultureInfo.InvariantCulture));
        var to = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(query["endTime"]!, CultureInfo.InvariantCulture));
        var rows = new List<string>();
        for (var open = Floor(from, length); open <= to && open <= now && steps.Count > 0; open += length)
        {
            var close = open + length > now ? now : open + length;
            if (close <= steps[0].At)
                continue;

            var start = open < steps[0].At ? steps[0].At : open;
            var prices = steps.Where(s => s.At > start && s.At < close).Select(s => s.Price).Prepend(PriceAt(start)).ToList();
            var ms = open.ToUnixTimeMilliseconds();
            rows.Add($"[{ms},\"{Text(prices[0])}\",\"{Text(prices.Max())}\",\"{Text(prices.Min())}\",\"{Text(prices[^1])}\",\"1.0\",{ms + (long)length.TotalMilliseconds - 1},\"1.0\",1,\"0.5\",\"0.5\",\"0\"]");
        }

        return Json($"[{string.Join(',', rows)}]");
    }

    private decimal PriceAt(DateTimeOffset time) => steps.Last(s => s.At <= time).Price;

    private static DateTimeOffset Floor(DateTimeOffset time, TimeSpan length) => new(time.UtcTicks - (time.UtcTicks % length.Ticks), TimeSpan.Zero);

    private static string Text(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    private static ResponseMessage Json(string body) => new()
    {
        StatusCode = 200,
        BodyData = new WireMock.Util.BodyData { BodyAsString = body, DetectedBodyType = WireMock.Types.BodyType.String },
        Headers = new Dictionary<string, WireMock.Types.WireMockList<string>> { ["Content-Type"] = new("application/json") },
    };
}
