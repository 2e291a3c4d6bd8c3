using System.CommandLine;
using System.Globalization;
using TradingAlerts.Core.Analytics;

namespace TradingAlerts.Cli.Commands;

/// <summary><c>tradingalerts stats</c>: what fired, what was delivered and how healthy the monitor was over a period.</summary>
internal static class StatsCommand
{
    public static Command Build(CliContext context)
    {
        var since = new Option<string>("--since") { Description = "the period, up to now: 24h, 7d, up to 90d", DefaultValueFactory = _ => StatsReport.DefaultPeriod };
        var json = new Option<bool>("--json") { Description = "the figures as JSON (the same as GET /api/stats)" };
        var command = new Command("stats", "Show what fired, what was delivered (per channel, with latency) and how healthy the monitor was over a period.") { since, json };
        command.SetAction(async (parse, ct) =>
        {
            var text = parse.GetValue(since);
            if (!StatsReport.TryParsePeriod(text, out var period, out var error))
                throw new CliInputException($"--since {error}");

            var app = await context.ComposeAsync(ct);
            var stats = await app.Stats.ForAsync(period, ct);
            if (parse.GetValue(json))
                await context.Out.WriteLineAsync(stats.ToJson());
            else
                Write(context.Out, stats, text!);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static void Write(TextWriter output, PeriodStats stats, string period)
    {
        output.WriteLine($"Last {period.Trim()}: {Time(stats.From)} to {Time(stats.To)} UTC");
        output.WriteLine($"{Number(stats.Firings)} firing(s)");
        output.WriteLine();
        Table.Write(output, ["DAY (UTC)", "FIRINGS", "BY SYMBOL"], stats.Days.Select(d => (IReadOnlyList<string>)
        [
            Day(d.Day), Number(d.Firings), string.Join(", ", d.Symbols.OrderByDescending(s => s.Value).Select(s => $"{s.Key} {s.Value}")),
        ]));

        output.WriteLine();
        if (stats.Channels.Count == 0)
        {
            output.WriteLine("Deliveries: none in the period.");
        }
        else
        {
            output.WriteLine("Deliveries");
            Table.Write(output, ["CHANNEL", "DELIVERIES", "SENT", "FAILED", "PENDING", "HELD", "SUCCESS", "LATENCY P50", "P95"], stats.Channels.Select(c => (IReadOnlyList<string>)
            [
                c.Channel, Number(c.Deliveries), Number(c.Sent), Number(c.Failed), Number(c.Pending), Number(c.Held),
                c.SuccessRate is { } rate ? rate.ToString("0.#%", CultureInfo.InvariantCulture) : "-", Latency(c.LatencyP50Ms), Latency(c.LatencyP95Ms),
            ]));
        }

        output.WriteLine();
        var cycles = stats.Cycles;
        output.WriteLine($"Cycles since {Day(DateOnly.FromDateTime(cycles.From.UtcDateTime))} (whole UTC days)");
        Table.Write(
            output,
            ["RECORDED", "COMPLETED", "WITH FAILED BATCHES", "BROKEN OFF", "CHECKS", "NOT CHECKED", "AVERAGE DURATION"],
            [[
                Number(cycles.Recorded), Number(cycles.Completed), Number(cycles.Recorded - cycles.Completed - cycles.BrokenOff), Number(cycles.BrokenOff),
                Number(cycles.Checked), Number(cycles.NotChecked), cycles.AverageDurationMs is { } ms ? Latency(ms) : "-",
            ]]);

        if (stats.Exchanges.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("Exchanges (cycles that ended with each up, degraded or down)");
            Table.Write(output, ["EXCHANGE", "UP", "DEGRADED", "DOWN", "REQUESTS", "PRICES FROM A FALLBACK"], stats.Exchanges.Select(e => (IReadOnlyList<string>)
            [
                e.Exchange, Number(e.Up), Number(e.Degraded), Number(e.Down), Number(e.Requests), Number(e.FallbackUses),
            ]));
        }

        if (stats.MostFired.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("Fired most (a wider --hysteresis or a --cooldown would quiet them)");
            Table.Write(output, ["ID", "NAME", "SYMBOL", "FIRINGS"], stats.MostFired.Select(a => (IReadOnlyList<string>)[a.Id, a.Name, a.Symbol, Number(a.Firings)]));
        }

        if (stats.NeverFired.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("Armed and did not fire in the period");
            Table.Write(output, ["ID", "NAME", "SYMBOL", "CREATED (UTC)"], stats.NeverFired.Select(a => (IReadOnlyList<string>)[a.Id, a.Name, a.Symbol, Time(a.Since)]));
        }
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Latency(long? ms) => ms is { } value ? (value / 1000m).ToString("0.0 s", CultureInfo.InvariantCulture) : "-";

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
