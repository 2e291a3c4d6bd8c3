using TradingAlerts.Core.Accounts;

namespace TradingAlerts.Core.Pipeline;

/// <summary>
/// Whom an alert's messages go to (a Pushover user key, which also names the recipient's other channels and quiet
/// hours): the key the alert names, else its owner's (<see cref="Account.PushoverKey"/>), else the deployment's default.
/// One per batch: an owner is looked up once, and only for an alert that fires or expires, so a batch that fires
/// nothing reads no account.
/// </summary>
internal sealed class RecipientChoice(IAccountStore accounts, string? fallback)
{
    private readonly Dictionary<string, string?> ownersKeys = new(StringComparer.Ordinal);

    public async Task<string?> ForAsync(SignalSnapshot signal, CancellationToken ct)
    {
        if (signal.UserId is { } own)
            return own;
        if (signal.Owner is not { } owner)
            return fallback;

        if (!ownersKeys.TryGetValue(owner, out var key))
            ownersKeys[owner] = key = (await accounts.GetAccountAsync(owner, ct))?.PushoverKey;
        return key ?? fallback;
    }
}
