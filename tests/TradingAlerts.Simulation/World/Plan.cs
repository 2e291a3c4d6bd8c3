using TradingAlerts.Core.Prices;
using TradingAlerts.Core.Signals;

namespace TradingAlerts.Simulation.World;

/// <summary>How the monitor is deployed in a run.</summary>
public enum Deployment
{
    /// <summary><c>tradingalerts run</c> on one machine (restarted when it dies), with <c>check</c> from cron beside it.</summary>
    Local,

    /// <summary>Reader → SQS → Worker instances, at-least-once: batches delivered twice, late, to two instances at once.</summary>
    FanOut,
}

/// <summary>What an alert watches and how it repeats and is told, in the world's own terms (the oracle reads these, not the product's).</summary>
public sealed record AlertDefinition(
    string Condition,
    decimal? Target,
    decimal? Low,
    decimal? High,
    decimal? Pct,
    TimeSpan? Window,
    string Direction,
    bool Rearm,
    decimal Hysteresis,
    TimeSpan Cooldown,
    IReadOnlyList<string> Channels,
    bool Urgent)
{
    public bool IsCrossing => Condition is "crosses_up" or "crosses_down" or "crosses";

    /// <summary>The level conditions and bands are armed from the start; the crossings wait to see their arming side.</summary>
    public bool ArmedFromStart => !IsCrossing;
}

/// <summary>
/// One alert as it stands from <see cref="From"/> until it is edited, removed or the run ends: an incarnation. Its name
/// is unique in the run (it changes with every edit), so every push names the incarnation it is for.
/// </summary>
public sealed record AlertPlan(
    string Id,
    string Name,
    ExchangeId Exchange,
    Pair Pair,
    string Recipient,
    AlertDefinition Definition,
    DateTimeOffset From,
    DateTimeOffset? ExpiresAt);

public abstract record WorldEvent(DateTimeOffset At);

/// <summary>An alert is added (its id may have been used by an alert removed before).</summary>
public sealed record AlertAdded(DateTimeOffset At, AlertPlan Alert) : WorldEvent(At);

/// <summary>An alert's definition is edited in place (as an import or sheet row would): its arming starts over.</summary>
public sealed record AlertEdited(DateTimeOffset At, AlertPlan Alert) : WorldEvent(At);

public sealed record AlertRemoved(DateTimeOffset At, string Id) : WorldEvent(At);

public sealed record AlertDisabled(DateTimeOffset At, string Id) : WorldEvent(At);

public sealed record AlertEnabled(DateTimeOffset At, string Id) : WorldEvent(At);

/// <summary>The monitor's machine goes down (killed wherever it is) for <see cref="Downtime"/>.</summary>
public sealed record MonitorDown(DateTimeOffset At, TimeSpan Downtime) : WorldEvent(At);

/// <summary>A <c>tradingalerts check</c> from cron, beside the running monitor.</summary>
public sealed record CronCheck(DateTimeOffset At) : WorldEvent(At);

public enum ExchangeFaultKind
{
    ServerError,
    Timeout,
    RateLimited,
    RegionBlocked,
    HtmlPage,
    TruncatedBody,

    /// <summary>One symbol's price reads "0.00000000" in the ticker.</summary>
    ZeroPrice,

    /// <summary>One symbol's ticker entry is malformed; the others are fine.</summary>
    MalformedEntry,
}

/// <summary>An exchange answers every request in [<see cref="From"/>, <see cref="To"/>) with this fault (for one symbol, where the kind says).</summary>
public sealed record ExchangeFault(ExchangeId Exchange, DateTimeOffset From, DateTimeOffset To, ExchangeFaultKind Kind, string? Symbol = null)
{
    public bool Covers(ExchangeId exchange, DateTimeOffset time) => exchange == Exchange && time >= From && time < To;
}

public enum ChannelFaultKind
{
    ServerError,
    RateLimited,

    /// <summary>No connection can be made: the request surely did not arrive.</summary>
    Refused,

    /// <summary>Accepted, but the answer takes longer than a quick service (still within the attempt timeout).</summary>
    Slow,

    /// <summary>Accepted, but the answer comes after the client's attempt timeout: the client cannot know it arrived.</summary>
    NoAnswer,
}

public sealed record ChannelFault(string Channel, DateTimeOffset From, DateTimeOffset To, ChannelFaultKind Kind)
{
    public bool Covers(string channel, DateTimeOffset time) => channel == Channel && time >= From && time < To;
}

/// <summary>A recipient: its Pushover key, its webhook, and its quiet hours (UTC) if it has some.</summary>
public sealed record RecipientPlan(string Key, string WebhookUrl, TimeOnly? QuietStart, TimeOnly? QuietEnd);

/// <summary>Everything a seed decides before the run starts: the world the product is put in.</summary>
public sealed record WorldPlan
{
    public required int Seed { get; init; }
    public required Deployment Deployment { get; init; }
    public required DateTimeOffset Start { get; init; }

    /// <summary>The monitor's interval (local) or the schedule (fan-out).</summary>
    public required TimeSpan Interval { get; init; }

    /// <summary>Faults and edits happen before this; after it the world is calm, so that what is owed can still go out.</summary>
    public required DateTimeOffset CalmFrom { get; init; }

    /// <summary>Crossings from here on are not judged (the run may end before their deadline).</summary>
    public required DateTimeOffset JudgedUntil { get; init; }

    public required DateTimeOffset End { get; init; }
    public required IReadOnlyDictionary<Pair, PricePath> Paths { get; init; }
    public required IReadOnlyList<RecipientPlan> Recipients { get; init; }
    public required string OperatorKey { get; init; }
    public required IReadOnlyList<WorldEvent> Events { get; init; }
    public required IReadOnlyList<ExchangeFault> ExchangeFaults { get; init; }
    public required IReadOnlyList<ChannelFault> ChannelFaults { get; init; }

    /// <summary>The chance that a request to an exchange fails once (a 503 or a timeout the retry recovers).</summary>
    public required double ExchangeBlipChance { get; init; }

    /// <summary>The chance that a firing's process dies at one of its step boundaries.</summary>
    public required double CrashChance { get; init; }

    /// <summary>Fan-out: the chance that a message is delivered twice (at once to two instances, or again later).</summary>
    public double DuplicateChance { get; init; }

    public IEnumerable<AlertPlan> Incarnations => Events.Select(e => e switch
    {
        AlertAdded added => added.Alert,
        AlertEdited edited => edited.Alert,
        _ => null,
    }).OfType<AlertPlan>();

    public RecipientPlan RecipientOf(string key) => Recipients.First(r => r.Key == key);
}
