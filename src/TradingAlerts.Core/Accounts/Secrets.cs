using System.Security.Cryptography;
using System.Text;

namespace TradingAlerts.Core.Accounts;

/// <summary>The secrets handed out once (session ids, API tokens, one-time passwords): random, and stored only as a hash.</summary>
public static class Secrets
{
    /// <summary>A new secret of 32 random bytes, URL-safe Base64 (43 characters).</summary>
    public static string New() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>
    /// The SHA-256 of the secret, hex. A slow hash (as for passwords) is not needed: the secret is 256 random bits, which
    /// no guessing reaches, and the hash is looked up on every API request.
    /// </summary>
    public static string HashOf(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
