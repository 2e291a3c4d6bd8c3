using TradingAlerts.Simulation.Servers;
using TradingAlerts.Simulation.World;

namespace TradingAlerts.Simulation.Oracle;

/// <summary>
/// Judges one incarnation of an alert, episode by episode (armed, then fired): each firing the messages tell of must
/// follow a real arming and a real crossing of the true path; each crossing after a sure arming must be told of within
/// one cycle after the first check that could see it; each firing must reach each of its channels exactly once.
/// </summary>
internal sealed class Episodes
{
    private readonly Checker.Facts world;
    private readonly Checker.Incarnation incarnation;
    private readonly SimReport report;
    private readonly bool inheritedDone;
    private readonly List<Claim> claims;
    private readonly List<DateTimeOffset> fires;
    private readonly List<(Evaluation Evaluation, (DateTimeOffset At, decimal Price, TradingAlerts.Core.Signals.ExchangeId Exchange) Seen)> checks;
    private DateTimeOffset? doneAt;

    /// <summary>After flap protection paused it, switched on again from here: it must arm anew after this.</summary>
    private DateTimeOffset resumedAt = DateTimeOffset.MinValue;

    /// <param name="earlierFires">When the same alert fired before an edit made this incarnation: flap protection counts them too.</param>
    public Episodes(Checker.Facts world, Checker.Incarnation incarnation, List<Mention> mentions, SimReport report, bool inheritedDone, IReadOnlyList<DateTimeOffset> earlierFires)
    {
        fires = [.. earlierFires];
        this.world = world;
        this.incarnation = incarnation;
        this.report = report;
        this.inheritedDone = inheritedDone;
        claims = mentions.GroupBy(m => m.FiredAt).OrderBy(g => g.Key).Select(g => new Claim(g.Key, g.First(), g.ToList())).ToList();
        checks = world.Evaluations
            .Where(e => e.SnapshotAt >= Alert.From && e.Started < incarnation.Until && !Disabled(e.Started))
            .Select(e => (Evaluation: e, Seen: world.Observation(e, Alert)))
            .Where(c => c.Seen is not null)
            .Select(c => (c.Evaluation, c.Seen!.Value))
            .ToList();
    }

    private AlertPlan Alert => incarnation.Alert;
    private AlertDefinition D => Alert.Definition;
    private PricePath Path => world.Plan.Paths[Alert.Pair];

    /// <summary>Crossings up to here are judged: the incarnation's end, its expiry, or the end of judging.</summary>
    private DateTimeOffset JudgedUntil => new[] { incarnation.Until, Alert.ExpiresAt ?? DateTimeOffset.MaxValue, world.Plan.JudgedUntil }.Min();

    private sealed record Claim(DateTimeOffset FiredAt, Mention First, List<Mention> Mentions);

    /// <summary>When the alert fired, up to the end of this incarnation (for the next one's flap count).</summary>
    public IReadOnlyList<DateTimeOffset> Fires => fires;

