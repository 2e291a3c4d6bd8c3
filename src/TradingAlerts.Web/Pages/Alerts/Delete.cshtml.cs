using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TradingAlerts.Core.Signals;

namespace TradingAlerts.Web.Pages.Alerts;

/// <summary>Delete, after a confirmation; the firing history is kept, as with <c>signals remove</c>.</summary>
public sealed class DeleteModel(OwnedSignals owned) : PageModel
{
    public Signal Signal { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        if (await owned.FindAsync(Viewer.Of(HttpContext), id, ct) is not { } signal)
            return NotFound();

        Signal = signal;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id, CancellationToken ct)
    {
        TempData["Notice"] = await owned.RemoveAsync(Viewer.Of(HttpContext), id, ct) is { } signal
            ? $"Deleted alert {signal.Name} ({id})."
            : $"No alert with id '{id}' (already deleted?).";
        return Redirect("/");
    }
}
