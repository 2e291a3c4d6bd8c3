using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using TradingAlerts.Aws;
using TradingAlerts.Core.Sheets;
using TradingAlerts.Core.Signals;
using TradingAlerts.Sheets;
using TradingAlerts.Storage;
using TradingAlerts.Testing;
using TradingAlerts.Testing.Emulators;
using TradingAlerts.Testing.Stubs;

// A team sheet of N rows synced three times through the real adapters (Sheets API over HTTP with a service-account
// token, Core's sync, the store): first sync, re-sync (nothing changed), re-sync with 1 % of the rows edited. Prints
// wall time, store writes and requests to Google per sync. Usage (all optional): --rows 5000 --store sqlite|dynamodb
var options = args.Chunk(2).ToDictionary(p => p[0].TrimStart('-'), p => p[1]);
var rows = int.Parse(options.GetValueOrDefault("rows", "5000"), CultureInfo.InvariantCulture);
var storeKind = options.GetValueOrDefault("store", "sqlite");
var ct = CancellationToken.None;

using var google = new GoogleSheetsStub();
var folder = Directory.CreateTempSubdirectory("tradingalerts-sheets-bench-");
DynamoDbLocal? dynamo = null;
try
{
    ISignalStore inner;
    if (storeKind == "dynamodb")
    {
        dynamo = new DynamoDbLocal(new ConsoleSink());
        await dynamo.InitializeAsync();
        inner = new DynamoSignalStore(dynamo.CreateClient(), "sheets-bench");
    }
    else
    {
        inner = new SqliteSignalStore(Path.Combine(folder.FullName, "bench.db"));
    }

    await inner.InitializeAsync(ct);
    var store = new CountingSignalStore(inner);
    using var sheets = new GoogleSheets(GoogleSheetSettings.From(google.ApiEnvironment()), TimeProvider.System);
    var sync = new SheetSyncService(sheets.OpenForSync()!, store, FixedListing.Intake(TimeProvider.System), NullLogger<SheetSyncService>.Instance);

    Console.WriteLine($"{rows} rows into {storeKind}");
    Console.WriteLine("| sync | wall | added | updated | unchanged | store writes | Google requests (token + API) |");
    Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
    foreach (var (name, editEvery) in new[] { ("first sync", 0), ("re-sync, nothing changed", 0), ("re-sync, 1 % edited", 100) })
    {
        google.ServesValues($"Alerts!A1:I{rows + 1}", GoogleSheetsStub.TeamSheet(rows, editEvery));
        var (writes, requests) = (store.Writes, google.Requests);
        var clock = Stopwatch.StartNew();
        var report = await sync.SyncAsync(new SheetSyncOptions(), ct);
        clock.Stop();
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"| {name} | {clock.Elapsed.TotalSeconds:0.00} s | {report.Added} | {report.Updated} | {report.Unchanged} | {store.Writes - writes} | {google.Requests - requests} |"));
    }
}
finally
{
    if (dynamo is not null)
        await dynamo.DisposeAsync();
    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    folder.Delete(recursive: true);
}