    /// <summary>Judges every episode; true when the alert ended done (fired once, or paused by flap protection).</summary>
    public bool Run()
    {
        if (inheritedDone)
        {
            doneAt = Alert.From;
            foreach (var claim in claims)
                report.Add(Findings.False, $"{Alert.Name} fired at {Checker.Facts.Time(claim.FiredAt)} though it was edited after it had finished");
            return true;
        }

        var fresh = true;
        var crossedTo = Side.None;
        DateTimeOffset? lastFire = null;
        var next = 0;
        var counted = false;
        while (true)
        {
            var owed = D.Condition == "pct_move" ? OwedMove(fresh, lastFire) : Owed(fresh, crossedTo, lastFire);
            if (owed is not null && !counted)
            {
                report.Owed++;
                counted = true;
            }

            if (next >= claims.Count)
            {
                if (owed is { } missing)
                    report.Add(missing.Exception ?? Findings.Missed, $"{Alert.Name} ({Describe()}) owed a firing for {missing.What} at {Checker.Facts.Time(missing.Crossing)}; none came");
                return false;
            }

            var claim = claims[next++];
            var (why, crossed) = D.Condition == "pct_move" ? (JustifyMove(claim, fresh, lastFire), false) : Justify(claim, fresh, crossedTo, lastFire);
            if (why is not null)
                report.Add(crossed ? Findings.WrongPrice : Findings.False, $"{Alert.Name} ({Describe()}) fired at {Checker.Facts.Time(claim.FiredAt)} at {claim.First.Price}: {why}");
            else
                report.Firings++;

            if (owed is { Deadline: { } deadline } late && claim.FiredAt > deadline)
            {
                report.Add(late.Exception ?? (why is null ? Findings.Late : Findings.Missed),
                    $"{Alert.Name} fired at {Checker.Facts.Time(claim.FiredAt)} for {late.What} at {Checker.Facts.Time(late.Crossing)}; due by {Checker.Facts.Time(deadline)}");
            }

            // Whatever the verdict, the product's alert moved on with this firing: the next ones are judged from there.
            CheckDeliveries(claim);
            fires.Add(claim.FiredAt);
            lastFire = claim.FiredAt;
            fresh = false;
            counted = false;
            if (D.Condition == "crosses")
                crossedTo = Rules.CrossedTo(D, claim.First.Price);
            var paused = D.Rearm && FlapPaused(claim);

            // Switching a paused alert on again (signals enable) arms it again, once its cooldown passed and the price came back.
            if (paused && incarnation.Disabled.Where(d => d.To > claim.FiredAt).Select(d => d.To).DefaultIfEmpty().Min() is var enabled && enabled > claim.FiredAt)
            {
                resumedAt = enabled;
                continue;
            }

            if (!D.Rearm || paused)
            {
                doneAt = claim.FiredAt;
                foreach (var after in claims.Skip(next))
                    report.Add(Findings.False, $"{Alert.Name} fired at {Checker.Facts.Time(after.FiredAt)} after it had {(D.Rearm ? "been paused" : "fired once")} at {Checker.Facts.Time(claim.FiredAt)}");
                return true;
            }
        }
    }

    /// <summary>
    /// Flap protection: this firing makes <see cref="Rules.FlapLimit"/> within the window. Messages tell the firing time
    /// to the second: where an earlier firing lies within a second of the window's edge, the count could go either way,
    /// and the message's own word (it says when it paused the alert) decides.
    /// </summary>
    private bool FlapPaused(Claim claim)
    {
        var surely = fires.Count(f => f > claim.FiredAt - Rules.FlapWindow + TimeSpan.FromSeconds(1)) >= Rules.FlapLimit;
        var maybe = fires.Count(f => f > claim.FiredAt - Rules.FlapWindow - TimeSpan.FromSeconds(1)) >= Rules.FlapLimit;
        return surely || (maybe && claim.First.Message.Message.Contains("Paused: it fired", StringComparison.Ordinal));
    }

    /// <summary>Whether a check that held the alert saw it past its expiry (and so retired it), while it was still watched.</summary>
    public bool Expired { get; private set; }

