using Microsoft.AspNetCore.Http;
using TradingAlerts.Core.Accounts;
using TradingAlerts.Core.Prices;
using TradingAlerts.Core.Signals;
using TradingAlerts.Web.Security;

namespace TradingAlerts.Web;

/// <summary>
/// Who is asking, for what they may see: in accounts mode the signed-in account (a member sees only the alerts they
/// own; an admin every one); without accounts the one identity, which sees everything as before.
/// </summary>
/// <param name="Name">The account's name; null without accounts.</param>
public sealed record Viewer(string? Name, bool IsAdmin)
{
    public static readonly Viewer Everyone = new(null, IsAdmin: true);

    /// <summary>In accounts mode before sign-in (the sign-in page): nothing to see.</summary>
    public static readonly Viewer Nobody = new(null, IsAdmin: false);

    public static Viewer Of(HttpContext context) =>
        !AccountsMode.IsOn(context) ? Everyone
        : context.User.Identity?.Name is { } name ? new Viewer(name, context.User.IsInRole(AccountRole.Admin.ToWire()))
        : Nobody;

    /// <summary>True with accounts: the owner filter and the owner's name are shown.</summary>
    public bool IsAccount => Name is not null;

    public bool MaySee(Signal signal) => IsAdmin || (Name is not null && signal.Owner == Name);
}

/// <summary>The alerts as the viewer may see them: another member's alert is not there at all (404, not 403).</summary>
public sealed class OwnedSignals(ISignalStore store, TimeProvider clock)
{
    public async Task<Signal?> FindAsync(Viewer viewer, string id, CancellationToken ct) =>
        await store.GetAsync(id, ct) is { } signal && viewer.MaySee(signal) ? signal : null;

    /// <summary>The toggle: enables or disables the alert when the viewer may see it (else <see cref="ActiveChange.NotFound"/>).</summary>
    public async Task<ActiveChange> SetActiveAsync(Viewer viewer, string id, bool active, CancellationToken ct) =>
        await FindAsync(viewer, id, ct) is null ? ActiveChange.NotFound : (await store.SetActiveAsync(id, active, clock, ct)).Change;

    /// <summary>Deletes the alert when the viewer may see it; the alert deleted, or null when there was none to delete.</summary>
    public async Task<Signal?> RemoveAsync(Viewer viewer, string id, CancellationToken ct) =>
        await FindAsync(viewer, id, ct) is { } signal && await store.RemoveAsync(id, ct) ? signal : null;

    /// <summary>The viewer's alerts (of <paramref name="owner"/> when given) that <paramref name="wanted"/> takes, oldest first, as shown.</summary>
    public async Task<List<Signal>> ListAsync(Viewer viewer, string? owner, Func<Signal, bool> wanted, CancellationToken ct)
    {
        var signals = new List<Signal>();
        await foreach (var signal in store.ListAsync(ct))
        {
            if (Shows(viewer, owner, signal) && wanted(signal))
                signals.Add(Shown.Signal(signal));
        }

        signals.Sort((a, b) => a.CreatedAt.CompareTo(b.CreatedAt));
        return signals;
    }

    /// <summary>
    /// Whose alerts the dashboard and <c>/api/stats</c> count, as the list shows them (a member's own, an admin's of
    /// <paramref name="owner"/> when given): null for everyone's, the figures of alerts since removed included.
    /// </summary>
    public static Func<Signal, bool>? StatsScope(Viewer viewer, string? owner) =>
        viewer.IsAdmin && string.IsNullOrEmpty(owner) ? null : signal => Shows(viewer, owner, signal);

    /// <summary>
    /// The exchanges whose price history of <paramref name="pair"/> the viewer may see (of <paramref name="only"/>
    /// when given): null for an admin, all of them; for a member, those where one of their alerts watches the pair. A
    /// symbol's kept prices, and their high and low (read only for alerts near their level), tell that someone's alert
    /// watches it there, so a member sees only what their own alerts already show on their pages.
    /// </summary>
    public async Task<HashSet<ExchangeId>?> HistoryExchangesAsync(Viewer viewer, Pair pair, ExchangeId? only, PriceCheck check, CancellationToken ct)
    {
        if (viewer.IsAdmin)
            return null;

        var watching = await ListAsync(viewer, owner: null, s => (only is null || s.Exchange == only) && s.Symbol == check.SymbolFor(s.Exchange, pair), ct);
        return [.. watching.Select(s => s.Exchange)];
    }

    private static bool Shows(Viewer viewer, string? owner, Signal signal) =>
        viewer.MaySee(signal) && (string.IsNullOrEmpty(owner) || signal.Owner == owner);

    /// <summary>
    /// Whom the viewer may make an alert's owner (the intake then checks that the account exists): a member,
    /// themselves; an admin, themselves unless they name another account. The refusal says why a named owner cannot be.
    /// </summary>
    public static (string? Owner, string? Refusal) OwnerOfNew(Viewer viewer, string? named)
    {
        if (string.IsNullOrEmpty(named) || named == viewer.Name)
            return (viewer.Name, null);
        if (!viewer.IsAccount)
            return (null, "there are no accounts to own alerts yet (tradingalerts users add)");
        return viewer.IsAdmin ? (named, null) : (null, "a member's alerts are their own; only an admin names another owner");
    }
}
