using Microsoft.Extensions.Logging;
using TradingAlerts.Core.Notifications;
using TradingAlerts.Core.Prices;
using TradingAlerts.Core.Signals;

namespace TradingAlerts.Core.Pipeline;

public sealed record WorkerOptions
{
    /// <summary>Recipient for alerts that name none (PUSHOVER_USER_KEY).</summary>
    public string? DefaultRecipient { get; init; }
}

/// <summary>
/// Checks one batch: one price lookup per exchange and cycle (with fallback), every alert evaluated in memory, the
/// candles looked up for the alerts near their target, and for each crossing a conditional claim; only the claim's
/// winner sends. An alert that does not fire costs no write.
/// </summary>
public sealed class WorkerService(
    ISignalStore store,
    CyclePrices prices,
    WickWatch wicks,
    DeliveryService deliveries,
    TimeProvider clock,
    WorkerOptions options,
    ILogger<WorkerService> logger)
{
    public async Task<BatchReport> ProcessAsync(SignalBatch batch, CancellationToken ct)
    {
        var report = new BatchReport();
        var now = clock.GetUtcNow();
        var live = new List<SignalSnapshot>();
        foreach (var signal in batch.Signals)
        {
            if (signal.ExpiresAt <= now)
            {
                if (await store.ExpireAsync(signal, ct))
                {
                    report.Expired++;
                    logger.LogInformation("{SignalId} expired at {ExpiresAt}", signal.Id, signal.ExpiresAt);
                }
            }
            else
            {
                live.Add(signal);
            }
        }

        var answers = await prices.GetAsync(batch.CycleId, batch.Exchange, live.Select(PairOf).Distinct().ToList(), ct);
        var nearMisses = new List<(SignalSnapshot Signal, PriceAnswer Answer)>();

        foreach (var signal in live)
        {
            report.Checked++;
            var answer = answers[PairOf(signal)];
            if (answer is not { Price: { } price, Exchange: { } exchange })
            {
                report.CheckFailures.Add(new CheckFailure(signal.Id, signal.Exchange, signal.Symbol, answer.Error!));
                continue;
            }

            if (signal.Condition.IsMetBy(price, signal.TargetPrice))
                await FireAsync(batch.CycleId, signal, new Crossing(price, exchange, answer.PrimaryFailure), report, ct);
            else if (wicks.IsNearMiss(signal.TargetPrice, price))
                nearMisses.Add((signal, answer));
        }

        var touches = await wicks.FindTouchesAsync(
            batch.CycleId,
            batch.Since,
            nearMisses.Select(m => new NearMiss(m.Signal.Id, m.Answer.Exchange!.Value, prices.SymbolFor(m.Answer.Exchange.Value, PairOf(m.Signal)), m.Signal.Condition, m.Signal.TargetPrice, m.Answer.Price!.Value, m.Signal.CreatedAt)).ToList(),
            ct);
        foreach (var (signal, answer) in nearMisses)
        {
            if (touches.TryGetValue(signal.Id, out var extreme))
                await FireAsync(batch.CycleId, signal, new Crossing(extreme, answer.Exchange!.Value, answer.PrimaryFailure, LastPrice: answer.Price), report, ct);
        }

        // One line per reason, not per alert: an exchange outage must not flood the log.
        foreach (var reason in report.CheckFailures.GroupBy(f => f.Reason))
            logger.LogWarning("{Count} alert(s) not checked, e.g. {SignalId} ({Symbol}): {Reason}", reason.Count(), reason.First().SignalId, reason.First().Symbol, reason.Key);

        return report;
    }

    private static Pair PairOf(SignalSnapshot signal) => new(signal.Base, signal.Quote);

    private async Task FireAsync(string cycleId, SignalSnapshot signal, Crossing crossing, BatchReport report, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var firing = new Firing
        {
            TriggerId = Firing.TriggerIdFor(signal.Id, signal.Version, cycleId),
            SignalId = signal.Id,
            CycleId = cycleId,
            FiredAt = now,
            Price = crossing.Price,
            PriceExchange = crossing.Exchange,
            Recipient = signal.UserId ?? options.DefaultRecipient,
            Title = AlertMessage.Title(signal, crossing),
            Message = AlertMessage.Body(signal, crossing, now),
            NextAttemptAt = deliveries.LeaseUntil(now),
        };

        if (await store.ClaimTriggerAsync(signal, firing, ct))
        {
            report.Fired++;
            logger.LogInformation("{SignalId} fired: {Symbol} {Price} on {PriceExchange} {Condition} {Target}", signal.Id, signal.Symbol, crossing.Price, crossing.Exchange, signal.Condition, signal.TargetPrice);
            report.Count(await deliveries.DeliverLeasedAsync(firing, ct));
            return;
        }

        // Claim lost: another worker claimed this crossing, or this batch is a redelivery of one we claimed before.
        // Only a delivery that is still pending and due is attempted again.
        if (await deliveries.ResumeAsync(firing.TriggerId, ct) is { } status)
            report.Count(status);
    }
}
