using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TradingAlerts.Core.Prices;
using TradingAlerts.Core.Signals;
using TradingAlerts.Web.Views;

namespace TradingAlerts.Web.Pages;

/// <summary>
/// The alerts the viewer may see (a member's own; an admin's every one, by owner if asked), with their current price and
/// distance to target; filtered by status and exchange.
/// </summary>
public sealed class IndexModel(OwnedSignals owned, CurrentPrices prices, PriceCheck check) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Exchange { get; set; }

    /// <summary>An admin's owner filter (accounts mode).</summary>
    [BindProperty(SupportsGet = true)]
    public string? Owner { get; set; }

    public Viewer Viewer => Viewer.Of(HttpContext);

    public IReadOnlyList<AlertLine> Lines { get; private set; } = [];

    public IReadOnlyList<ExchangeId> Exchanges => check.Exchanges;

    /// <summary>This page's filter as the API's query ("?status=pending"), for the live refresh.</summary>
    public string RefreshQuery => QueryString.Create(
        new[] { ("status", Status), ("exchange", Exchange), ("owner", Owner) }
            .Where(p => !string.IsNullOrEmpty(p.Item2))
            .Select(p => new KeyValuePair<string, string?>(p.Item1, p.Item2))).ToString();

    public async Task OnGetAsync(CancellationToken ct)
    {
        SignalStatus? status = WireNames.TryParseStatus(Status, out var s) ? s : null;
        ExchangeId? exchange = WireNames.TryParseExchange(Exchange, out var e) ? e : null;
        var signals = await owned.ListAsync(Viewer, Owner, s => (status is null || s.Status == status) && (exchange is null || s.Exchange == exchange), ct);
        Lines = await prices.ForAsync(signals, ct);
    }

    /// <summary>The active toggle: enables or disables the alert, then back to the list as it was filtered.</summary>
    public async Task<IActionResult> OnPostActiveAsync(string id, bool active, CancellationToken ct)
    {
        TempData["Notice"] = await owned.SetActiveAsync(Viewer, id, active, ct) == ActiveChange.NotFound
            ? $"No alert with id '{id}' (deleted meanwhile?)."
            : $"Alert {id} {(active ? "enabled" : "disabled")}.";
        return RedirectToPage(new { Status, Exchange, Owner });
    }
}
