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
/// Checks one batch: one price lookup per exchange and cycle, every alert evaluated in memory, and for each crossing
/// a conditional claim; only the claim's winner sends. An alert that does not fire costs no write.
/// </summary>
public sealed class WorkerService(
    ISignalStore store,
    CyclePrices prices,
    DeliveryService deliveries,
    TimeProvider clock,
    WorkerOptions options,
    ILogger<WorkerService> logger)
{
    public async Task<BatchReport> ProcessAsync(SignalBatch batch, CancellationToken ct)
    {
        var report = new BatchReport();
        var symbols = batch.Signals.Select(s => s.Symbol).Distinct().ToList();
        var book = await prices.GetAsync(batch.CycleId, batch.Exchange, symbols, ct);

        foreach (var signal in batch.Signals)
        {
            report.Checked++;
            if (!book.TryGetPrice(signal.Symbol, out var price, out var error))
            {
                report.CheckFailures.Add(new CheckFailure(signal.Id, signal.Exchange, signal.Symbol, error!));
                continue;
            }

            if (signal.Condition.IsMetBy(price, signal.TargetPrice))
                await FireAsync(batch.CycleId, signal, price, book.Exchange, report, ct);
        }

        foreach (var failure in report.CheckFailures)
            logger.LogWarning("Could not check {SignalId} ({Symbol} on {Exchange}): {Reason}", failure.SignalId, failure.Symbol, failure.Exchange, failure.Reason);

        return report;
    }

    private async Task FireAsync(string cycleId, SignalSnapshot signal, decimal price, ExchangeId priceExchange, BatchReport report, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var firing = new Firing
        {
            TriggerId = Firing.TriggerIdFor(signal.Id, signal.Version, cycleId),
            SignalId = signal.Id,
            CycleId = cycleId,
            FiredAt = now,
            Price = price,
            PriceExchange = priceExchange,
            Recipient = signal.UserId ?? options.DefaultRecipient,
            Title = AlertMessage.Title(signal, price),
            Message = AlertMessage.Body(signal, price, priceExchange, now),
            NextAttemptAt = deliveries.LeaseUntil(now),
        };

        if (await store.ClaimTriggerAsync(signal, firing, ct))
        {
            report.Fired++;
            logger.LogInformation("{SignalId} fired: {Symbol} {Price} {Condition} {Target}", signal.Id, signal.Symbol, price, signal.Condition, signal.TargetPrice);
            report.Count(await deliveries.DeliverLeasedAsync(firing, ct));
            return;
        }

        // Claim lost: another worker claimed this crossing, or this batch is a redelivery of one we claimed before.
        // Only a delivery that is still pending and due is attempted again.
        if (await deliveries.ResumeAsync(firing.TriggerId, ct) is { } status)
            report.Count(status);
    }
}
