using System.Globalization;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;
using TradingAlerts.Core.Notifications;
using TradingAlerts.Core.Prices;
using TradingAlerts.Core.Signals;

namespace TradingAlerts.Core.Pipeline;

public enum IncidentKind
{
    /// <summary>No cycle has completed (finished with no failed batch) for several intervals.</summary>
    [JsonStringEnumMemberName("no_completed_cycle")]
    NoCompletedCycle,

    /// <summary>An exchange failed, or was down, in several cycles in a row.</summary>
    [JsonStringEnumMemberName("exchange_down")]
    ExchangeDown,
}

/// <summary>A problem the operator has been told of and not yet told is over.</summary>
/// <param name="Exchange">The exchange that is down; null for <see cref="IncidentKind.NoCompletedCycle"/>.</param>
/// <param name="Since">When it began: the last completed cycle's end, or the exchange's first failure of the streak.</param>
public sealed record OperatorIncident(IncidentKind Kind, ExchangeId? Exchange, DateTimeOffset Since)
{
    public bool IsSameProblem(OperatorIncident other) => Kind == other.Kind && Exchange == other.Exchange;
}

public sealed record OperatorWatchOptions
{
    /// <summary>The time between cycles: <c>run --interval</c>, or the Lambdas' schedule.</summary>
    public required TimeSpan Interval { get; init; }

    /// <summary>The operator's Pushover user key (the host's operator key, else its default recipient).</summary>
    public string? Recipient { get; init; }

    /// <summary>Intervals without a completed cycle that open an incident.</summary>
    public int MissedIntervals { get; init; } = 3;

    /// <summary>The host's words for where the operator sees the monitor's state, told in each alert.</summary>
    public HostHints Hints { get; init; } = HostHints.None;

    /// <summary>Cycles in a row with an exchange failing or down that open an incident.</summary>
    public int DownCycles { get; init; } = 3;

    /// <summary>
    /// Earlier records read per cycle: enough for the exchange streak, and to find the last completed cycle; when none
    /// of them completed, the oldest one's start stands for "since".
    /// </summary>
    public int HistoryRead { get; init; } = 10;

    /// <summary>How many records the log keeps: what <c>tradingalerts status</c> can show.</summary>
    public int Keep { get; init; } = 100;
}

/// <summary>
/// Keeps each cycle's record and tells the operator, once, when the monitor is in trouble: no cycle completed for
/// <see cref="OperatorWatchOptions.MissedIntervals"/> intervals, or an exchange failing or down for
/// <see cref="OperatorWatchOptions.DownCycles"/> cycles in a row; and once more when that is over. The incidents told
/// of live in the cycle record itself (<see cref="CycleRecord.OpenIncidents"/>), so the next process, or the next
/// Lambda invocation, knows what was already said. A message that could not be sent for now is tried again the next
/// cycle; one the channel refused is logged and counted as said, so a wrong key does not send a request every cycle.
/// </summary>
public sealed class OperatorWatch(ICycleLog log, INotifier notifier, OperatorWatchOptions options, ILogger<OperatorWatch> logger)
{
    /// <summary>Tells the operator what opened or closed with <paramref name="finished"/>, then keeps the record with the incidents still open.</summary>
    public async Task<CycleRecord> RecordAsync(CycleRecord finished, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(finished);

        // A retried Lambda invocation is the same cycle: its earlier record is replaced, not counted.
        var earlier = (await log.RecentAsync(options.HistoryRead + 1, ct)).Where(r => r.Report.CycleId != finished.Report.CycleId).ToList();
        var told = earlier.FirstOrDefault()?.OpenIncidents ?? [];
        var current = Detect(finished, earlier, told);

        var open = new List<OperatorIncident>();
        foreach (var incident in current)
        {
            if (told.FirstOrDefault(incident.IsSameProblem) is { } known)
                open.Add(known);
            else if (await TellAsync(incident, Raised(incident, finished), ct))
                open.Add(incident);
        }

        foreach (var over in told.Where(t => !current.Any(t.IsSameProblem)))
        {
            if (!await TellAsync(over, Recovered(over, finished), ct))
                open.Add(over);
        }

        var record = finished with { OpenIncidents = open };
        await log.RecordAsync(record, options.Keep, ct);
        return record;
    }

