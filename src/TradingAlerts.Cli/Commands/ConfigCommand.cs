using System.CommandLine;
using TradingAlerts.Core.Configuration;
using TradingAlerts.Core.Signals;

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
                [
                    ["TRADINGALERTS_STORE", s.Store == StoreKind.DynamoDb ? "dynamodb" : "sqlite"],
                    ["TRADINGALERTS_DB", s.DatabasePath],
                    ["TRADINGALERTS_TABLE", s.TableName],
                    ["TRADINGALERTS_QUEUE_URL", s.QueueUrl ?? "(not set)"],
                    ["TRADINGALERTS_QUEUE", s.QueueName ?? "(not set: trading-alerts)"],
                    ["BINANCE_API_URL", s.BinanceApiUrl.ToString()],
                    ["BYBIT_API_URL", s.BybitApiUrl.ToString()],
                    ["COINBASE_API_URL", s.CoinbaseApiUrl.ToString()],
                    ["TRADINGALERTS_FALLBACK", s.FallbackOrder.Count == 0 ? "none" : string.Join(",", s.FallbackOrder.Select(e => e.ToWire()))],
                    ["PUSHOVER_API_URL", s.PushoverApiUrl.ToString()],
                    ["PUSHOVER_APP_TOKEN", s.PushoverAppToken is null ? "(not set: notifications are printed to the console)" : "(set)"],
                    ["PUSHOVER_USER_KEY", s.PushoverUserKey is null ? "(not set)" : SettingValues.Mask(s.PushoverUserKey)],
                    ["GOOGLE_SHEET_ID", s.Sheets.SheetId ?? "(not set)"],
                    ["GOOGLE_SHEET_RANGE", s.Sheets.Range],
                    ["GOOGLE_SERVICE_ACCOUNT_JSON", s.Sheets.ServiceAccountJson is null ? "(not set)" : "(set)"],
                    ["GOOGLE_SHEET_CSV_URL", s.Sheets.CsvUrl?.ToString() ?? "(not set)"],
                    ["GOOGLE_SHEET_STATUS_COLUMN", s.Sheets.StatusColumn ?? "(not set: no status written)"],
                    ["GOOGLE_SHEETS_API_URL", s.Sheets.ApiUrl.ToString()],
                    ["(sheets sync)", SheetSource(s)],
                ]);
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
