using System.CommandLine;
using System.Globalization;
using TradingAlerts.Core.Pipeline;
using TradingAlerts.Core.Signals;

namespace TradingAlerts.Cli.Commands;

/// <summary><c>tradingalerts check</c>: one cycle, then a summary.</summary>
internal static class CheckCommand
{
    public static Command Build(CliContext context)
    {
        var pipeline = PipelineOption.Create();
        var command = new Command("check", "Run one cycle: check every armed alert once and notify the ones that fire.") { pipeline };
        command.SetAction(async (parse, ct) =>
        {
            var app = await context.ComposeAsync(ct);
            await app.RestoreAsync(ct);
            if (PipelineOption.IsSqs(parse, pipeline))
                await app.UseSqsPipelineAsync(ct);
            await AnnounceConsoleNotifierAsync(context, app);
            var record = await app.RunCycleAsync(ct);
            await WriteSummaryAsync(context.Out, record);
            var report = record.Report;
            return report.CheckFailures.Count == 0 && report.NotificationFailures == 0 && report.FailedBatches == 0 ? ExitCodes.Ok : ExitCodes.Partial;
        });
        return command;
    }

    public static async Task AnnounceConsoleNotifierAsync(CliContext context, Composition app)
    {
        if (app.PrintsNotifications)
            await context.Error.WriteLineAsync("PUSHOVER_APP_TOKEN is not set: notifications are printed here instead of pushed.");
    }

    public static async Task WriteSummaryAsync(TextWriter output, CycleRecord record)
    {
        var report = record.Report;
        await output.WriteLineAsync(string.Create(
            CultureInfo.InvariantCulture,
            $"Cycle {report.StartedAt:yyyy-MM-dd HH:mm:ss} UTC: {report.Checked} checked, {report.Fired} fired, {report.Notified} notified, {report.NotificationFailures} notification failures, {report.CheckFailures.Count} not checked, {report.Expired} expired{(report.FailedBatches > 0 ? $", {report.FailedBatches} failed batches" : string.Empty)}; exchange requests: {Requests(record)}; {report.Duration.TotalSeconds:0.00} s"));
        foreach (var failure in report.CheckFailures)
            await output.WriteLineAsync($"  not checked: {failure.SignalId} {failure.Symbol} on {failure.Exchange.ToWire()}: {failure.Reason}");
    }

    public static string Requests(CycleRecord record) =>
        string.Join(", ", record.Requests.OrderBy(r => r.Key).Select(r => $"{r.Key.ToWire()} {r.Value}"));
}
