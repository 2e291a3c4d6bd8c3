using System.Text.Json;
using TradingAlerts.Core.Prices;
using TradingAlerts.Core.Signals;

namespace TradingAlerts.Core.Pipeline;

/// <summary>
/// What became of one queue message's batch, as the fan-out Worker that consumed it saw it: kept so that the cycle
/// watch (<see cref="FanOutWatch"/>), a period later, can tell whether the cycle completed and how the exchanges fared,
/// although no single process saw the whole cycle.
/// </summary>
/// <param name="Batch">The batch's name within its cycle (<see cref="KeyOf"/>): a redelivered message has the same one.</param>
/// <param name="Alerts">The alerts the batch held.</param>
/// <param name="CycleAlerts">The alerts the whole cycle queued (<see cref="SignalBatch.CycleAlerts"/>).</param>
/// <param name="Done">
/// Checked to its end, alerts that could not be priced included; false for a batch that failed, or was left for the
/// deadline: its message comes back.
/// </param>
/// <param name="Requests">Requests that reached each exchange while the batch was checked (retries included).</param>
/// <param name="Health">Each exchange's health as that Worker saw it when the batch ended.</param>
public sealed record BatchOutcome(
    string CycleId,
    DateTimeOffset CycleStart,
    string Batch,
    int Alerts,
    int CycleAlerts,
    bool Done,
    DateTimeOffset FinishedAt,
    IReadOnlyDictionary<ExchangeId, long> Requests,
    IReadOnlyList<ExchangeStatus> Health)
{
    /// <summary>
    /// How long a store keeps an outcome after it finished: far beyond the queue's retention (1 hour), after which no
    /// message of the cycle can come back, and the one period after which the watch judges it.
    /// </summary>
    public static readonly TimeSpan KeptFor = TimeSpan.FromDays(1);

    /// <summary>Check failures an outcome lists with their reason; the others are only counted, so that its item stays small.</summary>
    public const int ListedFailures = 5;

    public int Checked { get; init; }
    public int Expired { get; init; }
    public int Fired { get; init; }
    public int Notified { get; init; }
    public int NotificationFailures { get; init; }

    /// <summary>The exchange whose alerts the batch holds.</summary>
    public ExchangeId Exchange { get; init; }

    /// <summary>Prices the batch's alerts got from a fallback exchange because <see cref="Exchange"/> could not give them.</summary>
    public int FallbackUses { get; init; }

    /// <summary>The batch's alerts that could not be checked, <see cref="CheckFailures"/> and those not listed.</summary>
    public int NotChecked { get; init; }

    /// <summary>The first <see cref="ListedFailures"/> alerts that could not be checked, and why.</summary>
    public IReadOnlyList<CheckFailure> CheckFailures { get; init => field = value ?? []; } = [];

    /// <summary>
    /// A batch's name within its cycle: its exchange and its first alert, or its first market. Every alert and market is
    /// in one batch of a cycle, so no two batches share it (the halves of a batch split to fit the queue's message size
    /// begin with different alerts; alert ids hold no '/', so an alert never takes a market's name).
    /// </summary>
    public static string KeyOf(SignalBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return $"{batch.Exchange.ToWire()}:{batch.Signals.FirstOrDefault()?.Id ?? (batch.Markets.Count > 0 ? "market/" + batch.Markets[0].Symbol : null)}";
    }

    /// <summary>The outcome of a batch of the cycle that started at <paramref name="cycleStart"/> and queued <paramref name="cycleAlerts"/> alerts.</summary>
    /// <param name="report">What the batch did; null when it failed before it could say.</param>
    public static BatchOutcome Of(
        SignalBatch batch,
        DateTimeOffset cycleStart,
        int cycleAlerts,
        BatchReport? report,
        bool done,
        DateTimeOffset finishedAt,
        IReadOnlyDictionary<ExchangeId, long> requests,
        IReadOnlyList<ExchangeStatus> health)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return new BatchOutcome(batch.CycleId, cycleStart, KeyOf(batch), batch.Size, cycleAlerts, done, finishedAt, requests, health)
        {
            Exchange = batch.Exchange,
            Checked = report?.Checked ?? 0,
            Expired = report?.Expired ?? 0,
            Fired = report?.Fired ?? 0,
            Notified = report?.Notified ?? 0,
            NotificationFailures = report?.NotificationFailures ?? 0,
            FallbackUses = report?.FallbackUses ?? 0,
            NotChecked = report?.CheckFailures.Count ?? 0,
            CheckFailures = report?.CheckFailures.Take(ListedFailures).ToList() ?? [],
        };
    }

    public string ToJson() => JsonSerializer.Serialize(this, CycleJsonContext.Default.BatchOutcome);

    public static BatchOutcome FromJson(string json) =>
        JsonSerializer.Deserialize(json, CycleJsonContext.Default.BatchOutcome) ?? throw new JsonException("empty batch outcome");
}

/// <summary>
/// The fan-out Workers' batch outcomes (<see cref="BatchOutcome"/>), written by every batch and read by the cycle
/// watch. Each store forgets an outcome <see cref="BatchOutcome.KeptFor"/> after it finished.
/// </summary>
public interface IBatchOutcomeLog
{
    /// <summary>
    /// Keeps the outcome of one batch of a cycle. A done outcome already kept for the same batch (the message delivered
    /// again, which finds its claims and sends nothing) stays as it is, so a batch counts once, as its first complete
    /// check saw it; one not done is replaced.
    /// </summary>
    Task RecordOutcomeAsync(BatchOutcome outcome, CancellationToken ct);

    /// <summary>The outcomes that finished after <paramref name="since"/>, in no particular order.</summary>
    Task<IReadOnlyList<BatchOutcome>> ListOutcomesAsync(DateTimeOffset since, CancellationToken ct);
}
