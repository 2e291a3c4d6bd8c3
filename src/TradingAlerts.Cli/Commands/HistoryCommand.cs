using System.CommandLine;
using System.Globalization;
using TradingAlerts.Core.Notifications;
using TradingAlerts.Core.Prices;
using TradingAlerts.Core.Signals;

namespace TradingAlerts.Cli.Commands;

/// <summary><c>tradingalerts history SYMBOL [--exchange E] [--since 24h] [--json]</c>: the prices the cycles saw, from the store.</summary>
internal static class HistoryCommand
{
    public static Command Build(CliContext context)
    {
        var symbol = new Argument<string>("SYMBOL") { Description = "e.g. BTCUSDT, BTC/USDT or btc-usd" };
        var exchange = new Option<string>("--exchange") { Description = "only this exchange (binance | bybit | coinbase); default every exchange that saw it" };
        var since = new Option<string>("--since")
        {
            Description = $"the period, up to now: 1h, 24h, 7d, up to {DurationText.Format(PriceHistoryReport.LongestPeriod)}",
            DefaultValueFactory = _ => PriceHistoryReport.DefaultPeriod,
        };
        var json = new Option<bool>("--json") { Description = "the prices as JSON (the same as GET /api/history)" };
        var command = new Command("history", "Show the prices the cycles saw for a symbol (kept TRADINGALERTS_PRICE_HISTORY_DAYS days), with each interval's high and low where its candles were read.")
        {
            symbol, exchange, since, json,
        };
        command.SetAction(async (parse, ct) =>
        {
            if (!PriceHistoryReport.TryParsePeriod(parse.GetValue(since), out var period, out var error))
                throw new CliInputException($"--since {error}");
            var only = ExchangeOption.Read(parse.GetValue(exchange));

            var app = await context.ComposeAsync(ct);
            PairHistory history;
            try
            {
                history = await app.History.ForAsync(parse.GetValue(symbol), only, period, ct);
            }
            catch (SignalValidationException e)
            {
                throw new CliInputException($"SYMBOL: {e.Errors[0].Message}");
            }

            if (parse.GetValue(json))
                await context.Out.WriteLineAsync(history.ToJson());
            else
                Write(context.Out, history);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static void Write(TextWriter output, PairHistory history)
    {
        output.WriteLine($"{history.Pair} from {Time(history.From)} to {Time(history.To)} UTC");
        if (history.Exchanges.All(e => e.Points.Count == 0))
        {
            output.WriteLine("No prices kept in this period: they are kept by each cycle of run, check or the cloud pipeline for an alert on the pair.");
            return;
        }

        foreach (var exchange in history.Exchanges)
        {
            output.WriteLine();
            if (exchange.Points.Count == 0)
            {
                output.WriteLine($"{exchange.Exchange} {exchange.Symbol}: no prices kept in this period.");
                continue;
            }

            output.WriteLine(
                $"{exchange.Exchange} {exchange.Symbol}: {exchange.Points.Count} price(s), from {Money(exchange.Points[0].Price)} to {Money(exchange.Points[^1].Price)}; " +
                $"high {Money(exchange.Points.Max(p => p.High ?? p.Price))}, low {Money(exchange.Points.Min(p => p.Low ?? p.Price))}");
            Table.Write(output, ["TIME (UTC)", "PRICE", "HIGH", "LOW"], exchange.Points.Select(p => (IReadOnlyList<string>)
            [
                Time(p.Time), Money(p.Price), p.High is { } high ? Money(high) : "-", p.Low is { } low ? Money(low) : "-",
            ]));
        }
    }

    private static string Money(decimal price) => NotificationText.Money(price);

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