    public void CheckExpiry(List<ExpiryMention> notices)
    {
        // The alert expires at the first cycle that sees it past its expiry: only if one came before an edit changed it.
        // (A check that was still busy when the alert was removed or edited may have retired it or not.)
        var seenExpired = Alert.ExpiresAt is { } expiry && world.Evaluations.Any(e => e.Started >= expiry && e.Ended < incarnation.Until && e.RanThrough && e.Alerts.ContainsKey(Alert.Id));
        var sent = notices.Select(n => n.Message).Distinct().OrderBy(m => m.At).ToList();
        for (var k = 1; k < sent.Count; k++)
        {
            var before = sent[k - 1];
            report.Add(
                before.ClientGaveUp ? Findings.RepeatAfterNoAnswer : DiedBeforeRecording(before, "pushover", "expired@", null, SummaryOf(before)) ? Findings.RepeatAfterCrash : Findings.ExpiryNoticeRepeated,
                $"{Alert.Name}'s expiry notice came again at {Checker.Facts.Time(sent[k].At)} (first at {Checker.Facts.Time(before.At)} from {before.Process})");
        }

        // A re-arming alert that fires from its last stretch expires with that firing; one that fires once is done instead.
        Expired = seenExpired && (doneAt is null || (doneAt > Alert.ExpiresAt && D.Rearm));
        var expected = Expired && Alert.ExpiresAt is { } at && at < incarnation.Until && at < world.Plan.End - (3 * world.Plan.Interval)
            && (!Disabled(at) || incarnation.Disabled.Any(d => d.From <= at && d.To < world.Plan.End - (3 * world.Plan.Interval)));
        if (expected && notices.Count == 0)
        {
            // Retired, then its process died before it recorded the notice: a check that held it, after its expiry, did not run through.
            var crash = world.Evaluations.Any(e => e.Started >= Alert.ExpiresAt && !e.RanThrough && e.Alerts.ContainsKey(Alert.Id));
            report.Add(crash ? Findings.ExpiryNoticeLostToCrash : Findings.ExpiryNoticeMissed, $"{Alert.Name} expired at {Checker.Facts.Time(Alert.ExpiresAt!.Value)}; no notice came");
        }
        else if (!expected && notices.Count > 0 && Alert.ExpiresAt is null)
        {
            report.Add(Findings.ExpiryNoticeFalse, $"{Alert.Name} has no expiry, yet an expiry notice came at {Checker.Facts.Time(notices[0].Message.At)}");
        }
    }

    private string Describe() => D.Condition switch
    {
        "channel_exit" => $"{Alert.Exchange} {Alert.Pair} channel_exit {D.Low}-{D.High}",
        "pct_move" => $"{Alert.Exchange} {Alert.Pair} pct_move {D.Pct}% {D.Window} {D.Direction}",
        _ => $"{Alert.Exchange} {Alert.Pair} {D.Condition} {D.Target}{(D.Rearm ? " rearm" : string.Empty)}",
    };

    private bool Disabled(DateTimeOffset time) => incarnation.Disabled.Any(d => time >= d.From && time < d.To);

    /// <summary>
    /// A check surely evaluated this alert as it stood: it ran through, and nobody edited, removed or switched the alert
    /// between its snapshot and its end (a check still busy when a person changes the alert may have seen either).
    /// </summary>
    private bool Sure(Evaluation evaluation) =>
        evaluation.RanThrough && evaluation.Ended < incarnation.Until
        && !incarnation.Disabled.Any(d => (d.From > evaluation.SnapshotAt && d.From <= evaluation.Ended) || (d.To > evaluation.SnapshotAt && d.To <= evaluation.Ended));

    /// <summary>
    /// The check's snapshot was taken after the alert last fired (the Reader read it afterwards): a snapshot from before
    /// belongs to the alert as it was, and its claims and armings fail on the version. The message tells the firing's
    /// time to the second.
    /// </summary>
    private static bool SeesAfter(Evaluation evaluation, DateTimeOffset? lastFire) =>
        lastFire is not { } fired || evaluation.SnapshotAt > fired + TimeSpan.FromSeconds(1);

    /// <summary>A disabled alert sees nothing: a crossing from before it was switched off is not told once it is back on.</summary>
    private bool SwitchedOffBetween(DateTimeOffset crossing, DateTimeOffset firing) =>
        incarnation.Disabled.Any(d => d.From > crossing && d.To <= firing);

    private bool Eligible(DateTimeOffset at, bool fresh, DateTimeOffset? lastFire, TimeSpan slack) =>
        (lastFire is not { } fired || at >= fired + D.Cooldown + slack) && at >= resumedAt + slack;

    private sealed record Owing(DateTimeOffset Crossing, string What, DateTimeOffset? Deadline, string? Exception);

