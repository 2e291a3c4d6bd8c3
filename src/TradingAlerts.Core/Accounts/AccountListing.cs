using System.Text.Json;
using System.Text.Json.Serialization;
using TradingAlerts.Core.Configuration;

namespace TradingAlerts.Core.Accounts;

/// <summary>
/// An account as lists show it (<c>users list</c>): no password hash, no TOTP secret, and the Pushover key masked as
/// every key is shown (<see cref="SettingValues.Mask"/>).
/// </summary>
public sealed record AccountListing(string Name, string Role, string? PushoverKey, bool Totp, DateTimeOffset CreatedAt)
{
    public static AccountListing Of(Account account)
    {
        ArgumentNullException.ThrowIfNull(account);
        return new(account.Name, account.Role.ToWire(), account.PushoverKey is { } key ? SettingValues.Mask(key) : null, account.TotpSecret is not null, account.CreatedAt);
    }

    public static string ToJson(IReadOnlyList<AccountListing> accounts) => JsonSerializer.Serialize(accounts, AccountListingJsonContext.Default.IReadOnlyListAccountListing);
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(IReadOnlyList<AccountListing>))]
internal sealed partial class AccountListingJsonContext : JsonSerializerContext;
