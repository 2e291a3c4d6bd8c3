using Microsoft.Data.Sqlite;
using TradingAlerts.Simulation.Processes;
using TradingAlerts.Simulation.Servers;
using TradingAlerts.Simulation.World;

namespace TradingAlerts.Simulation;

/// <summary>
/// One run's world while it runs: the plan, the clock, the servers every process talks to, the store file they
/// share, and the log of what the world saw.
/// </summary>
public sealed class SimWorld : IDisposable
{
    private readonly string folder;
    private readonly ExchangeServer exchanges;
    private readonly ChannelServer channels;

    public SimWorld(WorldPlan plan, SimulatedTime time, TextWriter? trace)
    {
        Plan = plan;
        Time = time;
        Trace = trace;
        var root = Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();
        folder = Path.Combine(root, $"tradingalerts-sim-{plan.Seed}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        DatabasePath = Path.Combine(folder, "alerts.db");
        exchanges = new ExchangeServer(this);
        channels = new ChannelServer(this);
    }

    public WorldPlan Plan { get; }
    public SimulatedTime Time { get; }
    public SimLog Log { get; } = new();

    /// <summary>Where the product's logs go when a seed is replayed with <c>--trace</c>; null to drop them.</summary>
    public TextWriter? Trace { get; }

    public string DatabasePath { get; }

    /// <summary>Fan-out: when the Reader read the store for each cycle (the snapshot its batches carry).</summary>
    public Dictionary<string, DateTimeOffset> SnapshotTimes { get; } = [];

    /// <summary>Triggers whose process already died at a step boundary: a firing dies at most once.</summary>
    public HashSet<string> Crashed { get; } = [];

    public double Chance(string key) => World.Chance.Of(Plan.Seed, key);

    /// <summary>Where a process's requests go: to the exchange or channel its host names.</summary>
    internal Task<HttpResponseMessage> RouteAsync(HttpRequestMessage request, SimProcess process, CancellationToken ct)
    {
        process.ThrowIfDead();
        var host = request.RequestUri!.Host;
        if (ExchangeServer.Hosts.TryGetValue(host, out var exchange))
            return exchanges.HandleAsync(exchange, request, process, ct);
        if (host == ChannelServer.PushoverHost)
            return channels.HandleAsync("pushover", request, process, ct);
        if (host == ChannelServer.WebhookHost)
            return channels.HandleAsync("webhook", request, process, ct);

        throw new HttpRequestException(HttpRequestError.NameResolutionError, $"no such host in the simulated world: {host}");
    }

    public void Dispose()
    {
        // The store's pooled connections to this run's file (the same connection string as SqliteSignalStore's).
        using (var pooled = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = true }.ToString()))
            SqliteConnection.ClearPool(pooled);
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still open elsewhere is removed with the folder's next clean-up; the run's result stands.
        }
    }
}