    /// <summary>The crossing a sure arming makes owed: the first one after it, and when its firing is due.</summary>
    private Owing? Owed(bool fresh, Side crossedTo, DateTimeOffset? lastFire)
    {
        DateTimeOffset armedAt;
        Side side;
        var armedBy = DateTimeOffset.MinValue;
        if (fresh && D.ArmedFromStart)
        {
            (armedAt, side) = (Alert.From, Side.None);
        }
        else
        {
            var arming = checks.FirstOrDefault(c => Sure(c.Evaluation) && SeesAfter(c.Evaluation, lastFire) && Eligible(c.Evaluation.Started, fresh, lastFire, TimeSpan.FromSeconds(1))
                && Rules.Arms(D, c.Seen.Price, fresh, crossedTo) is not null);
            if (arming.Evaluation is null)
                return null;
            (armedAt, side) = (arming.Seen.At, Rules.Arms(D, arming.Seen.Price, fresh, crossedTo)!.Value);
            armedBy = arming.Evaluation.Ended;
        }

        var first = Path.Index(armedAt);
        var last = Path.Index(JudgedUntil) - 1;

        // The first crossing a check could see while the alert was on: one it was switched off before any check saw is not owed.
        DateTimeOffset at = default;
        List<(Evaluation Evaluation, (DateTimeOffset At, decimal Price, TradingAlerts.Core.Signals.ExchangeId Exchange) Seen)> good = [];
        foreach (var s in Path.SecondsWhere(first, last, p => Rules.Fires(D, side, p)))
        {
            at = Path.TimeOf(s);
            if (Disabled(at))
                continue;

            var crossing = at;
            bool Saw((Evaluation Evaluation, (DateTimeOffset At, decimal Price, TradingAlerts.Core.Signals.ExchangeId Exchange) Seen) c) =>
                Sure(c.Evaluation) && c.Evaluation.SnapshotAt >= armedBy && world.HistoryAnswered(c.Evaluation, c.Seen.Exchange, Alert.Pair);
            good = checks.Where(c => Saw(c) && c.Evaluation.Started > crossing).ToList();

            // The product stopped watching the alert after a check that ran across the crossing, while it went on
            // checking others: that check claimed a firing, and its message is owed.
            if (good.Count == 0 && world.Evaluations.Any(e => e.Started > crossing && e.Started < JudgedUntil && e.RanThrough))
                good = checks.Where(c => Saw(c) && c.Evaluation.Started <= crossing && c.Evaluation.Ended > crossing).ToList();
            if (good.Count == 0)
                return null;
            if (!SwitchedOffBetween(at, good[0].Evaluation.Started))
                break;
            good = [];
        }

        if (good.Count == 0)
            return null;

        var price = Path.At(at);
        var what = $"{price} (armed at {Checker.Facts.Time(armedAt)})";
        var firstCheck = good[0];
        string? exception = null;
        var level = D.Condition == "channel_exit" ? (price <= D.Low ? D.Low!.Value : D.High!.Value) : D.Target!.Value;

        // Switched on again after it armed: the product arms it anew from that moment (signals enable).
        var armedSince = incarnation.Disabled.Where(d => d.To <= at && d.To > armedAt).Select(d => d.To).DefaultIfEmpty(armedAt).Max();
        if (firstCheck.Evaluation.Started - at > Rules.MaxLookBack)
            exception = Findings.BeyondLookBack;
        else if (!Rules.Fires(D, side, firstCheck.Seen.Price) && !Rules.WithinWickBand(level, firstCheck.Seen.Price) && !(firstCheck.Evaluation.Started >= Alert.ExpiresAt))
            exception = Findings.BeyondWickBand;
        else if (firstCheck.Seen.Exchange != TradingAlerts.Core.Signals.ExchangeId.Binance
                 && ((Minute(at) == Minute(armedSince) && !good.Any(c => world.TradesReachBack(c.Evaluation, c.Seen.Exchange, Alert.Pair, armedSince)))
                     || (Alert.ExpiresAt is { } expiry && Minute(at) == Minute(expiry) && firstCheck.Evaluation.Started >= expiry
                         && !good.Any(c => world.TradesReachBack(c.Evaluation, c.Seen.Exchange, Alert.Pair, Minute(expiry))))))
            exception = Findings.EdgeMinuteUnresolved;

        return new Owing(at, what, DeadlineAfter(good.Select(c => c.Evaluation).ToList(), at), exception);
    }