    /// <summary>The problems that hold after <paramref name="finished"/>, whether told of or not.</summary>
    private List<OperatorIncident> Detect(CycleRecord finished, IReadOnlyList<CycleRecord> earlier, IReadOnlyList<OperatorIncident> told)
    {
        var problems = new List<OperatorIncident>();
        if (!finished.Report.Completed)
        {
            var since = earlier.FirstOrDefault(r => r.Report.Completed)?.FinishedAt ?? (earlier.Count > 0 ? earlier[^1] : finished).Report.StartedAt;
            if (finished.FinishedAt - since >= options.Interval * options.MissedIntervals)
                problems.Add(new OperatorIncident(IncidentKind.NoCompletedCycle, null, since));
        }

        // A cycle that broke off before asking the exchanges says nothing new about them.
        if (finished.Report.Error is not null)
        {
            problems.AddRange(told.Where(t => t.Kind == IncidentKind.ExchangeDown));
            return problems;
        }

        foreach (var status in finished.Health.Where(s => IsFailing(s, finished)))
        {
            var streak = earlier
                .TakeWhile(r => r.Health.FirstOrDefault(h => h.Exchange == status.Exchange) is { } h && IsFailing(h, r))
                .Select(r => (Record: r, Status: r.Health.First(h => h.Exchange == status.Exchange)))
                .Prepend((Record: finished, Status: status))
                .ToList();
            if (streak.Count >= options.DownCycles)
            {
                var first = streak[^1];
                problems.Add(new OperatorIncident(IncidentKind.ExchangeDown, status.Exchange, first.Status.LastFailure ?? first.Record.Report.StartedAt));
            }
        }

        return problems;
    }

    /// <summary>Down (its circuit is open), or a request to it failed during this cycle.</summary>
    private static bool IsFailing(ExchangeStatus status, CycleRecord record) =>
        status.State == ExchangeState.Down || (status.State == ExchangeState.Degraded && status.LastFailure >= record.Report.StartedAt);

    private string? Status => options.Hints.Status;

    private Notification Raised(OperatorIncident incident, CycleRecord finished)
    {
        var now = finished.FinishedAt;
        if (incident.Kind == IncidentKind.NoCompletedCycle)
        {
            var reason = finished.Report.Error ?? $"{finished.Report.FailedBatches} batch(es) failed";
            return new Notification(
                null,
                "TradingAlerts: no cycle completed",
                $"No alert cycle has completed since {Time(incident.Since)} ({Span(now - incident.Since)}): alerts are not being checked reliably. " +
                $"Last cycle {finished.Report.CycleId}: {reason}. " + (Status is { } where ? $"Check `{where}` and the monitor's log." : "Check the monitor's log."),
                now);
        }

        var exchange = incident.Exchange!.Value.ToWire();
        var error = finished.Health.First(h => h.Exchange == incident.Exchange).LastError ?? "no answer";
        return new Notification(
            null,
            $"TradingAlerts: {exchange} is down",
            $"{exchange} has failed or been down in every cycle since {Time(incident.Since)} ({Span(now - incident.Since)}); last error: {error}. " +
            "Its alerts are priced from the fallback exchanges meanwhile." + (Status is { } command ? $" Check `{command}`." : ""),
            now);
    }

    private static Notification Recovered(OperatorIncident incident, CycleRecord finished)
    {
        var now = finished.FinishedAt;
        return incident.Kind == IncidentKind.NoCompletedCycle
            ? new Notification(
                null,
                "TradingAlerts: cycles complete again",
                $"Cycle {finished.Report.CycleId} completed at {Time(now)}; none had completed since {Time(incident.Since)} ({Span(now - incident.Since)}).",
                now)
            : new Notification(
                null,
                $"TradingAlerts: {incident.Exchange!.Value.ToWire()} recovered",
                $"{incident.Exchange.Value.ToWire()} answers again at {Time(now)}; it had been failing since {Time(incident.Since)} ({Span(now - incident.Since)}).",
                now);
    }

    /// <returns>Whether the message counts as said: sent, or refused for good.</returns>
    private async Task<bool> TellAsync(OperatorIncident incident, Notification notification, CancellationToken ct)
    {
        var outcome = await notifier.SendAsync(notification with { Recipient = options.Recipient }, ct);
        switch (outcome.Kind)
        {
            case DeliveryOutcomeKind.Sent:
                logger.LogWarning("Operator told: {Title} ({Kind} {Exchange} since {Since})", notification.Title, incident.Kind, incident.Exchange, incident.Since);
                return true;
            case DeliveryOutcomeKind.Permanent:
                logger.LogError("The operator message {Title} was refused and is not sent again: {Response}", notification.Title, outcome.Response);
                return true;
            default:
                logger.LogWarning("The operator message {Title} could not be sent ({Response}); the next cycle tries again", notification.Title, outcome.Response);
                return false;
        }
    }

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";

    private static string Span(TimeSpan span) => DurationText.Format(TimeSpan.FromMinutes(Math.Max(1, Math.Round(span.TotalMinutes))));
}
