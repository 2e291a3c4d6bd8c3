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

    [BindProperty(Name = "low")]
    public string? Low { get; set; }

    [BindProperty(Name = "high")]
    public string? High { get; set; }

    [BindProperty(Name = "pct")]
    public string? Pct { get; set; }

    [BindProperty(Name = "window")]
    public string? Window { get; set; }

    [BindProperty(Name = "direction")]
    public string? Direction { get; set; }

    [BindProperty(Name = "frequency")]
    public string? Frequency { get; set; }

    [BindProperty(Name = "hysteresis")]
    public string? Hysteresis { get; set; }

    [BindProperty(Name = "cooldown")]
    public string? Cooldown { get; set; }

    [BindProperty(Name = "channels")]
    public string? Channels { get; set; }

    [BindProperty(Name = "urgent")]
    public string? Urgent { get; set; }

    [BindProperty(Name = "template")]
    public string? Template { get; set; }

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
                UserId = UserId, Notes = Notes, ExpiresAt = ExpiresAt, Low = Low, High = High, Pct = Pct, Window = Window,
                Direction = Condition == "pct_move" ? Direction : null, Frequency = Frequency, Hysteresis = Hysteresis,
                Cooldown = Cooldown, Channels = Channels, Urgent = Urgent, Template = Template,
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
