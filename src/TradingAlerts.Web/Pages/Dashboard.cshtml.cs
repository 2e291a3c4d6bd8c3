using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TradingAlerts.Core.Analytics;
using TradingAlerts.Web.Views;

namespace TradingAlerts.Web.Pages;

/// <summary>
/// The dashboard: what fired, what was delivered and how healthy the monitor was, like <c>tradingalerts stats</c>.
/// With accounts a member sees their own alerts' figures, an admin everyone's or one owner's (<c>?owner=</c>).
/// </summary>
public sealed class DashboardModel(StatsReport report) : PageModel
{
    /// <summary>The periods the page offers; <c>?since=</c> takes any the CLI takes.</summary>
    public static readonly IReadOnlyList<string> Periods = ["24h", "7d", "30d", "90d"];

    [BindProperty(SupportsGet = true, Name = "since")]
    public string Since { get; set; } = StatsReport.DefaultPeriod;

    /// <summary>An admin's owner filter (accounts mode), as the alerts list takes it.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Owner { get; set; }

    public Viewer Viewer => Viewer.Of(HttpContext);

    public string? Error { get; private set; }

    public PeriodStats? Stats { get; private set; }

    public DayChart? Chart { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (!StatsReport.TryParsePeriod(Since, out var period, out var error))
        {
            Error = $"since {error}";
            return;
        }

        Stats = await report.ForAsync(period, OwnedSignals.StatsScope(Viewer, Owner), ct);
        Chart = DayChart.Of(Stats);
    }
}