    /// <summary>
    /// When a firing the first of these checks could make is due: by the end of the first check of a later cycle (a
    /// message delivered twice is checked twice in one cycle; that is no second chance).
    /// </summary>
    /// <param name="seen">When what is owed was there to see: a check that began before then (a slow check of an
    /// overlapping process) cannot be the one it is due by.</param>
    private DateTimeOffset DeadlineAfter(IReadOnlyList<Evaluation> sureChecks, DateTimeOffset seen) =>
        sureChecks.Skip(1).FirstOrDefault(e => e.SnapshotAt > sureChecks[0].SnapshotAt && e.Started >= seen)?.Ended ?? world.Plan.End;

    private static DateTimeOffset Minute(DateTimeOffset time) => new(time.UtcTicks - (time.UtcTicks % TimeSpan.TicksPerMinute), TimeSpan.Zero);

    /// <summary>
    /// Why a firing cannot be true (null when it can): no arming before it, or no such price after the arming; and
    /// whether a crossing did happen after an arming all the same (the message then names a price from before it).
    /// </summary>
    private (string? Why, bool Crossed) Justify(Claim claim, bool fresh, Side crossedTo, DateTimeOffset? lastFire)
    {
        var armings = new List<(DateTimeOffset At, Side Side)>();
        if (fresh && D.ArmedFromStart)
            armings.Add((Alert.From, Side.None));
        else
        {
            // The check decides at some moment between its price's arrival and its end: its cooldown is judged at the end.
            armings.AddRange(world.Evaluations
                .Where(e => e.SnapshotAt >= Alert.From && e.Started < incarnation.Until)
                .Select(e => (Evaluation: e, Seen: world.Observation(e, Alert)))
                .Where(c => c.Seen is { } o && o.At <= claim.FiredAt && !Disabled(o.At) && Eligible(c.Evaluation.Ended, fresh, lastFire, TimeSpan.Zero) && Rules.Arms(D, o.Price, fresh, crossedTo) is not null)
                .Select(c => (c.Seen!.Value.At, Rules.Arms(D, c.Seen.Value.Price, fresh, crossedTo)!.Value)));
        }

        if (armings.Count == 0)
            return (fresh ? "no check saw the price on its arming side before" : "no check after the previous firing saw the price back across the band (with its cooldown passed)", false);

        // No price after the expiry counts (the second it falls in began before it).
        var price = claim.First.Price;
        var last = Alert.ExpiresAt is { } expiry && expiry < claim.FiredAt ? Path.Index(expiry - TimeSpan.FromTicks(1)) : Path.Index(claim.FiredAt);
        bool Counted(int s) => !Disabled(Path.TimeOf(s)) && !SwitchedOffBetween(Path.TimeOf(s), claim.FiredAt);
        foreach (var (armedAt, side) in armings)
        {
            if (Rules.Fires(D, side, price) && Path.SecondsWhere(Path.Index(armedAt), last, p => p == price).Any(Counted))
                return (null, false);
        }

        var crossed = armings.Any(a => Path.SecondsWhere(Path.Index(a.At), last, p => Rules.Fires(D, a.Side, p)).Any(Counted));
        return Rules.Fires(D, armings[0].Side, price)
            ? ($"the price {price} was not seen after the alert armed (first arming at {Checker.Facts.Time(armings[0].At)})", crossed)
            : ($"the price {price} does not meet the condition", crossed);
    }

