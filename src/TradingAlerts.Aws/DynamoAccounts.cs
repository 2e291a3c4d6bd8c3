using TradingAlerts.Core.Accounts;
using static TradingAlerts.Aws.DynamoTable;

namespace TradingAlerts.Aws;

/// <summary>
/// The accounts, items under <c>account#&lt;name&gt;</c> that hold an account as JSON, and the credentials handed to
/// them, items under <c>credential#&lt;hash&gt;</c>, forgotten by the table's time to live when they expire.
/// </summary>
internal sealed class DynamoAccounts(DynamoTable table) : IAccountStore
{
    public Task<bool> AddAccountAsync(Account account, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(account);
        return table.PutNewAsync(AccountItem(account), ct);
    }

    public Task<bool> UpdateAccountAsync(Account account, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(account);
        return table.PutIfAsync(new PutItemRequest { Item = AccountItem(account), ConditionExpression = "attribute_exists(#id)", ExpressionAttributeNames = NamesFor("#id") }, ct);
    }

    public async Task<Account?> GetAccountAsync(string name, CancellationToken ct)
    {
        var item = await table.GetAsync(AccountPrefix + name, ct);
        return IsKind(item, Kinds.Account) ? Account.FromJson(Text(item!, Attr.Settings)) : null;
    }

    public async Task<IReadOnlyList<Account>> ListAccountsAsync(CancellationToken ct)
    {
        // Accounts are a team's few: a filtered scan, for sign-in's "are there accounts" and an operator's listing.
        var accounts = new List<Account>();
        await foreach (var item in table.ScanAllAsync(KindScan(Kinds.Account), ct))
            accounts.Add(Account.FromJson(Text(item, Attr.Settings)));
        return accounts.OrderBy(a => a.Name, StringComparer.Ordinal).ToList();
    }

    public async Task<bool> RemoveAccountAsync(string name, CancellationToken ct)
    {
        var scan = KindScan(Kinds.Credential);
        scan.FilterExpression += " AND #account = :account";
        scan.ExpressionAttributeNames["#account"] = Attr.Account;
        scan.ExpressionAttributeValues[":account"] = S(name);
        await foreach (var item in table.ScanAllAsync(scan, ct))
            await table.DeleteAsync(Text(item, Attr.Id), ct);
        return await table.DeleteAsync(AccountPrefix + name, Kinds.Account, ct);
    }

    public async Task AddCredentialAsync(Credential credential, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(credential);
        var item = new Dictionary<string, AttributeValue>
        {
            [Attr.Id] = S(CredentialPrefix + credential.Hash),
            [Attr.Kind] = S(Kinds.Credential),
            [Attr.Account] = S(credential.Account),
            [Attr.CredentialKind] = S(credential.Kind.ToWire()),
            [Attr.CreatedAt] = S(StoredText.FromTime(credential.CreatedAt)),
        };
        SetIfPresent(item, Attr.ExpiresAt, credential.ExpiresAt);
        if (credential.ExpiresAt is { } end)
            item[Attr.ForgetAt] = N(end.ToUnixTimeSeconds());
        await table.PutAsync(item, ct);
    }

    public async Task<Credential?> GetCredentialAsync(string hash, CancellationToken ct)
    {
        var item = await table.GetAsync(CredentialPrefix + hash, ct);
        if (!IsKind(item, Kinds.Credential))
            return null;

        var kind = AccountWords.TryParseKind(Text(item!, Attr.CredentialKind), out var known)
            ? known
            : throw Unreadable(Attr.CredentialKind, $"'{Text(item!, Attr.CredentialKind)}' is no credential kind this version knows");
        return new Credential(hash, Text(item!, Attr.Account), kind, Time(item!, Attr.CreatedAt), TimeOrNull(item!, Attr.ExpiresAt));
    }

    public Task<bool> RemoveCredentialAsync(string hash, CancellationToken ct) => table.DeleteAsync(CredentialPrefix + hash, Kinds.Credential, ct);

    private static Dictionary<string, AttributeValue> AccountItem(Account account) => new()
    {
        [Attr.Id] = S(AccountPrefix + account.Name),
        [Attr.Kind] = S(Kinds.Account),
        [Attr.Settings] = S(account.ToJson()),
    };

    private static ScanRequest KindScan(string kind) => new()
    {
        FilterExpression = "#kind = :kind",
        ExpressionAttributeNames = NamesFor("#kind"),
        ExpressionAttributeValues = new() { [":kind"] = S(kind) },
    };
}
