using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using TradingAlerts.Core.Backtesting;
using TradingAlerts.Core.Prices;
using TradingAlerts.Core.Signals;
using TradingAlerts.Web.Views;

namespace TradingAlerts.Web.Pages.Alerts;

/// <summary>
/// A new alert, validated exactly like <c>signals add</c> (Core's <see cref="SignalIntake"/>): each message next to
/// its field, the values kept. "Preview" backtests the alert being written over the last week (as
/// <c>tradingalerts backtest</c> does) and shows it above the form, still filled in; nothing is saved.
/// </summary>
public sealed class CreateModel(SignalIntake intake, ISignalStore store, PriceCheck check, SignalBacktest backtest, CurrentPrices prices, TimeProvider clock) : PageModel
{
    /// <summary>The conditions that fire at a target price (the rest have a band or a move).</summary>
    public static string TargetConditions => string.Join(' ', Enum.GetValues<Core.Signals.Condition>().Where(c => c is not (Core.Signals.Condition.ChannelExit or Core.Signals.Condition.PctMove)).Select(c => c.ToWire()));

    /// <summary>How far back the preview looks.</summary>
    /// <summary>A preview backtests the last week, and charts it as the alert page's week does.</summary>
    public static readonly ChartRange PreviewRange = ChartRange.Week;

    public static TimeSpan PreviewSpan => PreviewRange.Span;

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

    /// <summary>The preview's backtest, once "Preview" was pressed and the exchange answered.</summary>
    public BacktestReport? Preview { get; private set; }

    public PriceChart? PreviewChart { get; private set; }

    /// <summary>The preview's answer in one sentence: how often, and how many notifications.</summary>
    public string? PreviewCount => Preview?.Result is not { } result ? null
        : result.Firings.Count == 0 ? $"Would not have fired in {PreviewPeriod}."
        : $"Would have fired {(result.Firings.Count == 1 ? "once" : $"{result.Firings.Count} times")} in {PreviewPeriod} ({result.Pushes} push{(result.Pushes == 1 ? string.Empty : "es")}).";

    public static string PreviewPeriod => $"the last {PreviewSpan.TotalDays:0} days";

    /// <summary>What the alert will do, once it validated (<see cref="AlertSentence"/>; the script keeps it current as the fields change).</summary>
    public string? Sentence { get; private set; }

    /// <summary>Why there is no preview although one was asked for (the exchange could not give the candles).</summary>
    public string? PreviewMissing { get; private set; }

    /// <summary>What the intake said about the alert being previewed (a symbol that could not be checked, a halted market).</summary>
    public IReadOnlyList<string> PreviewWarnings { get; private set; } = [];

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        try
        {
            // The form names no owner: the alert is the signed-in account's (without accounts, the intake's default).
            var (signal, warnings) = await intake.CreateAsync(Draft() with { Owner = Viewer.Of(HttpContext).Name }, SignalSource.Ui, ct);
            await store.AddAsync(signal, ct);
            TempData["Notice"] = string.Join(' ', new[] { $"Created alert {signal.Name}." }.Concat(warnings.Select(w => $"Warning: {w}.")));
            return Redirect($"/alerts/{signal.Id}");
        }
        catch (SignalValidationException e)
        {
            ShowErrors(e);
            return Page();
        }
    }

    public async Task<IActionResult> OnPostPreviewAsync(CancellationToken ct)
    {
        Signal signal;
        try
        {
            (signal, PreviewWarnings) = await intake.CreateAsync(Draft(), SignalSource.Ui, ct);
            Sentence = AlertSentence.Of((await prices.ForAsync([signal], ct)).Single());
        }
        catch (SignalValidationException e)
        {
            ShowErrors(e);
            return Page();
        }

        try
        {
            Preview = await backtest.RunAsync(signal, BacktestPeriod.Last(PreviewSpan, clock.GetUtcNow()), progress: null, ct);
            // A firing is checked at the end of its minute: its marker sits on that minute's candle.
            var firings = Preview.Result.Firings
                .Select(f => new ChartFiring(f.Time - TimeSpan.FromMinutes(1), f.Price, f.Wick, $"{Format.Time(f.Time)}: {Format.Money(f.Price)} ({(f.Wick ? "wick" : "close")})"))
                .ToList();
            PreviewChart = PriceChart.Of(
                (Preview.Result.From, Preview.Result.To),
                PreviewRange.Bucket,
                CandleBuckets.Aggregate(Preview.Candles, PreviewRange.Bucket),
                seen: [],
                PriceChart.LevelsOf(signal),
                firings);
        }
        catch (ExchangeUnavailableException e)
        {
            PreviewMissing = $"no candles from {e.Message}. Nothing was backtested; try again later.";
        }

        return Page();
    }

    private SignalDraft Draft() => new()
    {
        Name = Name, Exchange = Exchange, Symbol = Symbol, Condition = Condition, TargetPrice = TargetPrice,
        UserId = UserId, Notes = Notes, ExpiresAt = ExpiresAt, Low = Low, High = High, Pct = Pct, Window = Window,
        Direction = Condition == "pct_move" ? Direction : null, Frequency = Frequency, Hysteresis = Hysteresis,
        Cooldown = Cooldown, Channels = Channels, Urgent = Urgent, Template = Template,
    };

    private void ShowErrors(SignalValidationException e)
    {
        foreach (var error in e.Errors)
            Errors[error.Field] = Errors.TryGetValue(error.Field, out var earlier) ? $"{earlier}; {error.Message}" : error.Message;
    }
}
