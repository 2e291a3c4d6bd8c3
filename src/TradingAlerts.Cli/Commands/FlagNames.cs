using TradingAlerts.Core.Signals;

namespace TradingAlerts.Cli.Commands;

/// <summary>Names a validation error by the flag a person typed, with the data model's field beside it.</summary>
internal static class FlagNames
{
    private static readonly Dictionary<string, string> ByField = new()
    {
        ["exchange"] = "--exchange",
        ["symbol"] = "--symbol",
        ["condition"] = "--condition",
        ["target_price"] = "--target",
        ["name"] = "--name",
        ["user_id"] = "--user-key",
        ["notes"] = "--notes",
        ["expires_at"] = "--expires",
        ["low"] = "--low",
        ["high"] = "--high",
        ["pct"] = "--pct",
        ["window"] = "--window",
        ["direction"] = "--direction",
        ["frequency"] = "--frequency",
        ["hysteresis"] = "--hysteresis",
        ["cooldown"] = "--cooldown",
        ["channels"] = "--channels",
        ["urgent"] = "--urgent",
        ["template"] = "--template",
        ["since"] = "--since",
        ["from"] = "--from",
        ["to"] = "--to",
        ["owner"] = "--owner",
    };

    public static string Describe(ValidationError error) =>
        ByField.TryGetValue(error.Field, out var flag) ? $"{flag} ({error.Field}): {error.Message}" : error.ToString();
}
