using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using TradingAlerts.Core.Notifications;
using TradingAlerts.Core.Signals;
using TradingAlerts.Core.Transfer;

namespace TradingAlerts.Core.Sheets;

/// <summary>
/// The sheet brought into the store. One read of the sheet; every row validated as <c>signals add</c> would
/// (<see cref="SignalIntake"/>); then only what changed is written:
/// <list type="bullet">
/// <item><description>a row finds its alert by its <see cref="SheetKeys">sheet key</see> among the alerts the sync
/// manages (<c>source</c> = <c>sheets</c>); a new row adds one, an edited row updates it in place (its id, status,
/// <c>triggered_count</c> and history are kept), an unchanged row writes nothing;</description></item>
/// <item><description>an alert of the sync whose row is gone is deactivated, never deleted (a row that comes back
/// re-activates it). While some invalid row cannot be told apart (no readable id), no alert is deactivated: a typo
/// never switches an alert off;</description></item>
/// <item><description>alerts created in the UI or CLI are never touched: a row whose id names one is
/// invalid;</description></item>
/// <item><description>two rows with the same key (or naming the same alert) are reported: the first is synced, the
/// other is invalid;</description></item>
/// <item><description>invalid rows are reported with their sheet row number, column and reason; the others still
/// sync;</description></item>
/// <item><description>a row's <c>owner</c> cell names the account its alert belongs to (an unknown one makes the row
/// invalid); a row without one is <see cref="Owner"/>'s, or the first admin's.</description></item>
/// </list>
/// </summary>
public sealed class SheetSyncService(ISheetSource sheet, ISignalStore store, SignalIntake intake, ILogger<SheetSyncService> logger) : ISheetSync
{
    /// <summary>The account of the rows without an <c>owner</c> cell (GOOGLE_SHEET_OWNER); null: the first admin.</summary>
    public string? Owner { get; init; }

    /// <summary>Store writes in flight at once: enough to hide a remote store's latency, few enough for SQLite's one writer.</summary>
    private const int ParallelWrites = 8;

    private const int ProgressEvery = 250;

    public async Task<SheetSyncReport> SyncAsync(SheetSyncOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Progress?.Report(new SheetSyncProgress("reading the sheet", 0, 0));
        var table = await sheet.ReadAsync(ct);
        IReadOnlyList<SignalRow> rows;
        try
        {
            rows = SignalColumns.FromTable(table.Header, table.Rows.Select(r => (r.Number, r.Cells)));
        }
        catch (FormatException e)
        {
            throw new SheetUnavailableException($"the sheet's first row ({table.Range}) must name the columns: {e.Message}", e);
        }

        var plan = await PlanAsync(rows, options.Progress, ct);
        if (options.DryRun)
            return plan.Report(dryRun: true);

        await ApplyAsync(plan, options.Progress, ct);
        if (sheet.WritesStatus)
            await WriteStatusAsync(table, plan, options.Progress, ct);

        var report = plan.Report(dryRun: false);
        logger.LogInformation(
            "Sheets sync: {Added} added, {Updated} updated, {Deactivated} deactivated, {Unchanged} unchanged, {Invalid} invalid rows",
            report.Added,
            report.Updated,
            report.Deactivated,
            report.Unchanged,
            report.Invalid.Select(e => e.Row).Distinct().Count());
        return report;
    }

