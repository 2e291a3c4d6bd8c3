using TradingAlerts.Core.Signals;

namespace TradingAlerts.Core.Transfer;

public sealed record ImportReport(int Added, int Updated, int Unchanged, IReadOnlyList<RowError> Invalid, IReadOnlyList<RowError> Warnings);

/// <summary>
/// Brings rows into the store without duplicates. A row with an <c>id</c> updates that alert (or creates it with that id);
/// a row without one matches an existing alert with the same exchange, symbol, condition, target price and recipient.
/// Re-importing the same rows changes nothing. Bad rows are reported with their number and field; the others still go in.
/// An import restores a backup: a row whose expiry has passed is an expired alert (never armed again), and an alert it
/// creates keeps the row's <c>source</c> and <c>sheet_key</c>; an alert it updates keeps its own (an import never moves
/// an alert into or out of the sheet sync's care).
/// </summary>
public sealed class SignalImporter(ISignalStore store, SignalIntake intake)
{
    /// <param name="source">Of the alerts created from rows without a <c>source</c>.</param>
    public Task<ImportReport> ImportAsync(IReadOnlyList<SignalRow> rows, SignalSource source, CancellationToken ct) => ImportAsync(rows, source, owner: null, ct);

    /// <param name="source">Of the alerts created from rows without a <c>source</c>.</param>
    /// <param name="owner">
    /// The account of the rows whose <c>owner</c> cell is empty (<c>signals import --owner</c>); null: such a row's new alert
    /// is the first admin's, and an alert it updates keeps its owner.
    /// </param>
    public async Task<ImportReport> ImportAsync(IReadOnlyList<SignalRow> rows, SignalSource source, string? owner, CancellationToken ct)
    {
        var byId = new Dictionary<string, Signal>(StringComparer.Ordinal);
        await foreach (var existing in store.ListAsync(ct))
            byId[existing.Id] = existing;

        var byKey = byId.Values.GroupBy(NaturalKey).ToDictionary(g => g.Key, g => g.First());
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        int added = 0, updated = 0, unchanged = 0;
        var invalid = new List<RowError>();
        var warnings = new List<RowError>();

        foreach (var given in rows)
        {
            var row = owner is not null && string.IsNullOrWhiteSpace(given.Draft.Owner) ? given with { Draft = given.Draft with { Owner = owner } } : given;
            var errors = new List<RowError>();
            var (rowSource, sheetKey) = Origin(row, source, errors);
            Signal? candidate = null;
            try
            {
                var intook = await intake.CreateAsync(row.Draft, rowSource, PastExpiry.Expired, ct);
                candidate = intook.Signal with { SheetKey = sheetKey };
                warnings.AddRange(intook.Warnings.Select(w => new RowError(row.Number, "symbol", w)));
            }
            catch (SignalValidationException e)
            {
                errors.AddRange(e.Errors.Select(error => new RowError(row.Number, error.Field, error.Message)));
            }

            if (errors.Count > 0 || candidate is null)
            {
                invalid.AddRange(errors);
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
                candidate = Restored(candidate, row, warnings);
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

    /// <summary>
    /// A new alert keeps where its exported row says it stood: one that fired once, was paused by flap protection or was
    /// waiting to re-arm comes back so, not armed afresh, which would tell again a crossing that was told before.
    /// </summary>
    private static Signal Restored(Signal candidate, SignalRow row, List<RowError> warnings)
    {
        var text = row.Status?.Trim();
        if (string.IsNullOrEmpty(text) || candidate.Status == SignalStatus.Expired)
            return candidate;
        if (!WireNames.TryParseStatus(text, out var status))
        {
            warnings.Add(new RowError(row.Number, "status", $"'{text}' is not one of {WireNames.Choices<SignalStatus>(WireNames.ToWire)}; the alert starts as a new one"));
            return candidate;
        }

        return status is SignalStatus.Triggered or SignalStatus.Paused ? candidate with { Status = status, ArmedAt = null }
            : status == SignalStatus.Waiting ? candidate with { Status = status }
            : candidate;
    }

    /// <summary>
    /// The row's <c>source</c> (<paramref name="fallback"/> when it has none) and <c>sheet_key</c>: an alert of the sheet
    /// sync needs the key the sync finds its row by, and no other alert has one.
    /// </summary>
    private static (SignalSource Source, string? SheetKey) Origin(SignalRow row, SignalSource fallback, List<RowError> errors)
    {
        var source = fallback;
        var text = row.Source?.Trim();
        if (!string.IsNullOrEmpty(text) && !WireNames.TryParseSource(text, out source))
        {
            errors.Add(new RowError(row.Number, "source", $"must be one of {WireNames.Choices<SignalSource>(WireNames.ToWire)} (got '{text}')"));
            return (fallback, null);
        }

        var key = string.IsNullOrWhiteSpace(row.SheetKey) ? null : row.SheetKey.Trim();
        if (source == SignalSource.Sheets && key is null)
            errors.Add(new RowError(row.Number, "sheet_key", "is required for an alert of source sheets: the key by which the Google Sheets sync finds its row (signals export writes it)"));
        else if (source != SignalSource.Sheets && key is not null)
            errors.Add(new RowError(row.Number, "sheet_key", $"is only for alerts of source sheets, not {source.ToWire()}"));

        return (source, key);
    }

    /// <summary>Decimal equality ignores scale, so 65000.5 and 65000.50 are the same target.</summary>
    private static (ExchangeId, string, Condition, decimal?, SignalRule, string?) NaturalKey(Signal s) =>
        (s.Exchange, s.Symbol, s.Condition, s.TargetPrice, s.Rule, s.UserId);
}
