using TradingAlerts.Core.Accounts;

namespace TradingAlerts.Core.Tests.Fakes;

/// <summary>The accounts part of <see cref="InMemorySignalStore"/>, with the port's rules (a taken name is refused; removal revokes).</summary>
internal sealed class InMemoryAccounts : IAccountStore
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, Account> accounts = [];
    private readonly Dictionary<string, Credential> credentials = [];

    public Task<bool> AddAccountAsync(Account account, CancellationToken ct)
    {
        lock (gate)
            return Task.FromResult(accounts.TryAdd(account.Name, account));
    }

    public Task<bool> UpdateAccountAsync(Account account, CancellationToken ct)
    {
        lock (gate)
        {
            if (!accounts.ContainsKey(account.Name))
                return Task.FromResult(false);
            accounts[account.Name] = account;
            return Task.FromResult(true);
        }
    }

    public Task<Account?> GetAccountAsync(string name, CancellationToken ct)
    {
        lock (gate)
            return Task.FromResult(accounts.GetValueOrDefault(name));
    }

    public Task<IReadOnlyList<Account>> ListAccountsAsync(CancellationToken ct)
    {
        lock (gate)
            return Task.FromResult<IReadOnlyList<Account>>(accounts.Values.OrderBy(a => a.Name, StringComparer.Ordinal).ToList());
    }

    public Task<bool> RemoveAccountAsync(string name, CancellationToken ct)
    {
        lock (gate)
        {
            foreach (var hash in credentials.Values.Where(c => c.Account == name).Select(c => c.Hash).ToList())
                credentials.Remove(hash);
            return Task.FromResult(accounts.Remove(name));
        }
    }

    public Task AddCredentialAsync(Credential credential, CancellationToken ct)
    {
        lock (gate)
            credentials[credential.Hash] = credential;
        return Task.CompletedTask;
    }

    public Task<Credential?> GetCredentialAsync(string hash, CancellationToken ct)
    {
        lock (gate)
            return Task.FromResult(credentials.GetValueOrDefault(hash));
    }

    public Task<bool> RemoveCredentialAsync(string hash, CancellationToken ct)
    {
        lock (gate)
            return Task.FromResult(credentials.Remove(hash));
    }
}
