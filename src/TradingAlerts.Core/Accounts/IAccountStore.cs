namespace TradingAlerts.Core.Accounts;

/// <summary>
/// The team's accounts and the credentials handed to them. With no account in the store the deployment has one
/// identity, as before teams (loopback, or <c>TRADINGALERTS_UI_TOKEN</c>); the first admin switches it to accounts.
/// </summary>
public interface IAccountStore
{
    /// <summary>Adds the account; false (and nothing written) when one of that name exists.</summary>
    Task<bool> AddAccountAsync(Account account, CancellationToken ct);

    /// <summary>Replaces an existing account; false when there is none of that name.</summary>
    Task<bool> UpdateAccountAsync(Account account, CancellationToken ct);

    Task<Account?> GetAccountAsync(string name, CancellationToken ct);

    /// <summary>Every account, by name.</summary>
    Task<IReadOnlyList<Account>> ListAccountsAsync(CancellationToken ct);

    /// <summary>Removes the account and every credential handed to it; false when there is none of that name.</summary>
    Task<bool> RemoveAccountAsync(string name, CancellationToken ct);

    Task AddCredentialAsync(Credential credential, CancellationToken ct);

    /// <summary>The credential of that hash, or null (an expired one is still returned: the caller judges it by its time).</summary>
    Task<Credential?> GetCredentialAsync(string hash, CancellationToken ct);

    /// <summary>Revokes it (sign-out); false when there was none.</summary>
    Task<bool> RemoveCredentialAsync(string hash, CancellationToken ct);
}

public static class AccountStoreExtensions
{
    /// <summary>
    /// The admin alerts belong to when nobody is named (the CLI's, the sheet's by default): the first admin by name;
    /// null with no admin, when alerts have no owner, as before teams.
    /// </summary>
    public static async Task<Account?> FirstAdminAsync(this IAccountStore accounts, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        return (await accounts.ListAccountsAsync(ct)).FirstOrDefault(a => a.IsAdmin);
    }
}
