using System.CommandLine;
using System.Globalization;
using TradingAlerts.Core.Pipeline;
using TradingAlerts.Core.Prices;
using TradingAlerts.Core.Signals;

namespace TradingAlerts.Cli.Commands;

/// <summary><c>tradingalerts status</c>: exchange health and the last cycles.</summary>
internal static class StatusCommand
{
    public static Command Build(CliContext context)
    {
        var count = new Option<int>("--cycles") { Description = "how many recent cycles to show", DefaultValueFactory = _ => 10 };
        var command = new Command("status", "Show each exchange's health and the last cycles.") { count };
        command.SetAction(async (parse, ct) =>
        {
            var app = await context.ComposeAsync(ct);
            var records = await app.CycleLog.RecentAsync(Math.Max(1, parse.GetValue(count)), ct);
            if (records.Count == 0)
            {
                await context.Out.WriteLineAsync("No cycle has run yet. Run one: tradingalerts check");
                return ExitCodes.Ok;
            }

            await context.Out.WriteLineAsync("Exchanges");
            Table.Write(
                context.Out,
                ["EXCHANGE", "STATE", "LAST SUCCESS (UTC)", "FAILURES IN A ROW", "NEXT TRY (UTC)", "LAST ERROR"],
                records[0].Health.Select(h => (IReadOnlyList<string>)
                [
                    h.Exchange.ToWire(), State(h.State), Time(h.LastSuccess), h.ConsecutiveFailures.ToString(CultureInfo.InvariantCulture),
                    Time(h.NextTryAt), h.LastError ?? "-",
                ]));

            foreach (var incident in records[0].OpenIncidents)
            {
                var what = incident.Kind == IncidentKind.ExchangeDown ? $"{incident.Exchange?.ToWire()} down" : "no cycle completed";
                await context.Out.WriteLineAsync($"Operator alert open: {what} since {Time(incident.Since)} UTC");
            }

            await context.Out.WriteLineAsync();
            await context.Out.WriteLineAsync("Last cycles");
            Table.Write(
                context.Out,
                ["STARTED (UTC)", "CHECKED", "FIRED", "NOTIFIED", "NOTIFY FAILED", "NOT CHECKED", "EXCHANGE REQUESTS", "DURATION"],
                records.Select(r => (IReadOnlyList<string>)
                [
                    Time(r.Report.StartedAt), Number(r.Report.Checked), Number(r.Report.Fired), Number(r.Report.Notified),
                    Number(r.Report.NotificationFailures), Number(r.Report.NotChecked), CheckCommand.Requests(r),
                    r.Report.Duration.TotalSeconds.ToString("0.00 s", CultureInfo.InvariantCulture),
                ]));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string State(ExchangeState state) => state.ToString().ToLowerInvariant();

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Time(DateTimeOffset? time) => time?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "-";
}
