using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Time.Testing;
using TradingAlerts.Core.Notifications;
using TradingAlerts.Http;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace TradingAlerts.Notifications.Tests;

/// <summary>What every channel's tests share: fast real retries, and an address where nothing listens.</summary>
internal static class ChannelHttp
{
    /// <summary>Real (system-clock) retry delays of a few ms instead of the services' seconds.</summary>
    public static readonly HttpRetryOptions FastRetries = new()
    {
        MaxRetries = 2,
        BaseDelay = TimeSpan.FromMilliseconds(5),
        AttemptTimeout = TimeSpan.FromSeconds(5),
        TotalTimeout = TimeSpan.FromSeconds(20),
    };

    public static readonly HttpRetryOptions Impatient = FastRetries with { AttemptTimeout = TimeSpan.FromMilliseconds(100) };

    public static int UnusedLoopbackPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}

/// <summary>A WireMock.Net server standing in for one channel's service, a resilient client to it, and a fake clock.</summary>
public abstract class ChannelServerTests : IDisposable
{
    protected static readonly DateTimeOffset FiredAt = new(2026, 7, 1, 12, 0, 0, TimeSpan.Zero);

    protected static readonly Notification Alert = new(
        null,
        "BTCUSDT above 100,000: now 100,250.5",
        "Breakout\nBTCUSDT on binance is 100,250.5, above the target 100,000.\nTime: 2026-07-01 12:00:00 UTC",
        FiredAt);

    protected ChannelServerTests()
    {
        Http = ResilientHttp.Create(new Uri(Server.Url!), ChannelHttp.FastRetries);
    }

    protected WireMockServer Server { get; } = WireMockServer.Start();

    protected FakeTimeProvider Clock { get; } = new(FiredAt);

    protected HttpClient Http { get; }

    protected IRequestMessage SingleRequest => Server.LogEntries.Should().ContainSingle().Subject.RequestMessage;

    public void Dispose()
    {
        Http.Dispose();
        Server.Stop();
        Server.Dispose();
        GC.SuppressFinalize(this);
    }

    protected void Serve(string path, int status, string body = "", params (string Name, string Value)[] headers)
    {
        var response = Response.Create().WithStatusCode(status).WithBody(body);
        foreach (var (name, value) in headers)
            response = response.WithHeader(name, value);
        Server.Given(Request.Create().WithPath(path).UsingPost()).RespondWith(response);
    }

    protected void ServeSlowly(string path) =>
        Server.Given(Request.Create().WithPath(path).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(200).WithDelay(TimeSpan.FromSeconds(1)));

    /// <summary>Requests that reached the wire through <see cref="ImpatientHttp"/>, retries included.</summary>
    protected RequestCounter ImpatientRequests { get; } = new();

    /// <summary>A client whose attempts time out long before <see cref="ServeSlowly"/> answers.</summary>
    protected HttpClient ImpatientHttp() => ResilientHttp.Create(new Uri(Server.Url!), ChannelHttp.Impatient, ImpatientRequests);

    /// <summary>A client to a loopback port where nothing listens.</summary>
    protected static HttpClient NowhereHttp() =>
        ResilientHttp.Create(new Uri($"http://127.0.0.1:{ChannelHttp.UnusedLoopbackPort()}"), ChannelHttp.FastRetries);
}
