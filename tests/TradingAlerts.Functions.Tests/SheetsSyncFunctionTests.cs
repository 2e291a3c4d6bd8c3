using Microsoft.Data.Sqlite;
using TradingAlerts.Engine;
using TradingAlerts.Core.Configuration;
using TradingAlerts.Core.Signals;
using TradingAlerts.Http;
using TradingAlerts.Storage;
using TradingAlerts.Testing.Stubs;

namespace TradingAlerts.Functions.Tests;

/// <summary>The Sheets-sync handler as Lambda runs it: the key from the secret, the Google stub over HTTP, a SQLite file for the table.</summary>
public sealed class SheetsSyncFunctionTests
{
    private static readonly object?[] Header = ["symbol", "condition", "target_price", "exchange", "active", "id"];

    [Fact]
    public async Task HandleAsync_KeyFromTheSecret_SyncsTheSheetAndSummarizes()
    {
        using var h = Harness.Start();
        h.Google.ServesValues("Alerts!A1:Z1000", [Header, ["BTCUSDT", "above", "$65,000.50", "binance", true], ["ETHUSDT", "sideways", "1", "binance"]]);
        var function = new SheetsSyncFunction(h.Compose(new() { ["GOOGLE_SHEET_ID"] = GoogleSheetsStub.SheetId, ["GOOGLE_SHEETS_API_URL"] = h.Google.Server.Url! }, h.Google.KeyJson));

        var summary = HandlerHarness.Json(await function.HandleAsync(HandlerHarness.ScheduledEvent()));

        summary.GetProperty("status").GetString().Should().Be("synced with invalid rows");
        summary.GetProperty("added").GetInt32().Should().Be(1);
        summary.GetProperty("invalid").EnumerateArray().Single().GetString().Should().StartWith("row 3: condition:");
        var alert = (await h.Store.ListAsync(CancellationToken.None).ToListAsync()).Should().ContainSingle().Subject;
        alert.Should().Match<Signal>(s => s.TargetPrice == 65_000.50m && s.Source == SignalSource.Sheets);
        h.Google.VerifiedAssertionClaims().Should().ContainSingle();
        h.Log.ToString().Should().Contain("\"Row\":3").And.NotContain("PRIVATE KEY");

        var again = HandlerHarness.Json(await function.HandleAsync(HandlerHarness.ScheduledEvent()));
        again.GetProperty("unchanged").GetInt32().Should().Be(1);
        again.GetProperty("added").GetInt32().Should().Be(0);
    }

    [Fact]
    public async Task HandleAsync_NoSheetConfigured_FailsTheInvocationSayingHowToConfigure()
    {
        using var h = Harness.Start();
        var function = new SheetsSyncFunction(h.Compose([]));

        var handle = () => function.HandleAsync(HandlerHarness.ScheduledEvent());

        (await handle.Should().ThrowAsync<ConfigurationException>()).Which.Message.Should().Contain("GOOGLE_SHEET_CSV_URL");
    }

    /// <summary>A Google stub, a SQLite file, and compositions over them with given variables and secret key.</summary>
    public sealed class Harness : IDisposable
    {
        private static readonly HttpRetryOptions FastRetry = new() { BaseDelay = TimeSpan.FromMilliseconds(5), AttemptTimeout = TimeSpan.FromSeconds(5) };
        private readonly string folder = Path.Combine(Path.GetTempPath(), "tradingalerts-sheets-fn-" + Guid.NewGuid().ToString("N"));
        private readonly List<FunctionComposition> compositions = [];

        private Harness()
        {
            Directory.CreateDirectory(folder);
            Store = new SqliteSignalStore(Path.Combine(folder, "alerts.db"));
        }

        public GoogleSheetsStub Google { get; } = new();
        public SqliteSignalStore Store { get; }
        public StringWriter Log { get; } = new();

        public static Harness Start()
        {
            var harness = new Harness();
            harness.Store.InitializeAsync(CancellationToken.None).GetAwaiter().GetResult();
            return harness;
        }

        /// <summary>Exchanges point at the stub too (they answer 404, so symbols are accepted on their text with a warning): nothing leaves loopback.</summary>
        public FunctionComposition Compose(Dictionary<string, string> environment, string? secretKey = null)
        {
            foreach (var exchange in new[] { "BINANCE_API_URL", "BYBIT_API_URL", "COINBASE_API_URL", "PUSHOVER_API_URL" })
                environment[exchange] = Google.Server.Url!;
            var settings = FunctionSettings.From(environment);
            var composition = new FunctionComposition(settings, Store, new FixedSecrets(new DeploymentSecrets(null, null, secretKey)), null, TimeProvider.System, new JsonLog(Log, TimeProvider.System), FastRetry, FastRetry, FastRetry);
            compositions.Add(composition);
            return composition;
        }

        public void Dispose()
        {
            foreach (var composition in compositions)
                composition.Dispose();
            Google.Dispose();
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }
}
