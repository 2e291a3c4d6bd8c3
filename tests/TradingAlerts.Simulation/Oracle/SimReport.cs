using TradingAlerts.Simulation.World;

namespace TradingAlerts.Simulation.Oracle;

/// <summary>Something the oracle found: a broken promise (a violation) or an allowed exception, with what happened.</summary>
public sealed record Finding(string Kind, string Detail);

/// <summary>The classes the report counts. Violations break the promise; exceptions are the named, allowed ones.</summary>
public static class Findings
{
    // Violations.
    public const string Missed = "missed";
    public const string Late = "late";
    public const string False = "false";

    /// <summary>A real crossing after the arming was told, but with a price from before the arming.</summary>
    public const string WrongPrice = "told with a price from before the arming";
    public const string Duplicate = "duplicate";
    public const string Undelivered = "undelivered";
    public const string QuietHoursBreached = "sent during quiet hours";
    public const string ExpiryNoticeMissed = "expiry notice missed";
    public const string ExpiryNoticeRepeated = "expiry notice repeated";
    public const string ExpiryNoticeFalse = "expiry notice for no expiry";
    public const string Unreadable = "unreadable message";
    public const string ProductError = "product error";
    public const string Nondeterministic = "nondeterministic";

    // The named exceptions.
    public const string RepeatAfterCrash = "repeat after a crash after the send";
    public const string RepeatAfterNoAnswer = "repeat after a send that got no answer";
    public const string BeyondWickBand = "crossing beyond the wick band";
    public const string BeyondLookBack = "crossing older than the maximum look-back";
    public const string EdgeMinuteUnresolved = "arming or expiry minute without finer data";
    public const string ExpiryNoticeLostToCrash = "expiry notice lost to a crash";

    public static readonly IReadOnlyList<string> Violations =
        [Missed, Late, False, WrongPrice, Duplicate, Undelivered, QuietHoursBreached, ExpiryNoticeMissed, ExpiryNoticeRepeated, ExpiryNoticeFalse, Unreadable, ProductError, Nondeterministic];

    public static readonly IReadOnlyList<string> Exceptions =
        [RepeatAfterCrash, RepeatAfterNoAnswer, BeyondWickBand, BeyondLookBack, EdgeMinuteUnresolved, ExpiryNoticeLostToCrash];
}

/// <summary>What one seed's run came to, against the truth.</summary>
public sealed class SimReport
{
    public required int Seed { get; init; }
    public required Deployment Deployment { get; init; }

    /// <summary>Firings the truth owed (a crossing after the alert armed, judged within the run).</summary>
    public int Owed { get; set; }

    /// <summary>Firings the product made, each checked against the truth.</summary>
    public int Firings { get; set; }

    /// <summary>Messages that reached a channel (firings, digests, expiry notices, the operator's).</summary>
    public int Messages { get; set; }

    public int OperatorMessages { get; set; }
    public int Crashes { get; set; }
    public int ExchangeRequests { get; set; }
    public int Cycles { get; set; }
    public List<Finding> Found { get; } = [];

    public IEnumerable<Finding> Violations => Found.Where(f => Findings.Violations.Contains(f.Kind));

    public bool Kept => !Violations.Any();

    public void Add(string kind, string detail) => Found.Add(new Finding(kind, detail));

    public int Count(string kind) => Found.Count(f => f.Kind == kind);
}