    private async Task<SyncPlan> PlanAsync(IReadOnlyList<SignalRow> rows, IProgress<SheetSyncProgress>? progress, CancellationToken ct)
    {
        var plan = new SyncPlan();

        // Asked once, not per row: a row without an owner cell is the sheet's owner's, and says so to the intake.
        var sheetOwner = Owner ?? await intake.DefaultOwnerAsync(ct);
        var byId = new Dictionary<string, Signal>(StringComparer.Ordinal);
        var byKey = new Dictionary<string, Signal>(StringComparer.Ordinal);
        await foreach (var existing in store.ListAsync(ct))
        {
            byId[existing.Id] = existing;
            if (existing is { Source: SignalSource.Sheets, SheetKey: { } key })
                byKey.TryAdd(key, existing);
        }

        var rowOfKey = new Dictionary<string, int>(StringComparer.Ordinal);
        var rowOfAlert = new Dictionary<string, int>(StringComparer.Ordinal);
        var keptAsTheyAre = new HashSet<string>(StringComparer.Ordinal);
        var unmatchedInvalidRows = new List<int>();
        for (var i = 0; i < rows.Count; i++)
        {
            if (i % ProgressEvery == 0)
                progress?.Report(new SheetSyncProgress("checking rows", i, rows.Count));

            var row = string.IsNullOrWhiteSpace(rows[i].Draft.Owner) && sheetOwner is not null ? rows[i] with { Draft = rows[i].Draft with { Owner = sheetOwner } } : rows[i];
            var rowId = string.IsNullOrWhiteSpace(row.Draft.Id) ? null : row.Draft.Id.Trim();
            Signal candidate;
            try
            {
                var intook = await intake.CreateAsync(row.Draft, SignalSource.Sheets, ct);
                candidate = intook.Signal;
                plan.Warnings.AddRange(intook.Warnings.Select(w => new RowError(row.Number, "symbol", w)));
            }
            catch (SignalValidationException e)
            {
                plan.Invalid(row.Number, e.Errors.Select(error => new RowError(row.Number, SignalColumns.ColumnOf(error.Field), error.Message)));
                if (rowId is null)
                    unmatchedInvalidRows.Add(row.Number);
                else
                    keptAsTheyAre.Add(rowId);
                continue;
            }

            var key = SheetKeys.ForRow(candidate, rowId is not null);
            var match = byKey.GetValueOrDefault(key) ?? (rowId is null ? null : byId.GetValueOrDefault(candidate.Id));
            if (match is { Source: not SignalSource.Sheets })
            {
                plan.Invalid(row.Number, [new RowError(row.Number, "id", $"alert {match.Id} was created in the {match.Source.ToWire()}; the sync never changes alerts made in the UI or CLI")]);
                continue;
            }

            var identity = match?.Id ?? candidate.Id;
            if (rowOfKey.TryGetValue(key, out var first) || rowOfAlert.TryGetValue(identity, out first))
            {
                var why = rowId is null ? "the same exchange, symbol, condition, target_price and pushover_user_key" : $"the same id {rowId}";
                plan.Invalid(row.Number, [new RowError(row.Number, rowId is null ? "symbol" : "id", $"describes the same alert as row {first} ({why}); only row {first} was synced")]);
                continue;
            }

            rowOfKey[key] = row.Number;
            rowOfAlert[identity] = row.Number;
            plan.Synced(row.Number);
            if (match is null)
            {
                var added = candidate with { SheetKey = key };
                plan.Writes.Add(new PlannedWrite(new SheetChange(SheetChangeKind.Added, row.Number, added.Id, Describe(added)), added));
                continue;
            }

            var edited = match.WithRowValues(candidate, row.Draft) with { SheetKey = key };
            if (edited == match)
                plan.Unchanged++;
            else
                plan.Writes.Add(new PlannedWrite(new SheetChange(SheetChangeKind.Updated, row.Number, match.Id, $"{Describe(edited)}: {Differences(match, edited)}"), edited));
        }

        progress?.Report(new SheetSyncProgress("checking rows", rows.Count, rows.Count));
        var gone = byKey.Values
            .Where(s => s.Active && !rowOfAlert.ContainsKey(s.Id) && !keptAsTheyAre.Contains(s.Id))
            .ToList();
        if (gone.Count > 0 && unmatchedInvalidRows.Count > 0)
        {
            plan.Remarks.Add(
                $"{gone.Count} alert(s) whose rows are no longer in the sheet were not deactivated: invalid row(s) {string.Join(", ", unmatchedInvalidRows)} " +
                "have no id, so they may be those alerts; fix them (or give the rows an id) and sync again");
        }
        else
        {
            foreach (var signal in gone)
                plan.Writes.Add(new PlannedWrite(new SheetChange(SheetChangeKind.Deactivated, null, signal.Id, $"{Describe(signal)}: its row is no longer in the sheet"), signal with { Active = false }));
        }

        return plan;
    }

    private async Task ApplyAsync(SyncPlan plan, IProgress<SheetSyncProgress>? progress, CancellationToken ct)
    {
        var done = 0;
        progress?.Report(new SheetSyncProgress("writing changes", 0, plan.Writes.Count));
        var failed = new ConcurrentBag<(PlannedWrite Write, string Reason)>();
        await Parallel.ForEachAsync(plan.Writes, new ParallelOptions { MaxDegreeOfParallelism = ParallelWrites, CancellationToken = ct }, async (write, token) =>
        {
            if (await TryWriteAsync(write, token) is { } reason)
                failed.Add((write, reason));

            var count = Interlocked.Increment(ref done);
            if (count % ProgressEvery == 0)
                progress?.Report(new SheetSyncProgress("writing changes", count, plan.Writes.Count));
        });

        foreach (var (write, reason) in failed)
        {
            plan.Writes.Remove(write);
            if (write.Change.Row is { } row)
                plan.Invalid(row, [new RowError(row, "id", reason)]);
            else
                plan.Remarks.Add($"alert {write.Change.SignalId} was not deactivated: {reason}");
        }
    }

