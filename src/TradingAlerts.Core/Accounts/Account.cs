using System.Text.Json;
using System.Text.Json.Serialization;

namespace TradingAlerts.Core.Accounts;

/// <summary>What an account may do: an admin sees and changes every alert and manages accounts; a member only their own alerts.</summary>
public enum AccountRole
{
    Member,
    Admin,
}

/// <summary>
/// A member of the team: who they are, how they sign in (a password hash, never the password; an optional TOTP secret),
/// and where their alerts push by default. Their other channels and quiet hours are the recipient settings of their
/// Pushover key (<c>recipients set</c>), as for any recipient.
/// </summary>
public sealed record Account
{
    /// <summary>The sign-in name, and the <c>owner</c> of the alerts: letters, digits, <c>.</c>, <c>_</c> and <c>-</c>, at most 64 (<see cref="AccountNames"/>).</summary>
    public required string Name { get; init; }

    public AccountRole Role { get; init; } = AccountRole.Member;

    /// <summary>ASP.NET Core Identity's password hash (PBKDF2 with a salt; <see cref="Passwords"/>).</summary>
    public required string PasswordHash { get; init; }

    /// <summary>The TOTP shared secret (Base32) once enrolled; sign-in then also asks for the current code.</summary>
    public string? TotpSecret { get; init; }

    /// <summary>The time step of the last TOTP code accepted, so none is accepted twice (<see cref="TotpCodes.Verify"/>).</summary>
    public long? TotpLastStep { get; init; }

    /// <summary>The Pushover user key the member's alerts push to unless an alert names its own.</summary>
    public string? PushoverKey { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    [JsonIgnore]
    public bool IsAdmin => Role == AccountRole.Admin;

    public string ToJson() => JsonSerializer.Serialize(this, AccountJsonContext.Default.Account);

    public static Account FromJson(string json) =>
        JsonSerializer.Deserialize(json, AccountJsonContext.Default.Account) ?? throw new JsonException("an account cannot be null");
}

/// <summary>What a credential lets its holder do.</summary>
public enum CredentialKind
{
    /// <summary>A signed-in browser (the session cookie); ends at sign-out or when it expires.</summary>
    Session,

    /// <summary>An API token that may read and write (<c>users token NAME</c>).</summary>
    Token,

    /// <summary>An API token that may only read (<c>users token NAME --read-only</c>): a write answers 403.</summary>
    ReadOnlyToken,
}

/// <summary>
/// A secret handed to someone once (a session cookie, an API token), stored only as its SHA-256 hash: whoever reads
/// the store cannot sign in with it.
/// </summary>
/// <param name="Hash">The secret's hash (<see cref="Secrets.HashOf"/>), by which it is found.</param>
/// <param name="ExpiresAt">Null: until revoked (API tokens).</param>
public sealed record Credential(string Hash, string Account, CredentialKind Kind, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt)
{
    public bool CanWrite => Kind != CredentialKind.ReadOnlyToken;

    public bool IsValidAt(DateTimeOffset now) => ExpiresAt is not { } end || now < end;
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, UseStringEnumConverter = true)]
[JsonSerializable(typeof(Account))]
internal sealed partial class AccountJsonContext : JsonSerializerContext;

/// <summary>The words the stores and the CLI use for roles and credential kinds.</summary>
public static class AccountWords
{
    public static string ToWire(this AccountRole role) => role == AccountRole.Admin ? "admin" : "member";

    public static string ToWire(this CredentialKind kind) => kind switch
    {
        CredentialKind.Session => "session",
        CredentialKind.Token => "token",
        _ => "read_only_token",
    };

    public static bool TryParseKind(string? text, out CredentialKind kind)
    {
        foreach (var candidate in Enum.GetValues<CredentialKind>())
        {
            if (candidate.ToWire() == text)
            {
                kind = candidate;
                return true;
            }
        }

        kind = default;
        return false;
    }
}
