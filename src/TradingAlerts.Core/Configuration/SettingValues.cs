using TradingAlerts.Core.Signals;

namespace TradingAlerts.Core.Configuration;

/// <summary>A missing or malformed setting (an environment variable): one line that names it, never its secret value.</summary>
public sealed class ConfigurationException(string message) : Exception(message);

/// <summary>Values of the configuration contract that more than one composition root reads (the CLI, the Lambdas).</summary>
public static class SettingValues
{
    public static Uri HttpUrl(string variable, string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)
            ? url
            : throw new ConfigurationException($"{variable} must be an absolute http(s) URL such as https://example.com (got '{text}')");

    /// <summary>A comma-separated list of exchanges in order, or <c>none</c>.</summary>
    public static IReadOnlyList<ExchangeId> ExchangeList(string variable, string text)
    {
        if (text.Equals("none", StringComparison.OrdinalIgnoreCase))
            return [];

        var exchanges = new List<ExchangeId>();
        foreach (var word in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!WireNames.TryParseExchange(word, out var exchange))
                throw new ConfigurationException($"{variable} must list exchanges ({WireNames.Choices<ExchangeId>(WireNames.ToWire)}) separated by commas, or be 'none' (got '{text}')");
            exchanges.Add(exchange);
        }

        return exchanges.Distinct().ToList();
    }

    /// <summary>Text taken as it is set.</summary>
    public static string Text(string variable, string text) => text;

    /// <summary>A key shown masked (Pushover keys in <c>config</c> and the web UI): its first 4 and last 2 characters.</summary>
    public static string Mask(string key) => key.Length < 8 ? "…" : $"{key[..4]}…{key[^2..]}";
}
