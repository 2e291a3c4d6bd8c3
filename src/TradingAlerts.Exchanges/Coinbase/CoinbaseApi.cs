using System.Globalization;

namespace TradingAlerts.Exchanges.Coinbase;

/// <summary>
/// Coinbase Advanced Trade's public market data (base https://api.coinbase.com, no key, 10 requests per second per
/// IP, a User-Agent required): the product list, which carries each product's last price and can be filtered to
/// many products at once, and one-minute candles (up to 350 a request).
/// </summary>
internal sealed class CoinbaseApi(HttpClient http, TimeProvider clock) : ExchangeApi(ExchangeId.Coinbase, http, clock)
{
    /// <summary>Products per price request: about 2.5 KB of query string, well inside what servers and proxies accept.</summary>
    public const int ProductsPerRequest = 100;

    private const string ProductsPath = "api/v3/brokerage/market/products";

    private static readonly JsonShape ProductsShape = new(
        "the product list", """{"products":[{"product_id":"…","price":"…","base_currency_id":"…","quote_currency_id":"…","status":"…"}, …]}""");
    private static readonly JsonShape CandlesShape = new(
        "the candle list", """{"candles":[{"start":"…","low":"…","high":"…","open":"…","close":"…","volume":"…"}, …]}""");

    /// <summary>Coinbase's largest <c>limit</c> for candles.</summary>
    protected override int CandlesPerRequest => 350;

    /// <summary>Coinbase's largest <c>limit</c> for market trades.</summary>
    private const int TradesPerRequest = 1000;

    private static readonly JsonShape TradesShape = new("the trade list", """{"trades":[{"trade_id":"…","price":"…","time":"…"}, …]}""");

    /// <summary>Coinbase names a product BASE-QUOTE: <c>BTC-USD</c>.</summary>
    public override string SymbolFor(string baseAsset, string quoteAsset) => $"{Asset(baseAsset)}-{Asset(quoteAsset)}";

    /// <summary>
    /// The spot products. One trades when its status is "online" and it is neither disabled, trading-disabled,
    /// cancel-only nor in auction.
    /// </summary>
    public override async Task<IReadOnlyList<Instrument>> GetInstrumentsAsync(CancellationToken ct)
    {
        var products = await GetProductsAsync("product_type=SPOT", ct);
        return products
            .Select((p, i) => ReadInstrument(i, p?.ProductId, p?.BaseCurrencyId, p?.QuoteCurrencyId, p is not null && IsTrading(p)))
            .ToList();
    }

    /// <summary>
    /// Only the products asked, <see cref="ProductsPerRequest"/> a request, one request after the other: not a
    /// complete listing. An unknown product is absent; one without a usable price (none yet, zero) is unpriced.
    /// </summary>
    protected override async Task<PriceQuotes> FetchPricesAsync(IReadOnlyCollection<string> symbols, CancellationToken ct)
    {
        var asked = symbols.Where(s => !string.IsNullOrWhiteSpace(s)).Select(AsSpelled).Distinct(StringComparer.Ordinal);
        var prices = new Dictionary<string, decimal>(StringComparer.Ordinal);
        var unpriced = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var batch in asked.Chunk(ProductsPerRequest))
        {
            var products = await GetProductsAsync(string.Join('&', batch.Select(p => $"product_ids={Uri.EscapeDataString(p)}")), ct);
            var quotes = ReadPrices(products, p => p.ProductId, p => p.Price, AsSpelled, unpricedIsAbsent: true, isCompleteListing: false);
            foreach (var (product, price) in quotes.Prices)
                prices[product] = price;
            foreach (var (product, why) in quotes.Unpriced)
                unpriced[product] = why;
        }

        return new PriceQuotes(prices, IsCompleteListing: false) { Unpriced = unpriced };
    }

    /// <summary>Start and end in Unix seconds.</summary>
    protected override async Task<IEnumerable<Candle>> FetchCandlesAsync(string symbol, MinuteWindow window, CancellationToken ct)
    {
        var range = string.Create(
            CultureInfo.InvariantCulture,
            $"start={window.First.ToUnixTimeSeconds()}&end={window.End.ToUnixTimeSeconds()}&granularity=ONE_MINUTE&limit={CandlesPerRequest}");
        var answer = await GetAsync($"{ProductsPath}/{Uri.EscapeDataString(symbol)}/candles?{range}", CoinbaseJsonContext.Default.CoinbaseCandles, CandlesShape, ct);
        return (answer.Candles ?? throw Unreadable("an answer without a \"candles\" list"))
            .Select((c, i) => ReadCandle(symbol, i, c?.Start, TimeSpan.FromSeconds(1), c?.High, c?.Low, c?.Close))
            .ToList();
    }

    /// <summary>
    /// The market trades of the span (start and end in Unix seconds), up to 1000: the finer prices, when the span holds
    /// no more trades than that.
    /// </summary>
    protected override async Task<FinePrices> FetchFinePricesAsync(string symbol, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var span = string.Create(CultureInfo.InvariantCulture, $"limit={TradesPerRequest}&start={from.ToUnixTimeSeconds()}&end={to.ToUnixTimeSeconds() + 1}");
        var answer = await GetAsync($"{ProductsPath}/{Uri.EscapeDataString(symbol)}/ticker?{span}", CoinbaseJsonContext.Default.CoinbaseTrades, TradesShape, ct);
        var trades = (answer.Trades ?? throw Unreadable("an answer without a \"trades\" list"))
            .Select((t, i) => ReadTrade(symbol, i, DateTimeOffset.TryParse(t?.Time, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null, t?.Time, t?.Price))
            .ToList();
        return RecentTrades(trades, TradesPerRequest, from, to);
    }

    /// <summary>"HTTP 400: User-Agent header is required.": the status and Coinbase's own words, when it has some.</summary>
    protected override string DescribeRefusal(HttpResponseMessage response, byte[] body)
    {
        var error = ReadErrorBody(body, CoinbaseJsonContext.Default.CoinbaseError);
        var message = new[] { error?.Message, error?.ErrorDetails, error?.Error }.FirstOrDefault(m => !string.IsNullOrWhiteSpace(m));
        return message is null ? $"HTTP {(int)response.StatusCode}" : $"HTTP {(int)response.StatusCode}: {message.Trim()}";
    }

    private static bool IsTrading(CoinbaseProduct product) =>
        string.Equals(product.Status, "online", StringComparison.OrdinalIgnoreCase)
        && product.TradingDisabled != true
        && product.IsDisabled != true
        && product.CancelOnly != true
        && product.AuctionMode != true;

    private async Task<CoinbaseProduct?[]> GetProductsAsync(string query, CancellationToken ct)
    {
        var answer = await GetAsync($"{ProductsPath}?{query}", CoinbaseJsonContext.Default.CoinbaseProducts, ProductsShape, ct);
        return answer.Products ?? throw Unreadable("an answer without a \"products\" list");
    }
}
