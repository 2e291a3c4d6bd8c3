using System.CommandLine;
using System.Globalization;
using TradingAlerts.Core.Backtesting;
using TradingAlerts.Core.Notifications;
using TradingAlerts.Core.Prices;
using TradingAlerts.Core.Signals;

namespace TradingAlerts.Cli.Commands;

/// <summary>
/// <c>tradingalerts backtest</c>: how an alert would have behaved over the exchange's one-minute candles, by the
/// Worker's own rules. The alert is written with the flags of <c>signals add</c> (and validated as it is), or named by
/// the id of an existing one.
/// </summary>
internal static class BacktestCommand
{
    public static Command Build(CliContext context)
    {
        var id = new Argument<string?>("ID") { Description = "an existing alert's id (see signals list), instead of the flags that write one", Arity = ArgumentArity.ZeroOrOne };
        var rule = new RuleOptions(required: false);
        var since = new Option<string>("--since") { Description = $"the period, up to now: 24h, 7d, up to {DurationText.Format(CandleDownload.MaxSpan)} (default {BacktestPeriod.DefaultSince})" };
        var from = new Option<string>("--from") { Description = "the period's start instead: a date or time, UTC unless an offset is given" };
        var to = new Option<string>("--to") { Description = "with --from: the period's end (default now)" };
        var json = new Option<bool>("--json") { Description = "the result as JSON: exchange, symbol, from, to, candles, firings, pushes, paused, gaps" };

        var command = new Command("backtest", "Run an alert's rule over the exchange's one-minute candles: when it would have fired, and how often it would have pushed.") { id };
        foreach (var option in rule.All.Concat([since, from, to, json]))
            command.Options.Add(option);
        command.SetAction(async (parse, ct) =>
        {
            var app = await context.ComposeAsync(ct);
            if (!BacktestPeriod.TryResolve(parse.GetValue(since), parse.GetValue(from), parse.GetValue(to), app.Clock.GetUtcNow(), out var period, out var error))
                throw new SignalValidationException([error!]);

            Signal signal;
            if (parse.GetValue(id) is { } signalId)
            {
                if (rule.AnyGiven(parse))
                    throw new CliInputException("ID: an existing alert is backtested by its own rule; give either its id or the flags of a new one");
                if (await app.Store.GetAsync(signalId, ct) is not { } found)
                {
                    await context.Error.WriteLineAsync($"error: no alert with id '{signalId}' (see: tradingalerts signals list)");
                    return ExitCodes.NotFound;
                }

                signal = found;
            }
            else
            {
                var (created, warnings) = await app.Intake.CreateAsync(rule.Draft(parse), SignalSource.Cli, ct);
                foreach (var warning in warnings)
                    await context.Error.WriteLineAsync($"warning: {warning}");
                signal = created;
            }

            BacktestReport report;
            try
            {
                var progress = period.To - period.From > TimeSpan.FromDays(1) ? new ErrorLines(context.Error) : null;
                report = await app.Backtests.RunAsync(signal, period, progress, ct);
            }
            catch (ExchangeUnavailableException e)
            {
                await context.Error.WriteLineAsync($"error: no candles from {e.Message}. Nothing was backtested.");
                return ExitCodes.Partial;
            }

            if (parse.GetValue(json))
                await context.Out.WriteLineAsync(report.ToJson());
            else
                await WriteAsync(context.Out, signal, report.Symbol, report.Result);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static async Task WriteAsync(TextWriter output, Signal signal, string symbol, BacktestResult result)
    {
        await output.WriteLineAsync($"{signal.Exchange.ToWire()} {symbol} {ConditionText.Describe(signal)}{(signal.Rule.Frequency == Frequency.Rearm ? ", re-arms" : string.Empty)}");
        await output.WriteLineAsync($"From {Minute(result.From)} to {Minute(result.To)} UTC: {result.Candles} one-minute candles");
        await output.WriteLineAsync(result.Firings.Count == 0
            ? "It would not have fired."
            : $"It would have fired {Times(result.Firings.Count)} ({result.Pushes} push{(result.Pushes == 1 ? string.Empty : "es")}):");
        if (result.Firings.Count > 0)
        {
            Table.Write(
                output,
                ["TIME (UTC)", "PRICE", "FROM"],
                result.Firings.Select(f => (IReadOnlyList<string>)[Minute(f.Time), NotificationText.Money(f.Price), f.Wick ? "wick" : "close"]));
        }

        foreach (var paused in result.Paused)
            await output.WriteLineAsync($"Paused at {Minute(paused)} UTC: it fired too often (flap protection); live, it stays paused until enabled again.");
        if (result.Unchecked > 0)
            await output.WriteLineAsync($"{result.Unchecked} minute(s) not checked: no candle a window before them to measure the move from.");
        foreach (var gap in result.Gaps)
            await output.WriteLineAsync($"Gap: no candles from {Minute(gap.From)} to {Minute(gap.To)} UTC ({(gap.To - gap.From).TotalMinutes.ToString("0", CultureInfo.InvariantCulture)} min).");
    }

    private static string Times(int count) => count == 1 ? "once" : $"{count} times";

    private static string Minute(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    /// <summary>A long download's progress, one line a day (or a rate limit's wait), on standard error: standard output stays the result.</summary>
    private sealed class ErrorLines(TextWriter error) : IProgress<DownloadProgress>
    {
        public void Report(DownloadProgress value) => error.WriteLine(value.Waiting is { } wait
            ? $"rate limited: waiting {wait.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s as the exchange asks, then asking again from {Minute(value.Through)} UTC"
            : $"candles through {Minute(value.Through)} UTC of {Minute(value.To)} ({value.Candles})");
    }
}