    /// <summary>Null when written; otherwise why not (the store refused: someone else wrote first, or the id is taken).</summary>
    private async Task<string?> TryWriteAsync(PlannedWrite write, CancellationToken ct)
    {
        if (write.Change.Kind == SheetChangeKind.Added)
        {
            try
            {
                await store.AddAsync(write.Signal, ct);
                return null;
            }
            catch (DuplicateSignalException e)
            {
                return $"{e.Message} (created while the sync ran); sync again";
            }
        }

        return await store.UpdateAsync(write.Signal, ct) ? null : $"alert {write.Signal.Id} was changed by someone else while the sync ran; sync again";
    }

    private async Task WriteStatusAsync(SheetTable table, SyncPlan plan, IProgress<SheetSyncProgress>? progress, CancellationToken ct)
    {
        progress?.Report(new SheetSyncProgress("writing the status column", 0, 1));
        var statuses = new Dictionary<int, string>();
        foreach (var row in plan.SyncedRows)
            statuses[row] = "OK";
        foreach (var group in plan.InvalidRows.GroupBy(e => e.Row))
            statuses[group.Key] = "ERROR: " + string.Join("; ", group.Select(e => $"{e.Field}: {e.Message}"));

        try
        {
            await sheet.WriteStatusAsync(table, statuses, ct);
        }
        catch (SheetUnavailableException e)
        {
            plan.Remarks.Add($"the status column was not written: {e.Message}");
        }

        progress?.Report(new SheetSyncProgress("writing the status column", 1, 1));
    }

    private static string Describe(Signal s) => $"{s.Name} ({s.Exchange.ToWire()} {s.Symbol} {ConditionText.Describe(s)})";

    private static string Differences(Signal before, Signal after)
    {
        var changed = new List<string>();
        void Check<T>(string column, T was, T now, Func<T, string?> show)
        {
            if (!EqualityComparer<T>.Default.Equals(was, now))
                changed.Add($"{column} {show(was) ?? "(empty)"} → {show(now) ?? "(empty)"}");
        }

        Check("name", before.Name, after.Name, v => v);
        Check("exchange", before.Exchange, after.Exchange, v => v.ToWire());
        Check("symbol", before.Symbol, after.Symbol, v => v);
        Check("condition", before.Condition, after.Condition, v => v.ToWire());
        Check("target_price", before.TargetPrice, after.TargetPrice, v => v is { } price ? PriceText.Format(price) : null);
        Check("condition settings", before.Rule, after.Rule, v => v == SignalRule.Default ? "default" : v.ToJson());
        Check("active", before.Active, after.Active, v => v ? "TRUE" : "FALSE");
        if (before.UserId != after.UserId)
            changed.Add("pushover_user_key changed");
        Check("notes", before.Notes, after.Notes, v => v);
        Check("expires_at", before.ExpiresAt, after.ExpiresAt, v => v?.UtcDateTime.ToString("u", System.Globalization.CultureInfo.InvariantCulture));
        Check("owner", before.Owner, after.Owner, v => v);
        if (before.SheetKey != after.SheetKey && changed.Count == 0)
            changed.Add("now matched by its id");
        return string.Join(", ", changed);
    }

    private sealed record PlannedWrite(SheetChange Change, Signal Signal);

    /// <summary>What one sync found and means to do; the report is built from it, before or after the writes.</summary>
    private sealed class SyncPlan
    {
        public List<PlannedWrite> Writes { get; } = [];
        public List<RowError> InvalidRows { get; } = [];
        public List<RowError> Warnings { get; } = [];
        public List<string> Remarks { get; } = [];
        public HashSet<int> SyncedRows { get; } = [];
        public int Unchanged { get; set; }

        public void Synced(int row) => SyncedRows.Add(row);

        public void Invalid(int row, IEnumerable<RowError> errors)
        {
            SyncedRows.Remove(row);
            InvalidRows.AddRange(errors);
        }

        public SheetSyncReport Report(bool dryRun) => new(
            dryRun,
            Unchanged,
            Writes.Select(w => w.Change).OrderBy(c => c.Kind).ThenBy(c => c.Row ?? int.MaxValue).ThenBy(c => c.SignalId, StringComparer.Ordinal).ToList(),
            InvalidRows.OrderBy(e => e.Row).ToList(),
            Warnings.OrderBy(e => e.Row).ToList())
        {
            Remarks = Remarks.ToList(),
        };
    }
}
