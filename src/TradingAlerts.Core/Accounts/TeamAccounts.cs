using TradingAlerts.Core.Signals;

namespace TradingAlerts.Core.Accounts;

/// <summary>An account just added, with the one-time password to print once (null when the password was given).</summary>
/// <param name="AlertsTaken">The alerts without an owner the first admin took over (0 for every later account).</param>
public sealed record AddedAccount(Account Account, string? OneTimePassword, int AlertsTaken);

/// <summary>An account just removed, and where its alerts went.</summary>
/// <param name="AlertsTo">The admin who took them over; null when there was none and they were disabled.</param>
public sealed record RemovedAccount(string Name, string? AlertsTo, int Alerts);

/// <summary>An API token just issued: the token itself, shown once, is in no store.</summary>
public sealed record IssuedToken(string Token, Credential Credential);

/// <summary>Why an account change was refused, so that a host maps it (the CLI: 4 for an unknown account, 2 otherwise).</summary>
public enum AccountRefusal
{
    UnknownAccount,
    TakenName,
    BadName,
    BadPassword,
    BadPushoverKey,
    MemberFirst,
    LastAdmin,
    BadCode,
}

/// <summary>An account change refused; the message names the account and the rule, never a secret.</summary>
public sealed class AccountException(AccountRefusal refusal, string message) : Exception(message)
{
    public AccountRefusal Refusal { get; } = refusal;
}

/// <summary>
/// The team's account rules in one place, for the CLI's <c>users</c> commands and whatever else manages accounts:
/// the first account is an admin and takes over the alerts that have no owner (they were the single identity's); the last
/// admin cannot be removed while other accounts need one; a removed account's alerts go to an admin, or are disabled
/// when none is left. Passwords and tokens are handed back once and stored only as hashes.
/// </summary>
public sealed class TeamAccounts(IAccountStore accounts, ISignalStore signals, TimeProvider clock)
{
    /// <param name="password">The account's password; null to generate a one-time password, returned to print once.</param>
    public async Task<AddedAccount> AddAsync(string name, AccountRole role, string? pushoverKey, string? password, CancellationToken ct)
    {
        if (AccountNames.Refusal(name) is { } badName)
            throw new AccountException(AccountRefusal.BadName, badName);
        if (pushoverKey is not null && !SignalValidator.IsPushoverKey(pushoverKey))
            throw new AccountException(AccountRefusal.BadPushoverKey, "a Pushover key is a 30-character user or group key (letters and digits)");

        var oneTime = password is null ? Passwords.NewOneTime() : null;
        var hash = HashOf(password ?? oneTime!);
        var existing = await accounts.ListAccountsAsync(ct);
        if (existing.Count == 0 && role != AccountRole.Admin)
            throw new AccountException(AccountRefusal.MemberFirst, $"the first account must be an admin (add it with --admin): a member alone could not manage accounts, and '{name}' would lock everyone out");

        var account = new Account { Name = name, Role = role, PasswordHash = hash, PushoverKey = pushoverKey, CreatedAt = clock.GetUtcNow() };
        if (!await accounts.AddAccountAsync(account, ct))
            throw new AccountException(AccountRefusal.TakenName, $"an account named '{name}' already exists");

        var taken = 0;
        if (role == AccountRole.Admin && !existing.Any(a => a.IsAdmin))
        {
            await foreach (var signal in signals.ListAsync(ct))
            {
                if (signal.Owner is null && await EditAsync(signal.Id, s => s.Owner is null ? s with { Owner = name } : null, ct))
                    taken++;
            }
        }

        return new AddedAccount(account, oneTime, taken);
    }

    public async Task<RemovedAccount> RemoveAsync(string name, CancellationToken ct)
    {
        var all = await accounts.ListAccountsAsync(ct);
        var account = all.FirstOrDefault(a => a.Name == name) ?? throw Unknown(name);
        var heir = all.FirstOrDefault(a => a.IsAdmin && a.Name != name);
        if (account.IsAdmin && heir is null && all.Count > 1)
            throw new AccountException(AccountRefusal.LastAdmin, $"'{name}' is the last admin: make another account an admin first (users add NAME --admin), or remove the members first");

        if (!await accounts.RemoveAccountAsync(name, ct))
            throw Unknown(name);

        // With no admin left the store has no account at all (see above): its alerts are nobody's again, and stopped.
        Func<Signal, Signal?> handOver = heir is null
            ? s => s.Owner == name ? s with { Owner = null, Active = false } : null
            : s => s.Owner == name ? s with { Owner = heir.Name } : null;
        var moved = 0;
        await foreach (var signal in signals.ListAsync(ct))
        {
            if (signal.Owner == name && await EditAsync(signal.Id, handOver, ct))
                moved++;
        }

        return new RemovedAccount(name, heir?.Name, moved);
    }

