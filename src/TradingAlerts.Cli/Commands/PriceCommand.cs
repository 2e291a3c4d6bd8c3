using System.CommandLine;
using System.Globalization;
using TradingAlerts.Core.Notifications;
using TradingAlerts.Core.Prices;
using TradingAlerts.Core.Signals;

namespace TradingAlerts.Cli.Commands;

/// <summary>
/// <c>tradingalerts price SYMBOL [--exchange E]</c>: every exchange's answer side by side (price, latency, error); with
/// <c>--exchange</c>, that exchange's answer and, when it fails, the fallbacks' in order until one answers.
/// </summary>
internal static class PriceCommand
{
    public static Command Build(CliContext context)
    {
        var symbol = new Argument<string>("SYMBOL") { Description = "e.g. BTCUSDT, BTC/USDT or btc-usd" };
        var exchange = new Option<string>("--exchange") { Description = "ask this exchange (binance | bybit | coinbase), then its fallbacks if it fails" };
        var command = new Command("price", "Show the current price of a symbol on every exchange, or on one with its fallbacks.") { symbol, exchange };
        command.SetAction(async (parse, ct) =>
        {
            var app = await context.ComposeAsync(ct);
            ExchangeId? only = null;
            if (parse.GetValue(exchange) is { } exchangeText)
            {
                if (!WireNames.TryParseExchange(exchangeText, out var parsed))
                    throw new CliInputException($"--exchange must be one of {WireNames.Choices<ExchangeId>(WireNames.ToWire)} (got '{exchangeText}')");
                only = parsed;
            }

            var text = Symbols.Parse(parse.GetValue(symbol));
            if (!Symbols.IsWellFormed(text.Normalized))
                throw new CliInputException($"SYMBOL must be 2 to 30 letters or digits, e.g. BTCUSDT or BTC/USDT (got '{parse.GetValue(symbol)}')");

            var pair = await ResolvePairAsync(app, text, only, ct)
                ?? throw new CliInputException($"SYMBOL: cannot tell base from quote in '{parse.GetValue(symbol)}' and no exchange lists it; write it as BASE/QUOTE, e.g. BTC/USDT");

            var order = only is { } first
                ? new[] { first }.Concat(app.Settings.FallbackOrder.Where(e => e != first))
                : app.PriceSources.Select(s => s.Exchange);
            var rows = new List<IReadOnlyList<string>>();
            var answered = false;
            foreach (var source in order.Select(e => app.PriceSources.Single(s => s.Exchange == e)))
            {
                var (row, price) = await AskAsync(context, source, pair, ct);
                rows.Add(row);
                answered |= price is not null;
                if (only is not null && price is not null)
                    break;
            }

            await context.Out.WriteLineAsync($"{pair.Base}/{pair.Quote}");
            Table.Write(context.Out, ["EXCHANGE", "SYMBOL", "PRICE", "LATENCY", "ERROR"], rows);
            return answered ? ExitCodes.Ok : ExitCodes.Partial;
        });
        return command;
    }

    /// <summary>The pair, from the exchange listings when the text alone does not say (a listing is cached for an hour).</summary>
    private static async Task<Pair?> ResolvePairAsync(Composition app, SymbolText text, ExchangeId? preferred, CancellationToken ct)
    {
        if (text.SplitByUser)
            return new Pair(text.Base, text.Quote);

        foreach (var exchange in app.PriceSources.Select(s => s.Exchange).OrderBy(e => e != preferred))
        {
            try
            {
                if ((await app.Markets.GetListingAsync(exchange, ct)).Find(text.Normalized) is { } instrument)
                    return new Pair(instrument.Base, instrument.Quote);
            }
            catch (ExchangeUnavailableException)
            {
                // Another exchange's listing, or the text's own split, will do.
            }
        }

        return text.Base.Length > 0 ? new Pair(text.Base, text.Quote) : null;
    }

    private static async Task<(IReadOnlyList<string> Row, decimal? Price)> AskAsync(CliContext context, IPriceSource source, Pair pair, CancellationToken ct)
    {
        var native = source.SymbolFor(pair.Base, pair.Quote);
        var started = context.Clock.GetTimestamp();
        string? error = null;
        decimal? price = null;
        try
        {
            var quotes = await source.GetPricesAsync([native], ct);
            if (quotes.Prices.TryGetValue(native, out var found))
                price = found;
            else
                error = $"{pair.Base}/{pair.Quote} is not listed";
        }
        catch (ExchangeUnavailableException e)
        {
            error = e.Reason;
        }

        var latency = context.Clock.GetElapsedTime(started).TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms";
        return ([source.Exchange.ToWire(), native, price is { } p ? AlertMessage.Money(p) : "-", latency, error ?? "-"], price);
    }
}
