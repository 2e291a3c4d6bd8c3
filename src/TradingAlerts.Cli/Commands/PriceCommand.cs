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
            var only = ExchangeOption.Read(parse.GetValue(exchange));

            PriceComparison comparison;
            try
            {
                comparison = await app.PriceCheck.CompareAsync(parse.GetValue(symbol), only, ct);
            }
            catch (SignalValidationException e)
            {
                throw new CliInputException($"SYMBOL: {e.Errors[0].Message}");
            }

            await context.Out.WriteLineAsync(comparison.Pair.ToString());
            Table.Write(
                context.Out,
                ["EXCHANGE", "SYMBOL", "PRICE", "LATENCY", "ERROR"],
                comparison.Quotes.Select(q => (IReadOnlyList<string>)
                [
                    q.Exchange.ToWire(), q.Symbol, q.Price is { } p ? NotificationText.Money(p) : "-",
                    q.Latency.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms", q.Error ?? "-",
                ]));
            return comparison.Answered ? ExitCodes.Ok : ExitCodes.Partial;
        });
        return command;
    }
}
