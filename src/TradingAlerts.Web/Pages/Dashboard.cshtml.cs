using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TradingAlerts.Core.Analytics;
using TradingAlerts.Web.Security;
using TradingAlerts.Web.Views;

namespace TradingAlerts.Web.Pages;

/// <summary>
/// The dashboard: what fired, what was delivered and how healthy the monitor was, like <c>tradingalerts stats</c>.
/// Its figures are the whole team's, so with accounts only admins see it.
/// </summary>
[Authorize(Policy = Access.AdminsOnly)]
public sealed class DashboardModel(StatsReport report) : PageModel
{
    /// <summary>The periods the page offers; <c>?since=</c> takes any the CLI takes.</summary>
    public static readonly IReadOnlyList<string> Periods = ["24h", "7d", "30d", "90d"];

    [BindProperty(SupportsGet = true, Name = "since")]
    public string Since { get; set; } = StatsReport.DefaultPeriod;

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

        Stats = await report.ForAsync(period, ct);
        Chart = DayChart.Of(Stats);
    }
}