    /// <param name="password">The new password; null to generate a one-time password, returned to print once.</param>
    public async Task<string?> SetPasswordAsync(string name, string? password, CancellationToken ct)
    {
        var oneTime = password is null ? Passwords.NewOneTime() : null;
        var hash = HashOf(password ?? oneTime!);
        await UpdateAsync(name, a => a with { PasswordHash = hash }, ct);
        return oneTime;
    }

    /// <summary>A new second factor (replacing any earlier one): sign-in asks for its code from now on.</summary>
    public async Task<TotpEnrolment> EnrolTotpAsync(string name, CancellationToken ct)
    {
        var enrolment = TotpCodes.Enrol(name);
        await UpdateAsync(name, a => a with { TotpSecret = enrolment.Secret, TotpLastStep = null }, ct);
        return enrolment;
    }

    /// <summary>
    /// Keeps a second factor the account's owner enrolled themselves (the web UI's account page), once they proved their
    /// app has it: the code it shows now for <paramref name="secret"/>. Until then nothing changes, so a failed scan
    /// cannot lock them out.
    /// </summary>
    public async Task ConfirmTotpAsync(string name, string secret, string? code, CancellationToken ct)
    {
        var account = await accounts.GetAccountAsync(name, ct) ?? throw Unknown(name);
        var step = TotpCodes.IsSecret(secret) ? TotpCodes.Verify(account with { TotpSecret = secret, TotpLastStep = null }, code, clock.GetUtcNow()) : null;
        if (step is null)
            throw new AccountException(AccountRefusal.BadCode, "that is not the code the app shows now for this key: scan the QR code again, or check the phone's clock");
        await UpdateAsync(name, a => a with { TotpSecret = secret, TotpLastStep = step }, ct);
    }

    public Task RemoveTotpAsync(string name, CancellationToken ct) =>
        UpdateAsync(name, a => a with { TotpSecret = null, TotpLastStep = null }, ct);

    /// <summary>A new API token for the account, valid until the account is removed; only its hash is stored.</summary>
    public async Task<IssuedToken> IssueTokenAsync(string name, bool readOnly, CancellationToken ct)
    {
        if (await accounts.GetAccountAsync(name, ct) is null)
            throw Unknown(name);

        var token = Secrets.New();
        var credential = new Credential(Secrets.HashOf(token), name, readOnly ? CredentialKind.ReadOnlyToken : CredentialKind.Token, clock.GetUtcNow(), null);
        await accounts.AddCredentialAsync(credential, ct);
        return new IssuedToken(token, credential);
    }

    private static string HashOf(string password) =>
        Passwords.Refusal(password) is { } refusal ? throw new AccountException(AccountRefusal.BadPassword, refusal) : Passwords.Hash(password);

    private async Task UpdateAsync(string name, Func<Account, Account> change, CancellationToken ct)
    {
        var account = await accounts.GetAccountAsync(name, ct) ?? throw Unknown(name);
        if (!await accounts.UpdateAccountAsync(change(account), ct))
            throw Unknown(name);
    }

    /// <summary>
    /// Applies <paramref name="change"/> (null: nothing to change any more) to the alert as it now stands, reading it
    /// again when a firing or an edit wrote first; false when it is gone or needed no change.
    /// </summary>
    private async Task<bool> EditAsync(string id, Func<Signal, Signal?> change, CancellationToken ct)
    {
        while (await signals.GetAsync(id, ct) is { } signal)
        {
            if (change(signal) is not { } changed)
                return false;
            if (await signals.UpdateAsync(changed, ct))
                return true;
        }

        return false;
    }

    private static AccountException Unknown(string name) => new(AccountRefusal.UnknownAccount, $"no account named '{name}'");
}
