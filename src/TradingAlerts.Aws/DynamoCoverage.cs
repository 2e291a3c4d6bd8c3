using TradingAlerts.Core.Pipeline;
using static TradingAlerts.Aws.DynamoTable;

namespace TradingAlerts.Aws;

/// <summary>
/// The exchanges' coverage, one item per exchange under <c>coverage#&lt;exchange&gt;</c>, versioned: each write is
/// conditional on the one before.
/// </summary>
internal sealed class DynamoCoverage(DynamoTable table) : ICoverageStore
{
    /// <summary>How many writes in a row a change may lose to other batches before the batch gives up.</summary>
    private const int UpdateAttempts = 10;

    /// <summary>One consistent read per exchange (there are three).</summary>
    public async Task<IReadOnlyList<ExchangeCoverage>> ListCoverageAsync(CancellationToken ct)
    {
        var read = await Task.WhenAll(Enum.GetValues<ExchangeId>().Select(exchange => GetCoverageAsync(exchange, ct)));
        return read.Where(r => r.Version > 0).Select(r => r.Coverage).ToList();
    }

    /// <summary>Read, change, and write conditional on the version read: a batch that lost the race reads again.</summary>
    public async Task UpdateCoverageAsync(ExchangeId exchange, Func<ExchangeCoverage, ExchangeCoverage> change, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(change);
        for (var attempt = 1; ; attempt++)
        {
            var (current, version) = await GetCoverageAsync(exchange, ct);
            var written = await table.PutIfAsync(
                new PutItemRequest
                {
                    Item = ToItem(change(current), version + 1),
                    ConditionExpression = version == 0 ? "attribute_not_exists(#id)" : "#version = :version",
                    ExpressionAttributeNames = version == 0 ? NamesFor("#id") : NamesFor("#version"),
                    ExpressionAttributeValues = version == 0 ? null : new() { [":version"] = N(version) },
                },
                ct);
            if (written)
                return;
            if (attempt == UpdateAttempts)
                throw new InvalidOperationException($"{exchange.ToWire()}'s coverage changed under {UpdateAttempts} writes in a row; the batch is tried again");
        }
    }

    private static string CoverageKey(ExchangeId exchange) => CoveragePrefix + exchange.ToWire();

    /// <summary>An exchange's coverage, at <paramref name="version"/> (1 for the first).</summary>
    private static Dictionary<string, AttributeValue> ToItem(ExchangeCoverage coverage, long version)
    {
        var item = new Dictionary<string, AttributeValue>
        {
            [Attr.Id] = S(CoverageKey(coverage.Exchange)),
            [Attr.Kind] = S(Kinds.Coverage),
            [Attr.Version] = N(version),
        };
        SetIfPresent(item, Attr.Through, coverage.Through);
        SetIfPresent(item, Attr.GapSince, coverage.GapSince);
        SetIfPresent(item, Attr.GapCycle, coverage.GapCycle);
        return item;
    }

    /// <summary>The exchange's coverage and its version, or none at version 0 when it has no item yet.</summary>
    private async Task<(ExchangeCoverage Coverage, long Version)> GetCoverageAsync(ExchangeId exchange, CancellationToken ct)
    {
        var item = await table.GetAsync(CoverageKey(exchange), ct);
        return IsKind(item, Kinds.Coverage)
            ? (new ExchangeCoverage(exchange, TimeOrNull(item!, Attr.Through), TimeOrNull(item!, Attr.GapSince), TimeOrNull(item!, Attr.GapCycle)), Long(item!, Attr.Version))
            : (ExchangeCoverage.None(exchange), 0);
    }
}
