using Microsoft.Extensions.Logging;

namespace TradingAlerts.Core.Pipeline;

/// <summary>One metric of a set: its name (the log entry's field that holds the value) and its unit.</summary>
public sealed record Metric(string Name, string Unit);

/// <summary>
/// Metrics that a log entry carries: the entry's event names the set, its fields hold the dimensions' values and the
/// metrics' values. A host that can turn such entries into metrics does (the Lambdas' JSON log writes CloudWatch's
/// embedded metric format: no extra call, no extra permission); any other log shows them as the line's fields.
/// </summary>
public sealed record MetricSet(EventId Event, IReadOnlyList<string> Dimensions, IReadOnlyList<Metric> Metrics);

/// <summary>The pipeline's metrics, defined once: what the code that knows them logs, and what a dashboard draws.</summary>
public static class PipelineMetrics
{
    public const string Namespace = "TradingAlerts";

    /// <summary>The <c>Pipeline</c> dimension's value in the Monolith's cycle lines (the CDK app's mode of that name).</summary>
    public const string Monolithic = "monolithic";

    /// <summary>One batch of one exchange's alerts, as the queue consumer checked it.</summary>
    public static readonly MetricSet Batch = new(
        new EventId(1001, "BatchChecked"),
        ["Exchange"],
        [new("Checked", "Count"), new("Expired", "Count"), new("Fired", "Count"), new("Notified", "Count"), new("NotificationFailures", "Count"), new("NotChecked", "Count")]);

    /// <summary>A whole cycle in one process (the Monolith function: <c>Pipeline</c> is <c>monolithic</c>).</summary>
    public static readonly MetricSet Cycle = new(
        new EventId(1002, "CycleCompleted"),
        ["Pipeline"],
        [new("Checked", "Count"), new("Fired", "Count"), new("Notified", "Count"), new("NotificationFailures", "Count"), new("RetriedDeliveries", "Count"), new("FailedBatches", "Count"), new("DurationMs", "Milliseconds")]);

    public static readonly IReadOnlyList<MetricSet> All = [Batch, Cycle];

    /// <summary>The set an entry's event names, or null.</summary>
    public static MetricSet? For(EventId eventId) => All.FirstOrDefault(set => set.Event.Id == eventId.Id);
}
