using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TradingAlerts.Core.Prices;
using TradingAlerts.Core.Signals;
using TradingAlerts.Web.Views;

namespace TradingAlerts.Web.Pages.Alerts;

/// <summary>
/// One alert: its settings, a candlestick chart of its symbol over 1 h, 24 h or 7 d (the candle cache's candles, the
/// prices the checks kept, its levels and its firings), and its firings with their delivery.
/// </summary>
public sealed class DetailsModel(OwnedSignals owned, IDeliveryStore firings, RecentPrices recent, PriceCheck check, Acknowledgements acknowledgements) : PageModel
{
    public Signal Signal { get; private set; } = null!;

    public IReadOnlyList<Delivery> Firings { get; private set; } = [];

    /// <summary>For the urgent deliveries: whether someone acknowledged them, by receipt.</summary>
    public Dictionary<string, string> Acknowledged { get; } = [];

    public ChartRange Range { get; private set; } = ChartRange.Default;

    /// <summary>Set when the query asked for a range there is none of (the default is shown).</summary>
    public string? RangeRefused { get; private set; }

    public RangePrices Prices { get; private set; } = null!;

    public PriceChart? Chart { get; private set; }

    /// <summary>The alert's firings (one per firing, not per channel) in the chart's period.</summary>
    public IReadOnlyList<ChartFiring> ChartFirings { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string id, string? range, CancellationToken ct)
    {
        if (await owned.FindAsync(Viewer.Of(HttpContext), id, ct) is not { } signal)
            return NotFound();

        Signal = Shown.Signal(signal);
        Firings = (await firings.ListDeliveriesAsync(id, ct)).Select(Shown.Delivery).ToList();
        foreach (var receipt in Firings.Select(f => f.Receipt).OfType<string>().Distinct())
            Acknowledged[receipt] = await acknowledgements.DescribeAsync(receipt, ct);

        Range = ChartRange.Named(range) ?? ChartRange.Default;
        if (range is not null && ChartRange.Named(range) is null)
            RangeRefused = $"There is no range '{range}' (only {string.Join(", ", ChartRange.All.Select(r => r.Name))}); showing {Range.Label}.";

        var symbol = Signal.Base.Length > 0 ? check.SymbolFor(Signal.Exchange, new Pair(Signal.Base, Signal.Quote)) : Signal.Symbol;
        Prices = await recent.ForAsync(Signal.Exchange, symbol, Range, ct);
        // A firing has a delivery per channel, all of its cycle.
        ChartFirings = Firings.GroupBy(f => f.CycleId)
            .Select(g => g.First())
            .Where(f => f.FiredAt >= Prices.From && f.FiredAt <= Prices.To)
            .OrderBy(f => f.FiredAt)
            .Select(f => new ChartFiring(f.FiredAt, f.Price, Wick: false, $"Fired {Format.Time(f.FiredAt)} at {Format.Money(f.Price)} ({f.PriceExchange.ToWire()})"))
            .ToList();
        Chart = PriceChart.Of((Prices.From, Prices.To), Range.Bucket, Prices.Candles, Prices.Seen, PriceChart.LevelsOf(Signal), ChartFirings);
        return Page();
    }

    public async Task<IActionResult> OnPostActiveAsync(string id, bool active, CancellationToken ct)
    {
        if (await owned.SetActiveAsync(Viewer.Of(HttpContext), id, active, ct) == ActiveChange.NotFound)
            return NotFound();

        TempData["Notice"] = $"Alert {(active ? "enabled" : "disabled")}.";
        return Redirect($"/alerts/{id}");
    }
}
