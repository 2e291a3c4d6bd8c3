using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using TradingAlerts.Cli;
using TradingAlerts.Core.Accounts;
using TradingAlerts.Core.Notifications;
using TradingAlerts.Core.Pipeline;
using TradingAlerts.Core.Sheets;
using TradingAlerts.Core.Prices;
using TradingAlerts.Core.Signals;
using TradingAlerts.Http;
using TradingAlerts.Storage;
using TradingAlerts.Testing;

namespace TradingAlerts.Web.Tests;

/// <summary>
/// The web UI's services as <c>tradingalerts serve</c> composes them (the CLI's composition root), over a temporary
/// SQLite file and stub exchanges on loopback that price BTC/USDT: Binance 100 000, Bybit 100 010, Coinbase 99 990.
/// </summary>
public sealed class WebHarness : IDisposable
{
    public const string Token = "a-long-random-token-for-tests-0123456789";

    /// <summary>A Pushover user key, which the UI and the API show masked.</summary>
    public const string UserKey = "uQiRzpo4DXghDmr9QzzfQu27cmVRsG";

    private static readonly HttpRetryOptions FastRetry = new() { BaseDelay = TimeSpan.FromMilliseconds(5), AttemptTimeout = TimeSpan.FromSeconds(5) };
    private readonly string folder = Path.Combine(Path.GetTempPath(), "tradingalerts-web-" + Guid.NewGuid().ToString("N"));
    private readonly Dictionary<string, string> environment;
    private readonly Composition composition;

    public WebHarness()
    {
        Directory.CreateDirectory(folder);
        Exchanges.BinancePrices(("BTCUSDT", "100000"), ("ETHUSDT", "3000"));
        Exchanges.BybitPrices(("BTCUSDT", "100010"));
        Exchanges.CoinbasePrices(("BTC-USDT", "99990"));
        environment = new Dictionary<string, string>
        {
            ["TRADINGALERTS_DB"] = Path.Combine(folder, "alerts.db"),
            ["BINANCE_API_URL"] = Exchanges.Binance.Url!,
            ["BYBIT_API_URL"] = Exchanges.Bybit.Url!,
            ["COINBASE_API_URL"] = Exchanges.Coinbase.Url!,
        };
        composition = new Composition(Settings.From(environment), Clock, NullLoggerFactory.Instance, TextWriter.Null, FastRetry, FastRetry);
        composition.InitializeStoreAsync(CancellationToken.None).GetAwaiter().GetResult();
    }

    /// <summary>Now is 2026-11-25 12:00 UTC, whatever the machine's clock says.</summary>
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));

    public StubExchanges Exchanges { get; } = new();

    public ISignalStore Store => composition.Store;

    /// <summary>The accounts and credentials, in the same store (the CLI's <c>users</c> commands are not used here).</summary>
    public IAccountStore Accounts => composition.WebUiServices.Accounts;

    /// <summary>The password every test account gets (<see cref="AddAccountAsync"/>).</summary>
    public const string Password = "correct horse battery staple";

    public IDeliveryStore Firings => composition.Firings;

    public string Folder => folder;

    /// <summary>The receipt lookup the alert page asks (none, as without a Pushover token, unless a test sets one).</summary>
    public IReceiptLookup? Receipts { get; set; }

    /// <summary>The monitor loop's state as <c>run</c> hands it to the UI; null as under <c>serve</c> unless a test sets one.</summary>
    public MonitorState<CycleRecord>? Monitor { get; set; }

    public WebUiServices Services(ISheetSync sheetSync) => composition.WebUiServices with { SheetSync = sheetSync, Receipts = Receipts, Monitor = Monitor };

    /// <summary>An alert as <c>signals add</c> would make it (through the same intake).</summary>
    public async Task<Signal> AddAsync(string symbol, string condition, string target, string? userKey = null, string? name = null, string? owner = null)
    {
        var (signal, _) = await composition.Intake.CreateAsync(
            new SignalDraft { Exchange = "binance", Symbol = symbol, Condition = condition, TargetPrice = target, UserId = userKey, Name = name },
            SignalSource.Cli,
            CancellationToken.None);
        signal = signal with { Owner = owner };
        await Store.AddAsync(signal, CancellationToken.None);
        return signal;
    }

    /// <summary>An account with <see cref="Password"/>, enrolled in TOTP when a secret is given.</summary>
    public async Task<Account> AddAccountAsync(string name, AccountRole role = AccountRole.Member, string? totpSecret = null)
    {
        var account = new Account { Name = name, Role = role, PasswordHash = Passwords.Hash(Password), TotpSecret = totpSecret, CreatedAt = Clock.GetUtcNow() };
        (await Accounts.AddAccountAsync(account, CancellationToken.None)).Should().BeTrue();
        return account;
    }

    /// <summary>An API token of the account, as <c>users token NAME [--read-only]</c> hands it out.</summary>
    public async Task<string> AddTokenAsync(string account, CredentialKind kind = CredentialKind.Token)
    {
        var token = Secrets.New();
        await Accounts.AddCredentialAsync(new Credential(Secrets.HashOf(token), account, kind, Clock.GetUtcNow(), ExpiresAt: null), CancellationToken.None);
        return token;
    }

    /// <summary>Keeps prices in the UI's SQLite file, as a cycle would have seen them.</summary>
    public async Task RecordPricesAsync(PriceSample sample)
    {
        var store = new SqliteSignalStore(Path.Combine(folder, "alerts.db"));
        await store.InitializeAsync(CancellationToken.None);
        await store.RecordPricesAsync(sample, CancellationToken.None);
    }

    /// <summary>A <c>tradingalerts</c> command over the same store, exchanges and clock as the UI: exit code, standard output and error.</summary>
    public async Task<(int ExitCode, string Out, string Error)> RunCliAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        using var context = new CliContext(environment, output, error, Clock, NullLoggerFactory.Instance)
        {
            Compose = (settings, c) => new Composition(settings, c.Clock, c.Logs, c.Out, FastRetry, FastRetry),
        };
        var exit = await CliApp.RunAsync(args, context, CancellationToken.None);
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary>Writes <see cref="KnownHistory"/> into the UI's SQLite file, as of the harness's now.</summary>
    public async Task WriteKnownHistoryAsync()
    {
        var store = new SqliteSignalStore(Path.Combine(folder, "alerts.db"));
        await store.InitializeAsync(CancellationToken.None);
        await KnownHistory.WriteAsync(store, Clock.GetUtcNow());
    }

    /// <summary>A crossing of the alert at <paramref name="firedAt"/>, claimed and pushed (sent 1 s later) as the Worker does, in the UI's SQLite file.</summary>
    public async Task FireAsync(string id, DateTimeOffset firedAt)
    {
        var store = new SqliteSignalStore(Path.Combine(folder, "alerts.db"));
        await store.InitializeAsync(CancellationToken.None);
        await KnownHistory.FireAsync(store, id, firedAt, (Channels.Pushover, KnownHistory.Sent(TimeSpan.FromSeconds(1))));
    }

    public async Task<List<Signal>> ListAsync()
    {
        var signals = new List<Signal>();
        await foreach (var signal in Store.ListAsync(CancellationToken.None))
            signals.Add(signal);
        return signals;
    }

    public void Dispose()
    {
        composition.Dispose();
        Exchanges.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }
}