    /// <summary>A percent move fires at a check: owed at the first sure check (after it is armed) where every reading of "W ago" gives the move.</summary>
    private Owing? OwedMove(bool fresh, DateTimeOffset? lastFire)
    {
        var armedFrom = fresh ? Alert.From : (DateTimeOffset?)null;
        if (!fresh)
        {
            var arming = checks.FirstOrDefault(c => Sure(c.Evaluation) && SeesAfter(c.Evaluation, lastFire) && Eligible(c.Evaluation.Started, fresh, lastFire, TimeSpan.FromSeconds(1)));
            if (arming.Evaluation is null)
                return null;
            armedFrom = arming.Evaluation.Ended;
        }

        var sure = checks.Where(c => Sure(c.Evaluation) && c.Evaluation.SnapshotAt >= armedFrom && c.Evaluation.Started < JudgedUntil && world.HistoryAnswered(c.Evaluation, c.Seen.Exchange, Alert.Pair)).ToList();
        for (var i = 0; i < sure.Count; i++)
        {
            var (evaluation, seen) = sure[i];
            var references = ReferencesAround(seen.At, seen.At + TimeSpan.FromSeconds(5)).ToList();
            if (references.Count > 0 && references.All(r => Rules.MoveFires(D, seen.Price, r)))
            {
                var deadline = DeadlineAfter(sure.Skip(i).Select(c => c.Evaluation).ToList(), seen.At);
                return new Owing(seen.At, $"a move to {seen.Price} (from {string.Join(" or ", references.Distinct())})", deadline, null);
            }
        }

        return null;
    }

    private string? JustifyMove(Claim claim, bool fresh, DateTimeOffset? lastFire)
    {
        var reference = claim.First.Reference;
        if (reference is null)
            return "the message does not say the price the move is measured from";

        // The message states the firing's time in whole seconds: the check that fired it may have begun within that second.
        var seenAt = world.Evaluations
            .Where(e => e.SnapshotAt >= Alert.From && e.Started < claim.FiredAt + TimeSpan.FromSeconds(1) && e.Ended >= claim.FiredAt)
            .Select(e => world.Observation(e, Alert))
            .OfType<(DateTimeOffset At, decimal Price, TradingAlerts.Core.Signals.ExchangeId Exchange)>()
            .Where(o => o.Price == claim.First.Price && o.At <= claim.FiredAt + TimeSpan.FromSeconds(1) && !Disabled(o.At) && Eligible(o.At, fresh, lastFire, TimeSpan.Zero))
            .ToList();
        if (seenAt.Count == 0)
            return "no check around the firing saw that price (or the cooldown had not passed)";
        if (!Rules.MoveFires(D, claim.First.Price, reference.Value))
            return $"a move from {reference} to {claim.First.Price} is not {D.Pct} % {D.Direction}";

        return seenAt.Any(o => ReferencesAround(o.At, claim.FiredAt + TimeSpan.FromSeconds(1)).Contains(reference.Value))
            ? null
            : $"{reference} was not the price {D.Window} before the check";
    }

    /// <summary>"The price W ago" read at any moment in [from, to]: the close of the one-minute candle that ends at the minute W before it.</summary>
    private IEnumerable<decimal> ReferencesAround(DateTimeOffset from, DateTimeOffset to)
    {
        for (var minute = Minute(from - D.Window!.Value); minute <= Minute(to - D.Window.Value); minute = minute.AddMinutes(1))
            yield return Path.At(minute.AddSeconds(-1));
    }

