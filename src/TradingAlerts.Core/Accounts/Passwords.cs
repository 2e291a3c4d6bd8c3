using Microsoft.AspNetCore.Identity;

namespace TradingAlerts.Core.Accounts;

/// <summary>
/// Passwords, through ASP.NET Core Identity's <see cref="PasswordHasher{TUser}"/> (PBKDF2-HMAC-SHA512, a random salt,
/// 100 000 iterations, versioned so a stronger format can replace it): the store keeps the hash, never the password.
/// </summary>
public static class Passwords
{
    /// <summary>The shortest password an account may have.</summary>
    public const int MinLength = 12;

    private static readonly PasswordHasher<Account> Hasher = new();

    public static string Hash(string password)
    {
        ArgumentException.ThrowIfNullOrEmpty(password);
        return Hasher.HashPassword(null!, password);
    }

    public static bool Verify(Account account, string? password)
    {
        ArgumentNullException.ThrowIfNull(account);
        return !string.IsNullOrEmpty(password) && Hasher.VerifyHashedPassword(account, account.PasswordHash, password) != PasswordVerificationResult.Failed;
    }

    /// <summary>Why the password cannot be an account's, or null when it can.</summary>
    public static string? Refusal(string? password) =>
        password is null || password.Length < MinLength ? $"a password needs at least {MinLength} characters" : null;

    /// <summary>A one-time password to hand out (<c>users add</c>, <c>users passwd</c>): 32 random characters.</summary>
    public static string NewOneTime() => Secrets.New()[..32];
}
