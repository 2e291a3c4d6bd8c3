using System.Globalization;
using System.Text.Json;

namespace TradingAlerts.Exchanges.Binance;

/// <summary>
/// Binance's spot REST API: the all-symbols ticker (weight 4), exchangeInfo (weight 20) and klines (weight 2, up to
/// 1000 candles; one-minute and one-second ones). For market data only, https://data-api.binance.vision serves them all.
/// </summary>
internal sealed class BinanceApi(HttpClient http, TimeProvider clock) : ExchangeApi(ExchangeId.Binance, http, clock)
{
    private const string TickerPath = "api/v3/ticker/price";
    private const string ExchangeInfoPath = "api/v3/exchangeInfo";

    private static readonly JsonShape TickerShape = new("the array of prices", """[{"symbol":"…","price":"…"}, …]""");
    private static readonly JsonShape ExchangeInfoShape = new(
        "the exchange information", """{"symbols":[{"symbol":"…","status":"…","baseAsset":"…","quoteAsset":"…"}, …]}""");
    private static readonly JsonShape KlinesShape = new("the array of candles", """[[openTime,"open","high","low","close",…], …]""");

    /// <summary>Binance's largest <c>limit</c> for klines (its default, 500, would cut a page short).</summary>
    protected override int CandlesPerRequest => 1000;

    /// <summary>Symbols not open to spot trading (margin-only) are left out; a halted or delisted one is kept, not trading.</summary>
    public override async Task<IReadOnlyList<Instrument>> GetInstrumentsAsync(CancellationToken ct)
    {
        var info = await GetAsync(ExchangeInfoPath, BinanceJsonContext.Default.BinanceExchangeInfo, ExchangeInfoShape, ct);
        var symbols = info.Symbols ?? throw Unreadable("exchange information without a \"symbols\" list");

        var instruments = new List<Instrument>(symbols.Length);
        for (var i = 0; i < symbols.Length; i++)
        {
            if (symbols[i] is { IsSpotTradingAllowed: false })
                continue;

            var symbol = symbols[i];
            instruments.Add(ReadInstrument(i, symbol?.Symbol, symbol?.BaseAsset, symbol?.QuoteAsset, symbol?.Status == "TRADING"));
        }

        return instruments;
    }

    /// <summary>Every symbol's price in one request, whatever the number asked.</summary>
    protected override async Task<PriceQuotes> FetchPricesAsync(IReadOnlyCollection<string> symbols, CancellationToken ct)
    {
        var entries = await GetAsync(TickerPath, BinanceJsonContext.Default.BinanceTickerPriceArray, TickerShape, ct);
        return CompleteListing(entries, e => e.Symbol, e => e.Price, Symbols.Normalize, unpricedIsAbsent: false);
    }

    protected override Task<IEnumerable<Candle>> FetchCandlesAsync(string symbol, MinuteWindow window, CancellationToken ct) =>
        KlinesAsync(symbol, "1m", window.First, window.End, ct);

    /// <summary>
    /// One-second klines (<c>interval=1s</c>) from the second that holds <paramref name="from"/>: every trade of the span,
    /// a second at a time, so they always reach back. A span longer than 1000 seconds keeps its first 1000.
    /// </summary>
    protected override async Task<FinePrices> FetchFinePricesAsync(string symbol, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var seconds = await KlinesAsync(symbol, "1s", new DateTimeOffset(from.UtcTicks - (from.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero), to, ct);
        return new FinePrices(seconds.OrderBy(c => c.OpenTime).Select(c => new PricePoint(c.OpenTime, c.High, c.Low)).ToList(), ReachesBack: true);
    }

    private async Task<IEnumerable<Candle>> KlinesAsync(string symbol, string interval, DateTimeOffset first, DateTimeOffset end, CancellationToken ct)
    {
        var klines = string.Create(
            CultureInfo.InvariantCulture,
            $"api/v3/klines?symbol={Uri.EscapeDataString(symbol)}&interval={interval}&startTime={first.ToUnixTimeMilliseconds()}" +
            $"&endTime={end.ToUnixTimeMilliseconds()}&limit={CandlesPerRequest}");

        // Open time is a number (ms); the prices are strings.
        var rows = await GetAsync(klines, BinanceJsonContext.Default.Klines, KlinesShape, ct);
        return ReadCandleRows(symbol, rows.Select(row => row?.Select(Text).ToArray()).ToList(), TimeSpan.FromMilliseconds(1));
    }

    protected override string DescribeRefusal(HttpResponseMessage response, byte[] body)
    {
        var status = (int)response.StatusCode;
        switch (status)
        {
            case 451:
                return RegionRefused("HTTP 451");
            case 403:
                return "HTTP 403: request blocked by Binance's web application firewall";
            default:
                var error = ReadErrorBody(body, BinanceJsonContext.Default.BinanceError);
                return error is { Msg: { Length: > 0 } msg }
                    ? $"HTTP {status}: {msg} (Binance code {error.Code?.ToString(CultureInfo.InvariantCulture) ?? "none"})"
                    : $"HTTP {status}";
        }
    }

    private static string? Text(JsonElement field) => field.ValueKind switch
    {
        JsonValueKind.String => field.GetString(),
        JsonValueKind.Number => field.GetRawText(),
        _ => null,
    };
}
