namespace TradingAlerts.Simulation.Servers;

/// <summary>A request's query string, as the servers read it (a name may repeat, as Coinbase's product_ids does).</summary>
internal sealed class Query(Uri uri)
{
    private readonly ILookup<string, string> values = uri.Query.TrimStart('?')
        .Split('&', StringSplitOptions.RemoveEmptyEntries)
        .Select(part => part.Split('=', 2))
        .ToLookup(pair => Uri.UnescapeDataString(pair[0]), pair => pair.Length > 1 ? Uri.UnescapeDataString(pair[1].Replace('+', ' ')) : string.Empty);

    public string? this[string name] => values[name].FirstOrDefault();

    public IEnumerable<string> All(string name) => values[name];

    public long Long(string name, long fallback) => long.TryParse(this[name], out var value) ? value : fallback;
}
