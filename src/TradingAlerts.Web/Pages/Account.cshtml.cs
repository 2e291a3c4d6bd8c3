using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TradingAlerts.Core.Accounts;
using TradingAlerts.Web.Views;

namespace TradingAlerts.Web.Pages;

/// <summary>
/// The signed-in account: who they are, and their second factor. Enrolling shows a new key as a QR code and as text;
/// it is kept only once the app's code for it is entered (the key rides in the form meanwhile, as the QR code shows it
/// anyway), so a failed scan locks nobody out. Without accounts there is no account to show.
/// </summary>
public sealed class AccountModel(IAccountStore accounts, TeamAccounts team) : PageModel
{
    public Account Account { get; private set; } = null!;

    /// <summary>The key being enrolled, while its code is awaited.</summary>
    public TotpEnrolment? Enrolment { get; private set; }

    public string? QrCode { get; private set; }

    public string? Error { get; private set; }

    [BindProperty]
    public string? Secret { get; set; }

    [BindProperty]
    public string? Code { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) =>
        await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostEnrolAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
            return NotFound();
        Show(TotpCodes.Enrol(Account.Name));
        return Page();
    }

    public async Task<IActionResult> OnPostConfirmAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
            return NotFound();
        try
        {
            await team.ConfirmTotpAsync(Account.Name, Secret ?? string.Empty, Code, ct);
        }
        catch (AccountException e) when (e.Refusal == AccountRefusal.BadCode)
        {
            Error = e.Message;
            Show(TotpCodes.IsSecret(Secret) ? TotpCodes.For(Account.Name, Secret!) : TotpCodes.Enrol(Account.Name));
            return Page();
        }

        TempData["Notice"] = "Second factor enrolled: signing in now also asks for the code your app shows.";
        return Redirect("/account");
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        if (Viewer.Of(HttpContext).Name is not { } name || await accounts.GetAccountAsync(name, ct) is not { } account)
            return false;
        Account = account;
        return true;
    }

    private void Show(TotpEnrolment enrolment)
    {
        Enrolment = enrolment;
        QrCode = QrCodeSvg.Of(enrolment.Uri, $"QR code of the second factor's key for {Account.Name}");
    }
}
