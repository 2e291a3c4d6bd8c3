using System.Text.Json;
using System.Text.Json.Serialization;
using TradingAlerts.Core.Prices;
using TradingAlerts.Core.Signals;

namespace TradingAlerts.Core.Pipeline;

/// <summary>What a finished cycle leaves for <c>tradingalerts status</c> and the web UI's status strip.</summary>
/// <param name="Requests">Requests that reached each exchange during the cycle (retries included).</param>
/// <param name="Health">Each exchange's health when the cycle ended.</param>
public sealed record CycleRecord(CycleReport Report, DateTimeOffset FinishedAt, IReadOnlyDictionary<ExchangeId, long> Requests, IReadOnlyList<ExchangeStatus> Health)
{
    /// <summary>
    /// The operator incidents open after this cycle: told of and not yet told over (<see cref="OperatorWatch"/>). Records
    /// written before the field existed read as none (the source-generated reader sets a missing one to null).
    /// </summary>
    public IReadOnlyList<OperatorIncident> OpenIncidents { get; init => field = value ?? []; } = [];

    public string ToJson() => JsonSerializer.Serialize(this, CycleJsonContext.Default.CycleRecord);

    public static CycleRecord FromJson(string json) =>
        JsonSerializer.Deserialize(json, CycleJsonContext.Default.CycleRecord) ?? throw new JsonException("empty cycle record");
}

/// <summary>The recent cycles, newest first, and what each day's cycles add up to.</summary>
public interface ICycleLog
{
    /// <summary>
    /// Keeps the record and forgets all but the newest <paramref name="keep"/>; adds it to its day's tally
    /// (<see cref="CycleTally.Changes"/>: a record that replaces one of the same cycle replaces its counts), and
    /// forgets the tallies of days before <see cref="CycleTally.OldestKept"/>.
    /// </summary>
    Task RecordAsync(CycleRecord record, int keep, CancellationToken ct);

    Task<IReadOnlyList<CycleRecord>> RecentAsync(int count, CancellationToken ct);

    /// <summary>The tallies of the days from <paramref name="from"/> to <paramref name="to"/> (both included) that had a cycle, oldest first.</summary>
    Task<IReadOnlyList<DayTally>> TalliesAsync(DateOnly from, DateOnly to, CancellationToken ct);
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, UseStringEnumConverter = true)]
[JsonSerializable(typeof(CycleRecord))]
[JsonSerializable(typeof(BatchOutcome))]
internal sealed partial class CycleJsonContext : JsonSerializerContext;
