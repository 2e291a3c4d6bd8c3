using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using TradingAlerts.Core.Accounts;
using TradingAlerts.Core.Sheets;
using TradingAlerts.Core.Signals;
using TradingAlerts.Http;
using TradingAlerts.Storage;
using TradingAlerts.Testing;
using TradingAlerts.Testing.Stubs;

namespace TradingAlerts.Sheets.Tests;

/// <summary>The sync as composed for real (Sheets adapters over HTTP, Core's service) against the Google stub and a SQLite file.</summary>
public sealed class SheetHarness : IDisposable
{
    public const string UserKey = SignalFactory.UserKey;

    public static readonly HttpRetryOptions FastRetry = new() { BaseDelay = TimeSpan.FromMilliseconds(5), AttemptTimeout = TimeSpan.FromSeconds(10), TotalTimeout = TimeSpan.FromSeconds(60) };

    private readonly string folder = Path.Combine(Path.GetTempPath(), "tradingalerts-sheets-" + Guid.NewGuid().ToString("N"));
    private readonly List<GoogleSheets> opened = [];

    public SheetHarness()
    {
        Directory.CreateDirectory(folder);
        Store = new SqliteSignalStore(Path.Combine(folder, "alerts.db"));
        Store.InitializeAsync(CancellationToken.None).GetAwaiter().GetResult();
    }

    public GoogleSheetsStub Google { get; } = new();

    public FakeTimeProvider Clock { get; } = new(SignalFactory.Now);

    public SqliteSignalStore Store { get; }

    public static SignalIntake Intake(TimeProvider clock) => FixedListing.Intake(clock);

    /// <summary>The sync through the Sheets API (plus any extra variables, e.g. GOOGLE_SHEET_STATUS_COLUMN).</summary>
    public ISheetSync ApiSync(params (string Name, string Value)[] extra) => Sync(Google.ApiEnvironment(), extra, Store);

    public ISheetSync CsvSync() => Sync(new() { ["GOOGLE_SHEET_CSV_URL"] = Google.CsvUrl }, [], Store);

    public ISheetSync Sync(Dictionary<string, string> environment, (string Name, string Value)[] extra, ISignalStore store)
    {
        foreach (var (name, value) in extra)
            environment[name] = value;
        var settings = GoogleSheetSettings.From(environment);
        var sheets = new GoogleSheets(settings, TimeProvider.System, FastRetry);
        opened.Add(sheets);
        return new SheetSyncService(sheets.OpenForSync()!, store, FixedListing.Intake(Clock, store as IAccountStore), NullLogger<SheetSyncService>.Instance) { Owner = settings.Owner };
    }

    public SheetWriteThrough WriteThrough()
    {
        var sheets = new GoogleSheets(GoogleSheetSettings.From(Google.ApiEnvironment()), TimeProvider.System, FastRetry);
        opened.Add(sheets);
        return new SheetWriteThrough(sheets.OpenForAppend(), Store);
    }

    public async Task<List<Signal>> AlertsAsync() => await Store.ListAsync(CancellationToken.None).ToListAsync();

    public void Dispose()
    {
        foreach (var sheets in opened)
            sheets.Dispose();
        Google.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

}
