using Microsoft.Extensions.Logging;

namespace TradingAlerts.Core.Pipeline;

/// <summary>One metric of a set: its name (the log entry's field that holds the value) and its unit.</summary>
public sealed record Metric(string Name, string Unit);

/// <summary>
/// Metrics that a log entry carries: the entry's event names the set, its fields hold the dimensions' values and the
/// metrics' values. A host that can turn such entries into metrics does (the Lambdas' JSON log writes CloudWatch's
/// embedded metric format: no extra call, no extra permission); any other log shows them as the line's fields.
/// </summary>
public sealed record MetricSet(EventId Event, IReadOnlyList<string> Dimensions, IReadOnlyList<Metric> Metrics)
{
    /// <summary>
    /// Logs one entry of the set whose values are not all words of its message: <paramref name="fields"/> holds each
    /// dimension's value and the metrics' values (a metric the entry has no value for is left out), and whatever else
    /// the line tells by name; <paramref name="message"/> is what a person reads.
    /// </summary>
    public void Log(ILogger logger, LogLevel level, string message, IReadOnlyDictionary<string, object?> fields)
    {
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(fields);
        if (Dimensions.FirstOrDefault(d => fields.GetValueOrDefault(d) is null) is { } missing)
            throw new ArgumentException($"the {Event.Name} entry has no value for its dimension {missing}", nameof(fields));

        logger.Log(level, Event, fields, null, (_, _) => message);
    }
}

/// <summary>The pipeline's metrics, defined once: what the code that knows them logs, and what a dashboard draws.</summary>
public static class PipelineMetrics
{
    public const string Namespace = "TradingAlerts";

    /// <summary>The <c>Pipeline</c> dimension's value in the Monolith's cycle lines (the CDK app's mode of that name).</summary>
    public const string Monolithic = "monolithic";

    /// <summary>
    /// One batch of one exchange's alerts, as the queue consumer checked it. <c>NotChecked</c> is the sum of the three
    /// reasons (<see cref="NotCheckedBecause"/>); <c>FallbackUses</c> counts the prices that another exchange gave
    /// because the batch's own could not.
    /// </summary>
    public static readonly MetricSet Batch = new(
        new EventId(1001, "BatchChecked"),
        ["Exchange"],
        [
            new("Checked", "Count"), new("Expired", "Count"), new("Fired", "Count"), new("Notified", "Count"), new("NotificationFailures", "Count"), new("NotChecked", "Count"),
            new("NotCheckedNoPrice", "Count"), new("NotCheckedNoHistory", "Count"), new("NotCheckedNoTime", "Count"), new("FallbackUses", "Count"),
        ]);

    /// <summary>A whole cycle in one process (the Monolith function: <c>Pipeline</c> is <c>monolithic</c>).</summary>
    public static readonly MetricSet Cycle = new(
        new EventId(1002, "CycleCompleted"),
        ["Pipeline"],
        [new("Checked", "Count"), new("Fired", "Count"), new("Notified", "Count"), new("NotificationFailures", "Count"), new("RetriedDeliveries", "Count"), new("FailedBatches", "Count"), new("DurationMs", "Milliseconds")]);

    /// <summary>
    /// What became of one attempt to deliver a firing on one channel, as the delivery service records it: exactly one
    /// of the four counts is 1. <c>Retried</c>: it failed for now and is tried again later; <c>FailedPermanently</c>:
    /// given up; <c>Held</c>: quiet hours, no attempt made. <c>LatencyMs</c>, only on a sent firing that was not held,
    /// is the time from the crossing's detection to the channel's acceptance.
    /// </summary>
    public static readonly MetricSet Delivery = new(
        new EventId(1003, "DeliveryRecorded"),
        ["Channel"],
        [new("Sent", "Count"), new("Retried", "Count"), new("FailedPermanently", "Count"), new("Held", "Count"), new("LatencyMs", "Milliseconds")]);

    /// <summary>The requests that reached one exchange while one batch was checked (retries included), and those that failed.</summary>
    public static readonly MetricSet ExchangeRequests = new(
        new EventId(1004, "ExchangeRequests"),
        ["Exchange"],
        [new("Requests", "Count"), new("RequestFailures", "Count")]);

    public static readonly IReadOnlyList<MetricSet> All = [Batch, Cycle, Delivery, ExchangeRequests];

    /// <summary>The set an entry's event names, or null.</summary>
    public static MetricSet? For(EventId eventId) => All.FirstOrDefault(set => set.Event.Id == eventId.Id);
}