    /// <summary>Each channel gets the firing exactly once (a repeat is allowed only where the world shows why), at the right time.</summary>
    private void CheckDeliveries(Claim claim)
    {
        var recipient = world.Plan.RecipientOf(Alert.Recipient);
        foreach (var channel in D.Channels)
        {
            var copies = claim.Mentions.Where(m => m.Message.Channel == channel).OrderBy(m => m.Message.At).ToList();
            // A firing after the judged span may still be waiting for its lease or its retry when the run ends.
            if (copies.Count == 0 && claim.FiredAt > world.Plan.JudgedUntil)
                continue;
            if (copies.Count == 0)
            {
                report.Add(Findings.Undelivered, $"{Alert.Name}'s firing at {Checker.Facts.Time(claim.FiredAt)} never reached {channel}");
                continue;
            }

            for (var k = 1; k < copies.Count; k++)
            {
                var before = copies[k - 1].Message;
                var kind = before.ClientGaveUp ? Findings.RepeatAfterNoAnswer
                    : DiedBeforeRecording(before, channel, Alert.Id + ":", claim.FiredAt) ? Findings.RepeatAfterCrash
                    : Findings.Duplicate;
                report.Add(kind, $"{Alert.Name}'s firing at {Checker.Facts.Time(claim.FiredAt)} reached {channel} again at {Checker.Facts.Time(copies[k].Message.At)} (first at {Checker.Facts.Time(before.At)} from {before.Process})");
            }

            if (!D.Urgent && QuietEnd(recipient, claim.FiredAt) is { } quietEnd && copies[0].Message.At < quietEnd)
                report.Add(Findings.QuietHoursBreached, $"{Alert.Name}'s firing at {Checker.Facts.Time(claim.FiredAt)} reached {channel} at {Checker.Facts.Time(copies[0].Message.At)}, before the recipient's quiet hours ended at {Checker.Facts.Time(quietEnd)}");
        }
    }

    /// <summary>
    /// The end of the trigger id of the expiry summary <paramref name="notice"/> is: its first alert's id (names are the
    /// alert's id, a dot and its incarnation; the summary lists its alerts by name, one a line).
    /// </summary>
    private static string SummaryOf(Received notice) => ":" + notice.Message.Split('\n')[0].Split(' ')[0].Split('.')[0];

    /// <summary>
    /// The process that sent <paramref name="sent"/> died before it recorded that delivery: the crash-after-send window.
    /// A delivery is known by its trigger id: the alert, and the cycle the firing was claimed in (which began at most an
    /// interval or two before <paramref name="firedAt"/>).
    /// </summary>
    /// <param name="triggerSuffix">When given, only the recording of a trigger id ending so counts (another expiry summary's does not).</param>
    private bool DiedBeforeRecording(Received sent, string channel, string triggerPrefix, DateTimeOffset? firedAt, string? triggerSuffix = null)
    {
        var death = world.Log.Processes.OfType<ProcessDied>().FirstOrDefault(d => d.Process == sent.Process && d.At >= sent.At);
        if (death is null)
            return false;

        return !world.Log.Processes.OfType<DeliveryRecorded>().Any(r =>
            r.Process == sent.Process && r.At >= sent.At && r.At <= death.At && r.Status == TradingAlerts.Core.Signals.DeliveryStatus.Sent
            && r.TriggerId.StartsWith(triggerPrefix, StringComparison.Ordinal) && r.TriggerId.EndsWith("~webhook", StringComparison.Ordinal) == (channel == "webhook")
            && (triggerSuffix is null || r.TriggerId.EndsWith(triggerSuffix, StringComparison.Ordinal))
            && (firedAt is not { } fired || ClaimedInCycleOf(r.TriggerId, fired)));
    }

    private bool ClaimedInCycleOf(string triggerId, DateTimeOffset firedAt)
    {
        var cycle = triggerId[(triggerId.IndexOf('@', StringComparison.Ordinal) + 1)..].Split('~')[0];
        return DateTimeOffset.TryParse(cycle, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var started)
            && started <= firedAt + TimeSpan.FromSeconds(1) && firedAt - started < 2 * world.Plan.Interval;
    }

    private static DateTimeOffset? QuietEnd(RecipientPlan recipient, DateTimeOffset at)
    {
        if (recipient.QuietStart is not { } start || recipient.QuietEnd is not { } end)
            return null;

        var time = TimeOnly.FromDateTime(at.UtcDateTime);
        var quiet = start < end ? time >= start && time < end : time >= start || time < end;
        if (!quiet)
            return null;

        var day = DateOnly.FromDateTime(at.UtcDateTime);
        if (start > end && time >= start)
            day = day.AddDays(1);
        return new DateTimeOffset(day.ToDateTime(end), TimeSpan.Zero);
    }
}
