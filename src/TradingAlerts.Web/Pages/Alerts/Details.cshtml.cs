using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TradingAlerts.Core.Prices;
using TradingAlerts.Core.Signals;
using TradingAlerts.Web.Views;

namespace TradingAlerts.Web.Pages.Alerts;

/// <summary>One alert: its settings, its firings with their delivery, and the last hour's price with the target as a line.</summary>
public sealed class DetailsModel(ISignalStore store, IDeliveryStore firings, IReadOnlyList<ICandleSource> candles, PriceCheck check, Acknowledgements acknowledgements, TimeProvider clock) : PageModel
{
    public static readonly TimeSpan ChartSpan = TimeSpan.FromHours(1);

    public Signal Signal { get; private set; } = null!;

    public IReadOnlyList<Delivery> Firings { get; private set; } = [];

    /// <summary>For the urgent deliveries: whether someone acknowledged them, by receipt.</summary>
    public Dictionary<string, string> Acknowledged { get; } = [];

    public PriceChart? Chart { get; private set; }

    /// <summary>Why there is no chart, when there is none.</summary>
    public string? ChartMissing { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        if (await store.GetAsync(id, ct) is not { } signal)
            return NotFound();

        Signal = Shown.Signal(signal);
        Firings = (await firings.ListDeliveriesAsync(id, ct)).Select(Shown.Delivery).ToList();
        foreach (var receipt in Firings.Select(f => f.Receipt).OfType<string>().Distinct())
            Acknowledged[receipt] = await acknowledgements.DescribeAsync(receipt, ct);
        await DrawChartAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostActiveAsync(string id, bool active, CancellationToken ct)
    {
        var (change, _) = await store.SetActiveAsync(id, active, clock, ct);
        if (change == ActiveChange.NotFound)
            return NotFound();

        TempData["Notice"] = $"Alert {(active ? "enabled" : "disabled")}.";
        return Redirect($"/alerts/{id}");
    }

    private async Task DrawChartAsync(CancellationToken ct)
    {
        var source = candles.FirstOrDefault(c => c.Exchange == Signal.Exchange);
        if (source is null || Signal.Base.Length == 0)
        {
            ChartMissing = $"{Signal.Exchange.ToWire()} has no candles here";
            return;
        }

        var now = clock.GetUtcNow();
        try
        {
            var recent = await source.GetMinuteCandlesAsync(check.SymbolFor(Signal.Exchange, new Pair(Signal.Base, Signal.Quote)), now - ChartSpan, now, ct);
            Chart = PriceChart.Of(recent, PriceChart.LevelsOf(Signal));
            ChartMissing = Chart is null ? $"{Signal.Exchange.ToWire()} has no candles for {Signal.Symbol} in the last hour" : null;
        }
        catch (ExchangeUnavailableException e)
        {
            ChartMissing = e.Message;
        }
    }
}
