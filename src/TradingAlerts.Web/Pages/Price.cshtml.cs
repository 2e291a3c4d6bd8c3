using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TradingAlerts.Core.Prices;
using TradingAlerts.Core.Signals;

namespace TradingAlerts.Web.Pages;

/// <summary>Check price: every exchange's answer side by side, like <c>tradingalerts price</c>.</summary>
public sealed class PriceModel(PriceCheck check) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "symbol")]
    public string? Symbol { get; set; }

    /// <summary>Empty: every exchange; otherwise that one, then its fallbacks until one answers.</summary>
    [BindProperty(SupportsGet = true, Name = "exchange")]
    public string? Exchange { get; set; }

    public PriceComparison? Comparison { get; private set; }

    public Dictionary<string, string> Errors { get; } = [];

    public IReadOnlyList<ExchangeId> Exchanges => check.Exchanges;

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(Symbol))
            return;

        ExchangeId? only = null;
        if (!string.IsNullOrEmpty(Exchange))
        {
            if (!WireNames.TryParseExchange(Exchange, out var parsed))
            {
                Errors["exchange"] = $"must be one of {WireNames.Choices<ExchangeId>(WireNames.ToWire)} (got '{Exchange}')";
                return;
            }

            only = parsed;
        }

        try
        {
            Comparison = await check.CompareAsync(Symbol, only, ct);
        }
        catch (SignalValidationException e)
        {
            foreach (var error in e.Errors)
                Errors[error.Field] = error.Message;
        }
    }
}
