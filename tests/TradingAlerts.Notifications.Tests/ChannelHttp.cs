using System.Net;
using System.Net.Sockets;
using TradingAlerts.Http;

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
