using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TradingAlerts.Core.Prices;
using TradingAlerts.Core.Signals;

namespace TradingAlerts.Web.Pages.Alerts;

/// <summary>
/// A new alert, validated exactly like <c>signals add</c> (Core's <see cref="SignalIntake"/>): each message next to
/// its field, the values kept.
/// </summary>
public sealed class CreateModel(SignalIntake intake, ISignalStore store, PriceCheck check) : PageModel
{
    [BindProperty(Name = "name")]
    public string? Name { get; set; }

    [BindProperty(Name = "exchange")]
    public string? Exchange { get; set; }

    [BindProperty(Name = "symbol")]
    public string? Symbol { get; set; }

    [BindProperty(Name = "condition")]
    public string? Condition { get; set; }

    [BindProperty(Name = "target_price")]
    public string? TargetPrice { get; set; }

    [BindProperty(Name = "user_id")]
    public string? UserId { get; set; }

    [BindProperty(Name = "notes")]
    public string? Notes { get; set; }

    [BindProperty(Name = "expires_at")]
    public string? ExpiresAt { get; set; }

    /// <summary>Messages by the data model's field name.</summary>
    public Dictionary<string, string> Errors { get; } = [];

    public IReadOnlyList<ExchangeId> Exchanges => check.Exchanges;

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        try
        {
            var draft = new SignalDraft
            {
                Name = Name, Exchange = Exchange, Symbol = Symbol, Condition = Condition, TargetPrice = TargetPrice,
                UserId = UserId, Notes = Notes, ExpiresAt = ExpiresAt,
            };
            var (signal, warnings) = await intake.CreateAsync(draft, SignalSource.Ui, ct);
            await store.AddAsync(signal, ct);
            TempData["Notice"] = string.Join(' ', new[] { $"Created alert {signal.Name}." }.Concat(warnings.Select(w => $"Warning: {w}.")));
            return Redirect($"/alerts/{signal.Id}");
        }
        catch (SignalValidationException e)
        {
            foreach (var error in e.Errors)
                Errors[error.Field] = Errors.TryGetValue(error.Field, out var earlier) ? $"{earlier}; {error.Message}" : error.Message;
            return Page();
        }
    }
}
