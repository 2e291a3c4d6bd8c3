using TradingAlerts.Core.Accounts;

namespace TradingAlerts.Core.Tests;

/// <summary>Passwords kept only as hashes, secrets handed out once, and TOTP codes as authenticator apps make them.</summary>
public sealed class AccountSecretsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Password_HashIsNotThePassword_VerifiesOnlyTheSame()
    {
        var hash = Passwords.Hash("correct horse battery");
        var account = new Account { Name = "ann", PasswordHash = hash, CreatedAt = Now };

        hash.Should().NotContain("correct horse battery");
        Passwords.Hash("correct horse battery").Should().NotBe(hash, "every hash has its own salt");
        Passwords.Verify(account, "correct horse battery").Should().BeTrue();
        Passwords.Verify(account, "correct horse batterY").Should().BeFalse();
        Passwords.Verify(account, null).Should().BeFalse();
        Passwords.Refusal("short").Should().Be("a password needs at least 12 characters");
        Passwords.Refusal(Passwords.NewOneTime()).Should().BeNull();
    }

    [Fact]
    public void Secrets_AreRandom_AndStoredAsTheirSha256()
    {
        var one = Secrets.New();
        var other = Secrets.New();

        one.Should().HaveLength(43).And.NotBe(other);
        Secrets.HashOf("abc").Should().Be("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", "SHA-256 of 'abc' (FIPS 180-2)");
    }

    [Fact]
    public void Totp_TheRfc6238Vector_AndACodeIsAcceptedOnceWithinAStepOfNow()
    {
        // RFC 6238 appendix B: the SHA-1 secret "12345678901234567890" at 59 s gives 94287082 (its last six digits here).
        const string rfcSecret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
        TotpCodes.CodeAt(rfcSecret, DateTimeOffset.FromUnixTimeSeconds(59)).Should().Be("287082");

        var enrolment = TotpCodes.Enrol("ann");
        var account = new Account { Name = "ann", PasswordHash = "h", TotpSecret = enrolment.Secret, CreatedAt = Now };
        var code = TotpCodes.CodeAt(enrolment.Secret, Now);

        enrolment.Uri.Should().Be($"otpauth://totp/TradingAlerts%3Aann?secret={enrolment.Secret}&issuer=TradingAlerts&algorithm=SHA1&digits=6&period=30");
        var step = TotpCodes.Verify(account, code, Now.AddSeconds(25));
        step.Should().Be(Now.ToUnixTimeSeconds() / 30);
        TotpCodes.Verify(account with { TotpLastStep = step }, code, Now.AddSeconds(25)).Should().BeNull("a code is used once");
        TotpCodes.Verify(account, code, Now.AddMinutes(2)).Should().BeNull("two minutes later it is stale");
        TotpCodes.Verify(account, "000000", Now).Should().BeNull();
        TotpCodes.Verify(account with { TotpSecret = null }, code, Now).Should().BeNull();
    }
}
