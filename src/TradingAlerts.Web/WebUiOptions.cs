using System.Net;
using TradingAlerts.Core.Configuration;

namespace TradingAlerts.Web;

/// <summary>Where the web UI listens and who may use it.</summary>
/// <param name="Port">0 picks a free port (the address is in <see cref="WebUi.AddressOf"/> once started).</param>
/// <param name="Token">
/// TRADINGALERTS_UI_TOKEN. When set, every page asks for it once (a login form sets a cookie) and the API wants
/// <c>Authorization: Bearer</c>. Off loopback it, or an account, is required.
/// </param>
/// <param name="HasAccounts">
/// The store held an account when the process started: the UI is in accounts mode from its first request, even if
/// that account is removed before it (off loopback without a token nothing else would guard it).
/// </param>
public sealed record WebUiOptions(IPAddress Address, int Port, string? Token, bool HasAccounts = false)
{
    public const int DefaultPort = 7860;

    public static WebUiOptions Loopback { get; } = new(IPAddress.Loopback, DefaultPort, null);

    public bool RequiresToken => Token is not null;

    public bool IsLoopback => IPAddress.IsLoopback(Address);

    /// <summary>Off loopback, anyone on the network could reach it: a token or an account is required, else nothing starts.</summary>
    public void Validate()
    {
        if (Port is < 0 or > 65535)
            throw new ArgumentOutOfRangeException(nameof(Port), Port, "a TCP port is 0 to 65535");
        if (!IsLoopback && Token is null && !HasAccounts)
        {
            throw new ConfigurationException(
                $"TRADINGALERTS_UI_TOKEN must be set to listen on {Address} (not a loopback address): anyone who can reach it could change your alerts. "
                + "Set a long random token (e.g. openssl rand -hex 24), create an account to sign in with (tradingalerts users add NAME --admin), or listen on 127.0.0.1");
        }
    }
}
