using OtpNet;

namespace TradingAlerts.Core.Accounts;

/// <summary>A second factor just enrolled: the shared secret and the <c>otpauth://</c> URI an authenticator app reads (as text or QR code).</summary>
public sealed record TotpEnrolment(string Secret, string Uri);

/// <summary>
/// Time-based one-time passwords (RFC 6238, through Otp.NET): 6 digits, 30-second steps, SHA-1, as every authenticator
/// app reads them. A code is accepted one step either side of now (clocks drift), and never twice: a code seen at
/// sign-in moves the account's last step on, so one overheard cannot be used again.
/// </summary>
public static class TotpCodes
{
    public const string Issuer = "TradingAlerts";

    public static TotpEnrolment Enrol(string accountName) => For(accountName, Base32Encoding.ToString(KeyGeneration.GenerateRandomKey(20)));

    /// <summary>The enrolment of a secret already made (shown again while its owner confirms it).</summary>
    public static TotpEnrolment For(string accountName, string secret)
    {
        ArgumentException.ThrowIfNullOrEmpty(accountName);
        var label = Uri.EscapeDataString($"{Issuer}:{accountName}");
        return new TotpEnrolment(secret, $"otpauth://totp/{label}?secret={secret}&issuer={Issuer}&algorithm=SHA1&digits=6&period=30");
    }

    /// <summary>Whether the text is a secret <see cref="Enrol"/> makes: 20 bytes in Base32, 32 characters (a posted one may be anything).</summary>
    public static bool IsSecret(string? text) => text is { Length: 32 } && text.All(c => c is (>= 'A' and <= 'Z') or (>= '2' and <= '7'));

    /// <summary>The code an authenticator shows at <paramref name="time"/> (for tests and for checking an enrolment).</summary>
    public static string CodeAt(string secret, DateTimeOffset time) => new Totp(Base32Encoding.ToBytes(secret)).ComputeTotp(time.UtcDateTime);

    /// <summary>
    /// The time step the code matches, when it is the account's code near <paramref name="now"/> and later than the last
    /// one used (<see cref="Account.TotpLastStep"/>); null otherwise. The caller keeps the step as the account's last.
    /// </summary>
    public static long? Verify(Account account, string? code, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(account);
        if (account.TotpSecret is not { } secret || string.IsNullOrWhiteSpace(code))
            return null;

        var totp = new Totp(Base32Encoding.ToBytes(secret));
        return totp.VerifyTotp(now.UtcDateTime, code.Trim(), out var step, new VerificationWindow(previous: 1, future: 1)) && step > (account.TotpLastStep ?? -1)
            ? step
            : null;
    }
}
