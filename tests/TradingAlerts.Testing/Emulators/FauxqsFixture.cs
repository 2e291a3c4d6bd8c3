using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;
using Amazon.SQS;
using Amazon.SQS.Model;

namespace TradingAlerts.Testing.Emulators;

/// <summary>
/// One fauxqs process per test run, on a free loopback port. Tests isolate themselves with their own queues
/// (GUID-suffixed names), never by restarting it. Each test project declares its own collection for it (xunit finds
/// collection definitions only in the test assembly); the benchmark starts it directly.
/// </summary>
public sealed class FauxqsFixture : IAsyncLifetime
{
    private Process? process;

    public Uri Url { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var root = RepositoryRoot();
        if (!Directory.Exists(Path.Combine(root, "node_modules", "fauxqs")))
            throw new InvalidOperationException($"fauxqs is not installed: run `npm ci` in {root} (package.json pins fauxqs 1.9.2)");

        var port = FreePort();
        Url = new Uri($"http://127.0.0.1:{port}");
        var start = new ProcessStartInfo("node", Path.Combine(AppContext.BaseDirectory, "Emulators", "fauxqs-start.mjs"))
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        var errors = new System.Text.StringBuilder();
        process.ErrorDataReceived += (_, e) => errors.AppendLine(e.Data);
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();

        using var http = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"fauxqs exited with code {process.ExitCode}: {errors}");
            try
            {
                using var health = await http.GetAsync("/health");
                if (health.IsSuccessStatusCode)
                    return;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"fauxqs did not answer GET /health within 30 s: {errors}");
    }

    public Task DisposeAsync()
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(5_000);
        }

        process?.Dispose();
        return Task.CompletedTask;
    }

    /// <param name="calls">Counts this client's requests per SQS action, when given.</param>
    public AmazonSQSClient CreateClient(SqsCallCounter? calls = null)
    {
        var config = new AmazonSQSConfig { ServiceURL = Url.ToString(), AuthenticationRegion = "eu-central-1" };
        if (calls is not null)
            config.HttpClientFactory = calls;
        return new AmazonSQSClient(new BasicAWSCredentials("test", "test"), config);
    }

    /// <summary>A new standard queue with an explicit maximum message size; returns its URL.</summary>
    public async Task<string> CreateQueueAsync(IAmazonSQS sqs, string prefix, Dictionary<string, string>? attributes = null)
    {
        var all = new Dictionary<string, string> { ["MaximumMessageSize"] = "1048576" };
        foreach (var (key, value) in attributes ?? [])
            all[key] = value;
        var response = await sqs.CreateQueueAsync(new CreateQueueRequest { QueueName = $"{prefix}-{Guid.NewGuid():N}", Attributes = all });
        return response.QueueUrl;
    }

    /// <summary>Receives until <paramref name="count"/> messages arrived (or 10 s passed), deleting none.</summary>
    public static async Task<List<Message>> ReceiveAsync(IAmazonSQS sqs, string queueUrl, int count, int visibilitySeconds = 30)
    {
        var messages = new List<Message>();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (messages.Count < count && DateTime.UtcNow < deadline)
        {
            var response = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest
            {
                QueueUrl = queueUrl,
                MaxNumberOfMessages = Math.Min(10, count - messages.Count),
                WaitTimeSeconds = 1,
                VisibilityTimeout = visibilitySeconds,
                MessageSystemAttributeNames = ["All"],
                MessageAttributeNames = ["All"],
            });
            messages.AddRange(response.Messages ?? []);
        }

        return messages;
    }

    /// <summary>Receives until the queue answers empty, deleting none (they stay invisible for 30 s).</summary>
    public static async Task<List<Message>> DrainAsync(IAmazonSQS sqs, string queueUrl)
    {
        var messages = new List<Message>();
        while (true)
        {
            var response = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = queueUrl, MaxNumberOfMessages = 10, VisibilityTimeout = 30 });
            if (response.Messages is not { Count: > 0 })
                return messages;
            messages.AddRange(response.Messages);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "package.json")) && File.Exists(Path.Combine(dir.FullName, "TradingAlerts.sln")))
                return dir.FullName;
        }

        throw new InvalidOperationException($"no repository root (package.json next to TradingAlerts.sln) above {AppContext.BaseDirectory}");
    }
}

/// <summary>An HTTP client factory for the SDK that counts each request's SQS action on the wire.</summary>
public sealed class SqsCallCounter : HttpClientFactory
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> counts = new(StringComparer.Ordinal);

    public int Count(string action) => counts.TryGetValue("AmazonSQS." + action, out var n) ? n : 0;

    public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(new CountingHandler(counts) { InnerHandler = new SocketsHttpHandler() });

    public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

    public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;

    private sealed class CountingHandler(System.Collections.Concurrent.ConcurrentDictionary<string, int> counts) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Headers.TryGetValues("X-Amz-Target", out var targets))
                counts.AddOrUpdate(targets.First(), 1, (_, n) => n + 1);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
