using System.Text.RegularExpressions;

namespace TradingAlerts.Core.Accounts;

/// <summary>What an account's name may be: it is typed at sign-in, written in a sheet's <c>owner</c> column and kept in store keys.</summary>
public static partial class AccountNames
{
    /// <summary>Why the name cannot be an account's, or null when it can.</summary>
    public static string? Refusal(string? name) =>
        name is not null && Pattern().IsMatch(name) ? null : "an account name is 1 to 64 letters, digits, '.', '_' or '-' (got '" + name + "')";

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex Pattern();
}
