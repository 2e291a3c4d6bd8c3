using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using TradingAlerts.Core.Prices;
using TradingAlerts.Core.Signals;
using TradingAlerts.Http;

namespace TradingAlerts.Exchanges.Binance;

/// <summary>
/// Binance spot prices from the all-symbols ticker: one request (weight 4) whatever the number of symbols asked.
/// </summary>
/// <remarks>
/// Give it a client from <see cref="ResilientHttp.Create"/> with a Binance base address (for market data only,
/// https://data-api.binance.vision). After a 429 or 418 it sends nothing until the Retry-After has passed: Binance
/// bans an IP that keeps asking, for up to 3 days.
/// </remarks>
public sealed class BinancePriceSource(HttpClient http, TimeProvider clock) : IPriceSource
{
    private const string TickerPath = "api/v3/ticker/price";

    /// <summary>The wait when a 429/418 comes without Retry-After (Binance always sends it; a proxy might not).</summary>
    private static readonly TimeSpan DefaultRateLimitWait = TimeSpan.FromSeconds(60);

    private readonly Lock gate = new();
    private RateLimit? rateLimit;

    public ExchangeId Exchange => ExchangeId.Binance;

    public async Task<PriceQuotes> GetPricesAsync(IReadOnlyCollection<string> symbols, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(symbols);
        ct.ThrowIfCancellationRequested();
        if (symbols.Count == 0)
            return new PriceQuotes(new Dictionary<string, decimal>(), IsCompleteListing: false);

        ThrowIfRateLimited();

        using var request = new HttpRequestMessage(HttpMethod.Get, TickerPath);
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
            if (response.StatusCode == HttpStatusCode.OK)
                return new PriceQuotes(await ReadPricesAsync(response, ct), IsCompleteListing: true);

            throw Unavailable(await DescribeRefusalAsync(response, ct));
        }
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
                $"rate limited (HTTP {limit.Status}), no request to Binance before {until} UTC " +
                $"({HttpFailures.Seconds(limit.Until - now)} from now)");
        }
    }

    private async Task<string> DescribeRefusalAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var status = (int)response.StatusCode;
        switch (status)
        {
            case 451:
                return "Binance refuses this region (restricted location), HTTP 451: run the monitor from a non-US " +
                    "region such as AWS eu-central-1, or watch this symbol on another exchange";
            case 429 or 418:
                var wait = RetryAfter.From(response.Headers, clock) ?? DefaultRateLimitWait;
                lock (gate)
                    rateLimit = new RateLimit(status, clock.GetUtcNow() + wait);

                var ban = status == 418 ? ", IP banned for repeating requests after a 429" : string.Empty;
                return $"rate limited (HTTP {status}{ban}), retry after {HttpFailures.Seconds(wait)}";
            case >= 500:
                return HttpFailures.StatusAfterAttempts(response);
            case 403:
                return "HTTP 403: request blocked by Binance's web application firewall";
            default:
                var error = await ReadErrorAsync(response, ct);
                return error is { Msg: { Length: > 0 } msg }
                    ? $"HTTP {status}: {msg} (Binance code {error.Code?.ToString(CultureInfo.InvariantCulture) ?? "none"})"
                    : $"HTTP {status}";
        }
    }

    private static async Task<BinanceError?> ReadErrorAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            var body = await response.Content.ReadAsByteArrayAsync(ct);
            return JsonSerializer.Deserialize(body, BinanceJsonContext.Default.BinanceError);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static async Task<Dictionary<string, decimal>> ReadPricesAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var body = await response.Content.ReadAsByteArrayAsync(ct);

        BinanceTickerPrice[]? entries;
        try
        {
            entries = JsonSerializer.Deserialize(body, BinanceJsonContext.Default.BinanceTickerPriceArray);
        }
        catch (JsonException e)
        {
            throw Unavailable($"unreadable response: {DescribeUnexpectedBody(body, e)}", e);
        }

        if (entries is null || entries.Length == 0)
            throw Unavailable("unreadable response: an empty price list instead of every symbol's price");

        var prices = new Dictionary<string, decimal>(entries.Length, StringComparer.Ordinal);
        for (var i = 0; i < entries.Length; i++)
        {
            var entry = entries[i];
            if (entry is null || string.IsNullOrWhiteSpace(entry.Symbol))
                throw Unavailable($"unreadable response: entry {i} has no symbol");

            var symbol = Symbols.Normalize(entry.Symbol);
            if (!TryParsePrice(entry.Price, out var price))
            {
                var shown = entry.Price is null ? "no price" : $"price \"{Shorten(entry.Price)}\"";
                throw Unavailable($"unreadable response: {symbol} has {shown}, not a decimal number");
            }

            prices[symbol] = price;
        }

        return prices;
    }

    /// <summary>Plain digits with an optional point, as Binance writes prices: no sign, exponent or group separator.</summary>
    private static bool TryParsePrice(string? text, out decimal price) =>
        decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out price);

    private static string DescribeUnexpectedBody(byte[] body, JsonException e)
    {
        var text = Encoding.UTF8.GetString(body).TrimStart();
        var start = Shorten(text);
        if (text.Length == 0)
            return "an empty body";
        if (text[0] == '<')
            return $"an HTML page, not JSON (starts \"{start}\")";
        if (text[0] == '{')
            return $"a JSON object, not the array of prices (starts \"{start}\")";
        if (text[0] != '[')
            return $"not JSON (starts \"{start}\")";

        if (!IsWellFormedJson(body))
        {
            var where = e.BytePositionInLine is { } position ? $" at byte {position}" : string.Empty;
            return $"malformed or truncated JSON{where}";
        }

        return $"JSON of an unexpected shape at {e.Path ?? "$"}, expected [{{\"symbol\":\"…\",\"price\":\"…\"}}, …]";
    }

    private static bool IsWellFormedJson(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string Shorten(string text)
    {
        const int Shown = 60;
        var oneLine = text.ReplaceLineEndings(" ");
        return oneLine.Length <= Shown ? oneLine : string.Concat(oneLine.AsSpan(0, Shown), "…");
    }

    private static ExchangeUnavailableException Unavailable(string reason, Exception? inner = null) =>
        new(ExchangeId.Binance, reason, inner);

    private sealed record RateLimit(int Status, DateTimeOffset Until);
}
