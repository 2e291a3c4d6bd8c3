using System.CommandLine;
using TradingAlerts.Core.Notifications;
using TradingAlerts.Core.Prices;
using TradingAlerts.Core.Signals;

namespace TradingAlerts.Cli.Commands;

/// <summary><c>tradingalerts price SYMBOL [--exchange E]</c>: the current price and where it came from.</summary>
internal static class PriceCommand
{
    public static Command Build(CliContext context)
    {
        var symbol = new Argument<string>("SYMBOL") { Description = "e.g. BTCUSDT or BTC/USDT" };
        var exchange = new Option<string>("--exchange") { Description = "the exchange to ask", DefaultValueFactory = _ => "binance" };
        var command = new Command("price", "Show the current price of a symbol.") { symbol, exchange };
        command.SetAction(async (parse, ct) =>
        {
            var app = await context.ComposeAsync(ct);
            var exchangeText = parse.GetValue(exchange);
            var source = WireNames.TryParseExchange(exchangeText, out var id) ? app.PriceSources.FirstOrDefault(s => s.Exchange == id) : null;
            if (source is null)
                throw new CliInputException($"--exchange must be one of {string.Join(" | ", app.PriceSources.Select(s => s.Exchange.ToWire()))} (got '{exchangeText}')");

            var normalized = Symbols.Normalize(parse.GetValue(symbol));
            if (!Symbols.IsWellFormed(normalized))
                throw new CliInputException($"SYMBOL must be 2 to 30 letters or digits, e.g. BTCUSDT (got '{parse.GetValue(symbol)}')");

            var started = context.Clock.GetTimestamp();
            try
            {
                var quotes = await source.GetPricesAsync([normalized], ct);
                var took = context.Clock.GetElapsedTime(started);
                if (!quotes.Prices.TryGetValue(normalized, out var price))
                {
                    await context.Error.WriteLineAsync($"{normalized} is not listed on {source.Exchange.ToWire()}.");
                    return ExitCodes.Partial;
                }

                await context.Out.WriteLineAsync($"{normalized} {AlertMessage.Money(price)} on {source.Exchange.ToWire()} ({took.TotalMilliseconds:0} ms)");
                return ExitCodes.Ok;
            }
            catch (ExchangeUnavailableException e)
            {
                await context.Error.WriteLineAsync($"No price: {e.Message}");
                return ExitCodes.Partial;
            }
        });
        return command;
    }
}
