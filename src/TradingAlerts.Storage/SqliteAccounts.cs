using TradingAlerts.Core.Accounts;

namespace TradingAlerts.Storage;

/// <summary>The accounts (one JSON document a row, as recipients) and their credentials, by hash.</summary>
internal sealed class SqliteAccounts(SqliteDatabase database) : IAccountStore
{
    public async Task<bool> AddAccountAsync(Account account, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(account);
        return await database.ExecuteAsync("INSERT OR IGNORE INTO accounts (name, settings) VALUES ($name, $settings)", add => BindAccount(add, account), ct) == 1;
    }

    public async Task<bool> UpdateAccountAsync(Account account, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(account);
        return await database.ExecuteAsync("UPDATE accounts SET settings = $settings WHERE name = $name", update => BindAccount(update, account), ct) == 1;
    }

    public async Task<Account?> GetAccountAsync(string name, CancellationToken ct) =>
        await database.QueryAsync("SELECT settings FROM accounts WHERE name = $name", select => Bind(select, "$name", name), ReadAccount, ct)
            .FirstOrDefaultAsync(ct);

    public async Task<IReadOnlyList<Account>> ListAccountsAsync(CancellationToken ct) =>
        await database.QueryAsync("SELECT settings FROM accounts ORDER BY name", bind: null, ReadAccount, ct).ToListAsync(ct);

    public async Task<bool> RemoveAccountAsync(string name, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var transaction = connection.BeginTransaction();
        await using var revoke = connection.CreateCommand();
        revoke.CommandText = "DELETE FROM credentials WHERE account = $name";
        Bind(revoke, "$name", name);
        await revoke.ExecuteNonQueryAsync(ct);
        await using var remove = connection.CreateCommand();
        remove.CommandText = "DELETE FROM accounts WHERE name = $name";
        Bind(remove, "$name", name);
        var removed = await remove.ExecuteNonQueryAsync(ct) == 1;
        await transaction.CommitAsync(ct);
        return removed;
    }

    public async Task AddCredentialAsync(Credential credential, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(credential);
        await database.ExecuteAsync(
            "INSERT INTO credentials (hash, account, kind, created_at, expires_at) VALUES ($hash, $account, $kind, $created_at, $expires_at)",
            add =>
            {
                Bind(add, "$hash", credential.Hash);
                Bind(add, "$account", credential.Account);
                Bind(add, "$kind", credential.Kind.ToWire());
                Bind(add, "$created_at", StoredText.FromTime(credential.CreatedAt));
                Bind(add, "$expires_at", TimeOrNull(credential.ExpiresAt));
            },
            ct);
    }

    public async Task<Credential?> GetCredentialAsync(string hash, CancellationToken ct) =>
        await database.QueryAsync("SELECT hash, account, kind, created_at, expires_at FROM credentials WHERE hash = $hash", select => Bind(select, "$hash", hash), ReadCredential, ct)
            .FirstOrDefaultAsync(ct);

    public async Task<bool> RemoveCredentialAsync(string hash, CancellationToken ct) =>
        await database.ExecuteAsync("DELETE FROM credentials WHERE hash = $hash", delete => Bind(delete, "$hash", hash), ct) == 1;

    private static void BindAccount(SqliteCommand command, Account account)
    {
        Bind(command, "$name", account.Name);
        Bind(command, "$settings", account.ToJson());
    }

    private static Account ReadAccount(SqliteDataReader row) => Account.FromJson(row.Text("settings"));

    private static Credential ReadCredential(SqliteDataReader row) => new(
        row.Text("hash"),
        row.Text("account"),
        AccountWords.TryParseKind(row.Text("kind"), out var kind) ? kind : throw new InvalidDataException($"The alert database holds '{row.Text("kind")}' in column kind, which this version of TradingAlerts does not know."),
        row.Time("created_at"),
        row.TimeOrNull("expires_at"));
}
