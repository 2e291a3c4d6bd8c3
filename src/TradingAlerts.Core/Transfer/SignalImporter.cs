using TradingAlerts.Core.Signals;

namespace TradingAlerts.Core.Transfer;

public sealed record ImportReport(int Added, int Updated, int Unchanged, IReadOnlyList<RowError> Invalid, IReadOnlyList<RowError> Warnings);

/// <summary>
/// Brings rows into the store without duplicates. A row with an <c>id</c> updates that alert (or creates it with that id);
/// a row without one matches an existing alert with the same exchange, symbol, condition, target price and recipient.
/// Re-importing the same rows changes nothing. Bad rows are reported with their number and field; the others still go in.
/// An import restores a backup: a row whose expiry has passed is an expired alert (never armed again).
/// </summary>
public sealed class SignalImporter(ISignalStore store, SignalIntake intake)
{
    public async Task<ImportReport> ImportAsync(IReadOnlyList<SignalRow> rows, SignalSource source, CancellationToken ct)
    {
        var byId = new Dictionary<string, Signal>(StringComparer.Ordinal);
        await foreach (var existing in store.ListAsync(ct))
            byId[existing.Id] = existing;

        var byKey = byId.Values.GroupBy(NaturalKey).ToDictionary(g => g.Key, g => g.First());
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        int added = 0, updated = 0, unchanged = 0;
        var invalid = new List<RowError>();
        var warnings = new List<RowError>();

        foreach (var row in rows)
        {
            Signal candidate;
            try
            {
                var intook = await intake.CreateAsync(row.Draft, source, PastExpiry.Expired, ct);
                candidate = intook.Signal;
                warnings.AddRange(intook.Warnings.Select(w => new RowError(row.Number, "symbol", w)));
            }
            catch (SignalValidationException e)
            {
                invalid.AddRange(e.Errors.Select(error => new RowError(row.Number, error.Field, error.Message)));
                continue;
            }

            var match = row.Draft.Id is { Length: > 0 }
                ? byId.GetValueOrDefault(candidate.Id)
                : byKey.GetValueOrDefault(NaturalKey(candidate));

            var identity = match?.Id ?? candidate.Id;
            if (seen.TryGetValue(identity, out var firstRow))
            {
                invalid.Add(new RowError(row.Number, "id", $"describes the same alert as row {firstRow}; it was not imported twice"));
                continue;
            }

            seen[identity] = row.Number;
            if (match is null)
            {
                await store.AddAsync(candidate, ct);
                byId[candidate.Id] = candidate;
                byKey.TryAdd(NaturalKey(candidate), candidate);
                added++;
                continue;
            }

            var edited = match.WithRowValues(candidate, row.Draft);

            if (edited == match)
            {
                unchanged++;
            }
            else if (await store.UpdateAsync(edited, ct))
            {
                updated++;
            }
            else
            {
                invalid.Add(new RowError(row.Number, "id", $"alert {match.Id} was changed by someone else during the import; import again"));
            }
        }

        return new ImportReport(added, updated, unchanged, invalid, warnings);
    }

    /// <summary>Decimal equality ignores scale, so 65000.5 and 65000.50 are the same target.</summary>
    private static (ExchangeId, string, Condition, decimal?, AlertRule, string?) NaturalKey(Signal s) =>
        (s.Exchange, s.Symbol, s.Condition, s.TargetPrice, s.Rule, s.UserId);
}
