using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TradingAlerts.Core.Configuration;
using TradingAlerts.Core.Sheets;
using TradingAlerts.Web.Security;

namespace TradingAlerts.Web.Pages;

/// <summary>Sync from Sheets: runs the sheet sync and shows its summary and the invalid rows with their reasons. It writes every member's rows, so with accounts only admins run it.</summary>
[Authorize(Policy = Access.AdminsOnly)]
public sealed class SyncModel(ISheetSync sync) : PageModel
{
    [BindProperty(Name = "dry_run")]
    public bool DryRun { get; set; }

    public SheetSyncReport? Report { get; private set; }

    /// <summary>How to configure the sync, when it is not.</summary>
    public string? NotConfigured { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        try
        {
            Report = await sync.SyncAsync(new SheetSyncOptions(DryRun), ct);
        }
        catch (ConfigurationException e)
        {
            NotConfigured = e.Message;
        }

        return Page();
    }
}
