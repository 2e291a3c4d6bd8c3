using Amazon.CDK;
using Amazon.CDK.AWS.CloudWatch;
using Amazon.CDK.AWS.SQS;
using Constructs;
using TradingAlerts.Core.Notifications;
using TradingAlerts.Core.Pipeline;
using Metric = Amazon.CDK.AWS.CloudWatch.Metric;
using TradingAlerts.Core.Signals;
using LambdaFunction = Amazon.CDK.AWS.Lambda.Function;

namespace TradingAlerts.Cdk;

/// <summary>
/// The operator's CloudWatch dashboard: what the pipeline did (the metrics the functions' log lines carry, named by
/// Core's one definition: alerts per exchange, deliveries per channel, requests per exchange), the queue's depth and
/// age and the dead letters, and each function's errors, throttles and durations.
/// </summary>
internal static class OperatorDashboard
{
    private static readonly Duration Period = Duration.Minutes(5);

    /// <param name="queue">The queue and its dead letters in the fan-out mode; null for the Monolith, whose cycles are drawn instead.</param>
    public static Dashboard Add(Construct scope, string name, IReadOnlyList<LambdaFunction> functions, (IQueue Queue, IQueue DeadLetters)? queue)
    {
        // Both modes check batches through the same consumer, so both write the batch metrics.
        var batch = PipelineMetrics.Batch;
        var delivery = PipelineMetrics.Delivery;
        var exchanges = PipelineMetrics.ExchangeRequests;
        var dashboard = new Dashboard(scope, "OperatorDashboard", new DashboardProps { DashboardName = name });
        dashboard.AddWidgets(
            Graph("Alerts checked and fired", batch, ["Checked", "Fired", "Expired"]),
            Graph("Notifications", batch, ["Notified", "NotificationFailures"]),
            Graph("Alerts not checked: all, no price, no history, no time", batch, ["NotChecked", "NotCheckedNoPrice", "NotCheckedNoHistory", "NotCheckedNoTime"]));
        dashboard.AddWidgets(
            Graph("Deliveries sent", delivery, ["Sent"], width: 6),
            Graph("Deliveries failed for now (retried)", delivery, ["Retried"], width: 6),
            Graph("Deliveries failed permanently", delivery, ["FailedPermanently"], width: 6),
            Graph("Deliveries held (quiet hours)", delivery, ["Held"], width: 6));
        dashboard.AddWidgets(
            Graph("Delivery latency p50 (ms, crossing seen to channel's acceptance)", delivery, ["LatencyMs"], width: 12, statistic: "p50"),
            Graph("Delivery latency p95 (ms, crossing seen to channel's acceptance)", delivery, ["LatencyMs"], width: 12, statistic: "p95"));
        dashboard.AddWidgets(
            Graph("Exchange requests", exchanges, ["Requests"]),
            Graph("Exchange requests failed", exchanges, ["RequestFailures"]),
            Graph("Prices from a fallback exchange", batch, ["FallbackUses"]));
        if (queue is var (batches, deadLetters))
        {
            dashboard.AddWidgets(
                new GraphWidget(new GraphWidgetProps
                {
                    Title = "Queue: depth, dead letters (left), age of the oldest batch (right)",
                    Left = [batches.MetricApproximateNumberOfMessagesVisible(Options("Maximum")), deadLetters.MetricApproximateNumberOfMessagesVisible(Options("Maximum"))],
                    Right = [batches.MetricApproximateAgeOfOldestMessage(Options("Maximum"))],
                    Width = 24,
                }));
        }
        else
        {
            dashboard.AddWidgets(
                Graph("Cycles: failed batches", PipelineMetrics.Cycle, ["FailedBatches"], width: 12),
                Graph("Cycles: duration (ms)", PipelineMetrics.Cycle, ["DurationMs"], width: 12, statistic: "Maximum"));
        }

        dashboard.AddWidgets(
            new GraphWidget(new GraphWidgetProps { Title = "Function errors", Left = [.. functions.Select(f => f.MetricErrors(Options("Sum")))], Width = 8 }),
            new GraphWidget(new GraphWidgetProps { Title = "Function throttles", Left = [.. functions.Select(f => f.MetricThrottles(Options("Sum")))], Width = 8 }),
            new GraphWidget(new GraphWidgetProps { Title = "Function durations (p95)", Left = [.. functions.Select(f => f.MetricDuration(Options("p95")))], Width = 8 }));
        return dashboard;
    }

    /// <summary>
    /// The share of a channel's delivery attempts that failed in a period, for now or for good (0 when none was made).
    /// Held deliveries are no attempt: quiet hours are not a failure.
    /// </summary>
    public static IMetric DeliveryFailureRate(Channels channel)
    {
        IMetric Of(string name) => Metric(name, new Dictionary<string, string> { ["Channel"] = channel.ToWire() }, label: null, "Sum");
        return new MathExpression(new MathExpressionProps
        {
            Expression = "IF(FILL(s, 0) + FILL(r, 0) + FILL(f, 0) > 0, (FILL(r, 0) + FILL(f, 0)) / (FILL(s, 0) + FILL(r, 0) + FILL(f, 0)), 0)",
            UsingMetrics = new Dictionary<string, IMetric> { ["s"] = Of("Sent"), ["r"] = Of("Retried"), ["f"] = Of("FailedPermanently") },
            Label = $"share of the {channel.ToWire()} delivery attempts that failed",
            Period = Period,
        });
    }

    /// <summary>An exchange's alerts that could not be checked in a period (the exchange failing, or no time left).</summary>
    public static IMetric NotChecked(ExchangeId exchange) => Metric("NotChecked", new Dictionary<string, string> { ["Exchange"] = exchange.ToWire() }, label: null, "Sum");

    /// <summary>One metric of a set, once for each value its dimension takes (each exchange, each channel).</summary>
    public static IReadOnlyList<IMetric> Metrics(MetricSet set, string name, string statistic = "Sum")
    {
        var dimension = set.Dimensions.Single();
        var values = Values(dimension);
        return [.. values.Select(value => Metric(name, new Dictionary<string, string> { [dimension] = value }, values.Count > 1 ? $"{name} ({value})" : name, statistic))];
    }

    /// <summary>The values the functions write for a dimension (the Monolith names its pipeline).</summary>
    private static IReadOnlyList<string> Values(string dimension) => dimension switch
    {
        "Exchange" => [.. Enum.GetValues<ExchangeId>().Select(e => e.ToWire())],
        "Channel" => [.. ChannelNames.All.Select(c => c.ToWire())],
        "Pipeline" => [PipelineMetrics.Monolithic],
        _ => throw new ArgumentOutOfRangeException(nameof(dimension), dimension, null),
    };

    private static GraphWidget Graph(string title, MetricSet set, string[] names, int width = 8, string statistic = "Sum") => new(new GraphWidgetProps
    {
        Title = title,
        Left = [.. names.Select(n => set.Metrics.Single(m => m.Name == n)).SelectMany(m => Metrics(set, m.Name, statistic))],
        Width = width,
    });

    private static Metric Metric(string name, Dictionary<string, string> dimensions, string? label, string statistic) => new(new MetricProps
    {
        Namespace = PipelineMetrics.Namespace,
        MetricName = name,
        DimensionsMap = dimensions,
        Statistic = statistic,
        Period = Period,
        Label = label,
    });

    private static MetricOptions Options(string statistic) => new() { Period = Period, Statistic = statistic };
}
