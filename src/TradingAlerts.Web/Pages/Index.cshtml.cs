using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TradingAlerts.Core.Prices;
using TradingAlerts.Core.Signals;
using TradingAlerts.Web.Views;

namespace TradingAlerts.Web.Pages;

/// <summary>The alerts, with their current price and distance to target; filtered by status and exchange.</summary>
public sealed class IndexModel(ISignalStore store, CurrentPrices prices, PriceCheck check, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Exchange { get; set; }

    public IReadOnlyList<AlertLine> Lines { get; private set; } = [];

    public IReadOnlyList<ExchangeId> Exchanges => check.Exchanges;

    /// <summary>This page's filter as the API's query ("?status=pending"), for the live refresh.</summary>
    public string RefreshQuery => QueryString.Create(
        new[] { ("status", Status), ("exchange", Exchange) }
            .Where(p => !string.IsNullOrEmpty(p.Item2))
            .Select(p => new KeyValuePair<string, string?>(p.Item1, p.Item2))).ToString();

    public async Task OnGetAsync(CancellationToken ct)
    {
        SignalStatus? status = WireNames.TryParseStatus(Status, out var s) ? s : null;
        ExchangeId? exchange = WireNames.TryParseExchange(Exchange, out var e) ? e : null;
        var signals = new List<Signal>();
        await foreach (var signal in store.ListAsync(ct))
        {
            if ((status is null || signal.Status == status) && (exchange is null || signal.Exchange == exchange))
                signals.Add(Shown.Signal(signal));
        }

        signals.Sort((a, b) => a.CreatedAt.CompareTo(b.CreatedAt));
        Lines = await prices.ForAsync(signals, ct);
    }

    /// <summary>The active toggle: enables or disables the alert, then back to the list as it was filtered.</summary>
    public async Task<IActionResult> OnPostActiveAsync(string id, bool active, CancellationToken ct)
    {
        var (change, _) = await store.SetActiveAsync(id, active, clock, ct);
        TempData["Notice"] = change == ActiveChange.NotFound
            ? $"No alert with id '{id}' (deleted meanwhile?)."
            : $"Alert {id} {(active ? "enabled" : "disabled")}.";
        return RedirectToPage(new { Status, Exchange });
    }
}
