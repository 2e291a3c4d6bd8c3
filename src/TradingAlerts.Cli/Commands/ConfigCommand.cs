using System.CommandLine;

namespace TradingAlerts.Cli.Commands;

/// <summary><c>tradingalerts config</c>: the configuration in force, secrets masked.</summary>
internal static class ConfigCommand
{
    public static Command Build(CliContext context)
    {
        var command = new Command("config", "Show the configuration in force (where the database is, which endpoints are used); secrets are masked.");
        command.SetAction(async (parse, ct) =>
        {
            var s = context.Settings;
            Table.Write(
                context.Out,
                ["VARIABLE", "VALUE"],
                [.. Settings.Variables.Select(v => new[] { v.Name, v.Show(context.Environment) }), ["(sheets sync)", SheetSource(s)]]);
            await Task.CompletedTask;
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string SheetSource(Settings s) => s.Sheets switch
    {
        { UsesApi: true } => $"Sheets API, sheet {s.Sheets.SheetId}, {(s.Sheets.StatusColumn is null ? "read-only scope" : "read-write scope (status column)")}",
        { CsvUrl: not null } => "public CSV export (no credentials)",
        _ => "not configured",
    };

}
