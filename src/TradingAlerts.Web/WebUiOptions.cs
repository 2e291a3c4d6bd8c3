using System.Net;
using TradingAlerts.Core.Configuration;

namespace TradingAlerts.Web;

/// <summary>Where the web UI listens and who may use it.</summary>
/// <param name="Port">0 picks a free port (the address is in <see cref="WebUi.AddressOf"/> once started).</param>
/// <param name="Token">
/// TRADINGALERTS_UI_TOKEN. When set, every page asks for it once (a login form sets a cookie) and the API wants
/// <c>Authorization: Bearer</c>. Required to listen on any address but loopback.
/// </param>
public sealed record WebUiOptions(IPAddress Address, int Port, string? Token)
{
    public const int DefaultPort = 7860;

    public static WebUiOptions Loopback { get; } = new(IPAddress.Loopback, DefaultPort, null);

    public bool RequiresToken => Token is not null;

    /// <summary>Off loopback, anyone on the network could reach it: a token is required, else nothing starts.</summary>
    public void Validate()
    {
        if (Port is < 0 or > 65535)
            throw new ArgumentOutOfRangeException(nameof(Port), Port, "a TCP port is 0 to 65535");
        if (!IPAddress.IsLoopback(Address) && Token is null)
        {
            throw new ConfigurationException(
                $"TRADINGALERTS_UI_TOKEN must be set to listen on {Address} (not a loopback address): anyone who can reach it could change your alerts. "
                + "Set a long random token (e.g. openssl rand -hex 24), or listen on 127.0.0.1");
        }
    }
}
