using System.CommandLine;
using TradingAlerts.Core.Sheets;

namespace TradingAlerts.Cli.Commands;

/// <summary><c>tradingalerts sync-sheets [--dry-run]</c>: the Google Sheet into the store, then a summary.</summary>
internal static class SyncSheetsCommand
{
    public static Command Build(CliContext context)
    {
        var dryRun = new Option<bool>("--dry-run") { Description = "read and check the sheet and show what would change; write nothing (neither the store nor the sheet)" };
        var command = new Command("sync-sheets", "Sync the Google Sheet into the alerts: add new rows, update edited ones, deactivate removed ones.") { dryRun };
        command.SetAction(async (parse, ct) =>
        {
            var app = await context.ComposeAsync(ct);
            var progress = new ProgressLine(context.Error);
            var report = await app.SheetSync.SyncAsync(new SheetSyncOptions(parse.GetValue(dryRun), progress), ct);
            await WriteSummaryAsync(context.Out, report);
            foreach (var warning in report.Warnings)
                await context.Error.WriteLineAsync($"warning: {warning}");

            return report.Invalid.Count == 0 && report.Remarks.Count == 0 ? ExitCodes.Ok : ExitCodes.Partial;
        });
        return command;
    }

    private static async Task WriteSummaryAsync(TextWriter output, SheetSyncReport report)
    {
        var invalidRows = report.Invalid.Select(e => e.Row).Distinct().Count();
        var verb = report.DryRun ? "Dry run (nothing written): would be" : "Synced the sheet:";
        await output.WriteLineAsync($"{verb} {report.Added} added, {report.Updated} updated, {report.Deactivated} deactivated, {report.Unchanged} unchanged, {invalidRows} invalid.");
        foreach (var change in report.Changes)
        {
            var row = change.Row is { } number ? $"row {number}" : "gone";
            await output.WriteLineAsync($"  {change.Kind.ToString().ToLowerInvariant()}: {row}: {change.SignalId} {change.Description}");
        }

        foreach (var error in report.Invalid)
            await output.WriteLineAsync($"  invalid: {error}");
        foreach (var remark in report.Remarks)
            await output.WriteLineAsync($"  note: {remark}");
    }

    /// <summary>The sync's progress on standard error (standard output keeps the summary alone).</summary>
    private sealed class ProgressLine(TextWriter error) : IProgress<SheetSyncProgress>
    {
        private readonly Lock gate = new();
        private string? last;

        public void Report(SheetSyncProgress value)
        {
            var line = value.Total > 0 ? $"{value.Stage}: {value.Done}/{value.Total}" : $"{value.Stage}…";
            lock (gate)
            {
                if (line == last)
                    return;

                last = line;
                error.WriteLine(line);
            }
        }
    }
}
