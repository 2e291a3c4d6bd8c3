using System.Globalization;
using Microsoft.Extensions.Logging;
using TradingAlerts.Core.Accounts;
using TradingAlerts.Core.Notifications;
using TradingAlerts.Core.Prices;
using TradingAlerts.Core.Signals;

namespace TradingAlerts.Core.Pipeline;

public sealed record WorkerOptions
{
    /// <summary>Recipient for alerts that name none (the host's default recipient).</summary>
    public string? DefaultRecipient { get; init; }

    /// <summary>The host's words for how a paused alert is armed again, told in the push that pauses it.</summary>
    public HostHints Hints { get; init; } = HostHints.None;

    /// <summary>Flap protection: a re-arming alert that fires this many times within <see cref="FlapWindow"/> is paused.</summary>
    public int FlapLimit { get; init; } = 5;

    public TimeSpan FlapWindow { get; init; } = TimeSpan.FromHours(1);

    /// <summary>How long the prices a batch saw are kept in the price history; zero keeps none.</summary>
    public TimeSpan PriceHistory { get; init; } = new PriceHistoryOptions().Keep;
}

/// <summary>
/// Checks one batch: one price lookup per exchange and cycle (with fallback); for a batch of markets, the alerts each
/// market's price reaches in the trigger book, read at that price (the others would do nothing at this check); every
/// alert evaluated in memory, the
/// candles looked up for the alerts near their level (and for percent moves, the price a window ago), and for each
/// firing a conditional claim; only the claim's winner sends. An alert that neither fires nor arms costs no write; the
/// batch records its exchange's coverage and the prices it saw (one sample per exchange) once, at its end.
/// </summary>
public sealed class WorkerService(
    ISignalStore store,
    IAccountStore accounts,
    IDeliveryStore firings,
    ICoverageStore coverage,
    IPriceHistory history,
    CyclePrices prices,
    WickWatch wicks,
    DeliveryService deliveries,
    TimeProvider clock,
    WorkerOptions options,
    WorkDeadline deadline,
    ILogger<WorkerService> logger)
{
    /// <summary>
    /// How far past a batch's start the book's due alerts are read: the checks of a batch run after its start, and an
    /// alert that falls due (expires, ends its cooldown) while they run is read too (<see cref="TriggerBook"/>'s property
    /// test covers this minute).
    /// </summary>
    private static readonly TimeSpan DueAhead = TimeSpan.FromMinutes(1);

    public async Task<BatchReport> ProcessAsync(SignalBatch batch, CancellationToken ct)
    {
        if (deadline.Passed)
            return await LeaveAsync(batch, ct);

        // The batch's moment: what expired by it is retired, what expires after it is checked (at the price seen).
        var now = clock.GetUtcNow();
        IReadOnlyDictionary<Pair, PriceAnswer>? marketPrices = null;
        IReadOnlyList<Market> unread = [];
        if (batch.Markets.Count > 0)
            (batch, marketPrices, unread) = await WithReachedAsync(batch, now, ct);

        var report = new BatchReport();
        report.CheckFailures.AddRange(unread.Select(LeftUnchecked));
        var recipients = new RecipientChoice(accounts, options.DefaultRecipient);
        var live = batch.Signals.Where(s => s.ExpiresAt is not { } expiry || expiry > now).ToList();

        // An alert armed before it expired, and expired since the previous check, may have crossed in between: that last
        // stretch is looked at in the candles before it expires (a percent move is judged at checks only).
        var ending = batch.Signals.Where(s => s.ExpiresAt <= now).ToLookup(s => SignalCheck.LooksAtLastStretch(s, batch.Since));
        var expired = new List<SignalSnapshot>();
        foreach (var signal in ending[false])
            await ExpireAsync(signal, expired, report, ct);

        var answers = marketPrices ?? await prices.GetAsync(batch.CycleId, batch.Exchange, live.Concat(ending[true]).Select(PairOf).Distinct().ToList(), ct);
        report.FallbackUses = answers.Values.Count(a => a.Price is not null && a.Exchange != batch.Exchange);
        var nearMisses = new List<(SignalSnapshot Signal, PriceAnswer Answer, IReadOnlyList<Trigger> Triggers)>();

        foreach (var signal in live)
        {
            if (deadline.Passed)
            {
                report.CheckFailures.Add(new CheckFailure(signal.Id, signal.Exchange, signal.Symbol, WorkDeadline.Reason, NotCheckedBecause.NoTime));
                continue;
            }

            report.Checked++;
            var answer = answers[PairOf(signal)];
            if (answer is not { Price: { } price, Exchange: { } exchange })
            {
                report.CheckFailures.Add(new CheckFailure(signal.Id, signal.Exchange, signal.Symbol, answer.Error!, NotCheckedBecause.NoPrice));
                continue;
            }

            // The cooldown is judged at the moment of the check, not the batch's start.
            var checkedAt = clock.GetUtcNow();
            var decision = SignalCheck.Decide(signal, price, checkedAt, wicks.IsNearMiss);
            switch (decision.Step)
            {
                case CheckStep.Arm:
                    await ArmAsync(signal, answer, decision.Armed! with { ArmedAt = answer.ObservedAt ?? checkedAt }, ct);
                    break;
                case CheckStep.MeasureMove:
                    await CheckMoveAsync(batch.CycleId, signal, answer, report, expired, recipients, ct);
                    break;
                case CheckStep.Fire:
                    await FireAsync(batch.CycleId, signal, new Crossing(price, exchange, answer.PrimaryFailure), report, expired, recipients, ct);
                    break;
                case CheckStep.LookForWicks:
                    nearMisses.Add((signal, answer, decision.NearTriggers!));
                    break;
            }
        }

        foreach (var signal in ending[true])
        {
            report.Checked++;
            var answer = answers[PairOf(signal)];
            if (answer is not { Price: not null, Exchange: not null })
                report.CheckFailures.Add(new CheckFailure(signal.Id, signal.Exchange, signal.Symbol, $"its last minutes before it expired are looked at when {signal.Exchange.ToWire()} answers: {answer.Error}", NotCheckedBecause.NoPrice));
            else
                nearMisses.Add((signal, answer, Conditions.TriggersOf(signal).ToList()));
        }

        var looked = await wicks.FindTouchesAsync(
            batch.CycleId,
            batch.Since,
            nearMisses.Select(m => new NearMiss(m.Signal.Id, m.Answer.Exchange!.Value, prices.SymbolFor(m.Answer.Exchange.Value, PairOf(m.Signal)), m.Triggers, m.Answer.Price!.Value, m.Signal.ArmedSince, m.Signal.ExpiresAt)).ToList(),
            ct);
        foreach (var (signal, answer, _) in nearMisses)
        {
            if (looked.NotLookedAt.Contains(signal.Id))
                report.CheckFailures.Add(new CheckFailure(signal.Id, signal.Exchange, signal.Symbol, $"its candles since {NotificationText.UtcTime(batch.Since ?? now)} could not be read from {answer.Exchange!.Value.ToWire()}; they are looked at again next cycle", NotCheckedBecause.NoHistory));
            else if (looked.Touches.TryGetValue(signal.Id, out var extreme))
            {
                await FireAsync(batch.CycleId, signal, new Crossing(extreme, answer.Exchange!.Value, answer.PrimaryFailure, LastPrice: answer.Price), report, expired, recipients, ct);
            }
            else if (signal.ExpiresAt <= now)
                await ExpireAsync(signal, expired, report, ct);
        }

        await SummarizeExpiredAsync(batch.CycleId, expired, report, recipients, ct);
        await RecordPricesAsync(batch, answers, looked.Ranges, now, ct);
        await RecordCoverageAsync(batch, report, ct);

        // One line per reason, not per alert: an exchange outage must not flood the log.
        foreach (var reason in report.CheckFailures.GroupBy(f => f.Reason))
            logger.LogWarning("{Count} alert(s) not checked, e.g. {SignalId} ({Symbol}): {Reason}", reason.Count(), reason.First().SignalId, reason.First().Symbol, reason.Key);

        return report;
    }

    /// <summary>
    /// A batch of markets as the alerts to check, and every market's price (all of them are kept in the price history):
    /// for each market, the alerts its price reaches in the trigger book (a market without a price: all its alerts, each
    /// then told as not checked).
    /// </summary>
    /// <returns>The batch with the alerts read, the prices, and the markets left unread because the host's time ran out.</returns>
    private async Task<(SignalBatch Batch, IReadOnlyDictionary<Pair, PriceAnswer> Prices, IReadOnlyList<Market> Unread)> WithReachedAsync(SignalBatch batch, DateTimeOffset now, CancellationToken ct)
    {
        var answers = await prices.GetAsync(batch.CycleId, batch.Exchange, batch.Markets.Select(m => new Pair(m.Base, m.Quote)).Distinct().ToList(), ct);
        decimal? PriceOf(Market market) => answers[new Pair(market.Base, market.Quote)].Price;
        var moves = await store.ListMoveGroupsAsync(batch.Markets, ct);
        var windows = new List<MarketWindow>(batch.Markets.Count);
        foreach (var market in batch.Markets)
        {
            var pair = new Pair(market.Base, market.Quote);
            windows.Add(new MarketWindow(market, answers[pair] is { Price: { } price } answer
                ? BookWindow.Around(price, wicks.Band, now + DueAhead) with { MovesUpTo = await MovesMadeAsync(batch.CycleId, pair, answer, moves[market], ct) }
                : BookWindow.Everything(moves[market])));
        }

        var reached = new List<SignalSnapshot>();
        var read = 0;
        if (!deadline.Passed)
        {
            await foreach (var (market, signals) in store.ListReachedAsync(windows, ct))
            {
                read++;
                var priced = PriceOf(market) is not null;
                reached.AddRange(signals.Select(SignalSnapshot.From).Where(s => !priced || !ChangedSince(s, batch.CycleStart ?? now)));
                if (deadline.Passed)
                    break;
            }
        }

        var unread = batch.Markets.Skip(read).ToList();
        var since = batch.FirstLook && reached.Count > 0 && reached.Min(s => s.ArmedSince) is var armed && !(batch.Since <= armed) ? armed : batch.Since;
        return (batch with { Signals = reached, Since = since }, answers, unread);
    }

    /// <summary>
    /// The move each percent-move group of a priced market made, measured as its alerts' checks measure it
    /// (<see cref="ReferenceAsync"/>), so the book reads exactly the percent moves that fire at this check, and those
    /// whose reference price cannot be read (each then told as not checked).
    /// </summary>
    private async Task<Dictionary<MoveGroup, decimal>> MovesMadeAsync(string cycleId, Pair pair, PriceAnswer answer, IEnumerable<MoveGroup> groups, CancellationToken ct)
    {
        var made = new Dictionary<MoveGroup, decimal>();
        foreach (var group in groups.Distinct())
        {
            made[group] = BookWindow.MoveUpTo(group, answer.Price!.Value, await ReferenceAsync(cycleId, pair, answer, group.Window, ct));
        }

        return made;
    }

    /// <summary>
    /// The price a percent move over <paramref name="window"/> is measured from: a window before the answer's price was
    /// seen, however long the check took since (the candles are read once a cycle). Null when the candles cannot be read.
    /// </summary>
    private Task<decimal?> ReferenceAsync(string cycleId, Pair pair, PriceAnswer answer, TimeSpan window, CancellationToken ct)
    {
        var exchange = answer.Exchange!.Value;
        return wicks.PriceAtAsync(cycleId, exchange, prices.SymbolFor(exchange, pair), (answer.ObservedAt ?? clock.GetUtcNow()) - window, ct);
    }

    /// <summary>
    /// Whether the alert armed or fired after <paramref name="cycleStart"/>. The book is read after the prices, which
    /// may have been asked for before that change (the cycle's prices are asked once): such an alert must not be judged by
    /// them, as if it had armed or fired earlier. It is checked next cycle, which looks back over its whole life, as an
    /// alert the Reader's snapshot missed was before the book.
    /// </summary>
    private static bool ChangedSince(SignalSnapshot signal, DateTimeOffset cycleStart) =>
        signal.ArmedSince > cycleStart || signal.TriggeredAt > cycleStart;

    /// <summary>
    /// Keeps what the batch saw, one sample per exchange that gave a price, at its cycle's start (so the batches of one
    /// cycle share it). The history is for people (charts, <c>history</c>), not for the promise: a store that refuses the
    /// write costs the sample, not the batch.
    /// </summary>
    private async Task RecordPricesAsync(
        SignalBatch batch, IReadOnlyDictionary<Pair, PriceAnswer> answers, IReadOnlyDictionary<(ExchangeId Exchange, string Symbol), (decimal High, decimal Low)> ranges, DateTimeOffset now, CancellationToken ct)
    {
        if (options.PriceHistory <= TimeSpan.Zero)
            return;

        var at = batch.CycleStart ?? now;
        foreach (var seen in answers.Where(a => a.Value is { Price: not null, Exchange: not null }).GroupBy(a => a.Value.Exchange!.Value))
        {
            var symbols = new Dictionary<string, SeenPrice>(StringComparer.Ordinal);
            foreach (var (pair, answer) in seen)
            {
                var symbol = prices.SymbolFor(seen.Key, pair);
                symbols[symbol] = ranges.TryGetValue((seen.Key, symbol), out var range) ? new SeenPrice(answer.Price!.Value, range.High, range.Low) : new SeenPrice(answer.Price!.Value);
            }

            try
            {
                await history.RecordPricesAsync(new PriceSample(seen.Key, at, symbols, at + options.PriceHistory), ct);
            }
            catch (Exception e) when (!(e is OperationCanceledException && ct.IsCancellationRequested))
            {
                logger.LogWarning(e, "The prices seen on {Exchange} were not kept in the price history: {Reason}", seen.Key.ToWire(), e.Message);
            }
        }
    }

    /// <summary>
    /// A batch its host has no time left for (<see cref="WorkDeadline"/>): none of its alerts is checked, and its span
    /// becomes a gap of its exchange's coverage, which the next cycle looks back over.
    /// </summary>
    public async Task<BatchReport> LeaveAsync(SignalBatch batch, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var report = new BatchReport();
        report.CheckFailures.AddRange(batch.Signals.Select(s => new CheckFailure(s.Id, s.Exchange, s.Symbol, WorkDeadline.Reason, NotCheckedBecause.NoTime)));
        report.CheckFailures.AddRange(batch.Markets.Select(LeftUnchecked));
        await RecordCoverageAsync(batch, report, ct);
        logger.LogWarning("Batch of {Count} {Exchange} alert(s) or market(s) of cycle {CycleId} left unchecked: no time left before the timeout", batch.Size, batch.Exchange, batch.CycleId);
        return report;
    }

    /// <summary>
    /// What the batch could look at: all of it (the exchange's coverage moves on to this cycle, and a gap it was sent to
    /// look back to closes), or not (a gap opens, or stays open, from where it looked back to).
    /// </summary>
    private async Task RecordCoverageAsync(SignalBatch batch, BatchReport report, CancellationToken ct)
    {
        if (batch.CycleStart is not { } cycle || batch.Size == 0)
            return;

        var complete = report.CheckFailures.Count == 0;
        await coverage.UpdateCoverageAsync(
            batch.Exchange,
            c => complete ? c.Covered(cycle, batch.SinceGap ? batch.Since : null) : c.Gapped(cycle, batch.Since ?? cycle),
            ct);
    }

    private async Task ExpireAsync(SignalSnapshot signal, List<SignalSnapshot> expired, BatchReport report, CancellationToken ct)
    {
        if (await store.MoveAsync(signal, new SignalState(SignalStatus.Expired, signal.Side), ct))
        {
            report.Expired++;
            expired.Add(signal);
            logger.LogInformation("{SignalId} expired at {ExpiresAt}", signal.Id, signal.ExpiresAt);
        }
    }

    /// <summary>
    /// One message per recipient for the alerts this batch retired (each alert expires once, so it is summarized once),
    /// recorded as a delivery first: a redelivered batch finds it and does not send it again.
    /// </summary>
    private async Task SummarizeExpiredAsync(string cycleId, List<SignalSnapshot> expired, BatchReport report, RecipientChoice recipients, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var addressed = new List<(SignalSnapshot Signal, string? Recipient)>();
        foreach (var signal in expired)
            addressed.Add((signal, await recipients.ForAsync(signal, ct)));
        foreach (var group in addressed.GroupBy(a => a.Recipient, a => a.Signal))
        {
            var alerts = group.OrderBy(s => s.Name, StringComparer.Ordinal).ToList();
            var summary = new Delivery
            {
                TriggerId = $"expired@{cycleId}:{alerts[0].Id}",
                SignalId = ExpirySummaryId,
                CycleId = cycleId,
                FiredAt = now,
                Price = 0m,
                PriceExchange = alerts[0].Exchange,
                Recipient = group.Key,
                Title = alerts.Count == 1 ? $"Alert expired: {alerts[0].Name}" : $"{alerts.Count} alerts expired",
                Message = string.Join('\n', alerts.Select(s => $"{s.Name} ({s.Exchange.ToWire()} {s.Symbol} {ConditionText.Describe(s)}), expired {NotificationText.UtcTime(s.ExpiresAt!.Value)}")),
                NextAttemptAt = deliveries.LeaseUntil(now),
            };

            var status = await firings.AddDeliveryAsync(summary, ct)
                ? await deliveries.DeliverLeasedAsync(summary, ct)
                : await deliveries.ResumeAsync(summary.TriggerId, ct);
            if (status is { } counted)
                report.Count(counted);
        }
    }

    /// <summary>What a market left unchecked is named by among the alerts not checked (alert ids hold no '/').</summary>
    public const string MarketPrefix = "market/";

    /// <summary>A market's alerts are not read without the time to check them: the market is told once, for all of them.</summary>
    private static CheckFailure LeftUnchecked(Market market) =>
        new($"{MarketPrefix}{market.Symbol}", market.Exchange, market.Symbol, WorkDeadline.Reason, NotCheckedBecause.NoTime);

    /// <summary>The <see cref="Delivery.SignalId"/> of the expiry summaries (they belong to no single alert).</summary>
    public const string ExpirySummaryId = "expired-alerts";

    /// <summary>
    /// A waiting alert arms when the price is back on its arming side (a write only then), armed from the moment that
    /// price was seen: what traded before it never fires the alert.
    /// </summary>
    private async Task ArmAsync(SignalSnapshot signal, PriceAnswer answer, SignalState next, CancellationToken ct)
    {
        if (await store.MoveAsync(signal, next, ct))
            logger.LogInformation("{SignalId} armed at {Price}{Side}", signal.Id, answer.Price, next.Side is { } side ? $" ({side.ToWire()} the target)" : string.Empty);
    }

    private async Task CheckMoveAsync(string cycleId, SignalSnapshot signal, PriceAnswer answer, BatchReport report, List<SignalSnapshot> expired, RecipientChoice recipients, CancellationToken ct)
    {
        var exchange = answer.Exchange!.Value;
        var reference = await ReferenceAsync(cycleId, PairOf(signal), answer, signal.Rule.Window!.Value, ct);
        if (reference is null)
            report.CheckFailures.Add(new CheckFailure(signal.Id, signal.Exchange, signal.Symbol, $"no price {DurationText.Format(signal.Rule.Window.Value)} ago from {exchange.ToWire()}'s candles", NotCheckedBecause.NoHistory));
        else if (Conditions.MoveFires(signal, answer.Price!.Value, reference.Value))
            await FireAsync(cycleId, signal, new Crossing(answer.Price.Value, exchange, answer.PrimaryFailure, ReferencePrice: reference), report, expired, recipients, ct);
    }

    private static Pair PairOf(SignalSnapshot signal) => new(signal.Base, signal.Quote);

    /// <summary>
    /// Claims and delivers a firing. An alert the firing retires by its expiry joins <paramref name="expired"/>, to be
    /// told in the batch's expiry summary.
    /// </summary>
    private async Task FireAsync(string cycleId, SignalSnapshot signal, Crossing crossing, BatchReport report, List<SignalSnapshot> expired, RecipientChoice recipients, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var next = SignalCheck.AfterFiring(signal, crossing.Price, now);
        var paused = next.Status == SignalStatus.Waiting && await FiredTooOftenAsync(signal, now, ct);
        if (paused)
            next = next with { Status = SignalStatus.Paused };

        // A wick's extreme fills {high} or {low}; a band's bounds fill them otherwise.
        var touchedHigh = crossing.LastPrice is { } last && crossing.Price > last;
        var touchedLow = crossing.LastPrice is { } lastPrice && crossing.Price < lastPrice;
        var message = NotificationText.Body(signal, crossing, now, signal.Rule.Template, touchedHigh ? crossing.Price : null, touchedLow ? crossing.Price : null);
        if (paused)
        {
            message += $"\nPaused: it fired {options.FlapLimit} times within {DurationText.Format(options.FlapWindow)}.";
            if (options.Hints.Rearm is { } rearm)
                message += $" Arm it again with: {string.Format(CultureInfo.InvariantCulture, rearm, signal.Id)}";
        }

        var facts = FiringFacts.Of(signal, crossing, now);
        var recipient = await recipients.ForAsync(signal, ct);
        var firings = ChannelNames.Each(signal.Rule.Channels).Select(channel => new Delivery
        {
            TriggerId = Delivery.TriggerIdFor(signal.Id, signal.Version, cycleId, channel),
            SignalId = signal.Id,
            CycleId = cycleId,
            FiredAt = now,
            Price = crossing.Price,
            PriceExchange = crossing.Exchange,
            Recipient = recipient,
            Title = NotificationText.Title(signal, crossing),
            Message = message,
            NextAttemptAt = deliveries.LeaseUntil(now),
            Channel = channel,
            Urgent = signal.Rule.Urgent,
            Facts = facts,
        }).ToList();

        if (await store.ClaimTriggerAsync(signal, firings, next, ct))
        {
            report.Fired++;
            logger.LogInformation("{SignalId} fired: {Symbol} {Price} on {PriceExchange} {Condition} {Target}; now {Status}", signal.Id, signal.Symbol, crossing.Price, crossing.Exchange, signal.Condition, signal.TargetPrice, next.Status);
            foreach (var firing in firings)
            {
                if (await deliveries.DeliverLeasedAsync(firing, ct) is { } status)
                    report.Count(status);
            }

            if (next.Status == SignalStatus.Expired)
            {
                report.Expired++;
                expired.Add(signal);
            }

            return;
        }

        // Claim lost: another worker claimed this crossing, or this batch is a redelivery of one we claimed before.
        // Only a delivery that is still pending and due is attempted again.
        foreach (var firing in firings)
        {
            if (await deliveries.ResumeAsync(firing.TriggerId, ct) is { } status)
                report.Count(status);
        }
    }

    /// <summary>Flap protection (<see cref="SignalCheck.FiresTooOften"/>): a read of its firings, on firing only.</summary>
    private async Task<bool> FiredTooOftenAsync(SignalSnapshot signal, DateTimeOffset now, CancellationToken ct) =>
        SignalCheck.FiresTooOften(signal, (await firings.ListDeliveriesAsync(signal.Id, ct)).Select(f => f.FiredAt), now, options);
}
