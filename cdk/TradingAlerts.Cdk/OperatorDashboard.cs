using Amazon.CDK;
using Amazon.CDK.AWS.CloudWatch;
using Amazon.CDK.AWS.SQS;
using Constructs;
using TradingAlerts.Core.Pipeline;
using Metric = Amazon.CDK.AWS.CloudWatch.Metric;
using TradingAlerts.Core.Signals;
using LambdaFunction = Amazon.CDK.AWS.Lambda.Function;

namespace TradingAlerts.Cdk;

/// <summary>
/// The operator's CloudWatch dashboard: what the pipeline did (the metrics the functions' log lines carry, named by
/// Core's one definition), the queue's depth and age and the dead letters, and each function's errors, throttles and
/// durations.
/// </summary>
internal static class OperatorDashboard
{
    private static readonly Duration Period = Duration.Minutes(5);

    /// <param name="queue">The queue and its dead letters in the fan-out mode; null for the Monolith, whose cycles are drawn instead.</param>
    public static Dashboard Add(Construct scope, string name, IReadOnlyList<LambdaFunction> functions, (IQueue Queue, IQueue DeadLetters)? queue)
    {
        // Both modes check batches through the same consumer, so both write the batch metrics.
        var batch = PipelineMetrics.Batch;
        var dashboard = new Dashboard(scope, "OperatorDashboard", new DashboardProps { DashboardName = name });
        dashboard.AddWidgets(
            Graph("Alerts checked and fired", batch, ["Checked", "Fired", "Expired"]),
            Graph("Notifications", batch, ["Notified", "NotificationFailures"]),
            Graph("Alerts not checked", batch, ["NotChecked"]));
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

    /// <summary>The share of notifications that failed in a period, over all exchanges (0 when none was due).</summary>
    public static IMetric DeliveryFailureRate()
    {
        var failed = Metrics(PipelineMetrics.Batch, "NotificationFailures");
        var sent = Metrics(PipelineMetrics.Batch, "Notified");
        var inputs = failed.Select((m, i) => (Id: $"f{i}", Metric: m)).Concat(sent.Select((m, i) => (Id: $"s{i}", Metric: m))).ToDictionary(p => p.Id, p => p.Metric);
        var failures = string.Join(" + ", failed.Select((_, i) => $"FILL(f{i}, 0)"));
        var all = string.Join(" + ", sent.Select((_, i) => $"FILL(s{i}, 0)"));
        return new MathExpression(new MathExpressionProps
        {
            Expression = $"IF(({failures}) + ({all}) > 0, ({failures}) / (({failures}) + ({all})), 0)",
            UsingMetrics = inputs,
            Label = "share of notifications that failed",
            Period = Period,
        });
    }

    /// <summary>An exchange's alerts that could not be checked in a period (the exchange failing, or no time left).</summary>
    public static IMetric NotChecked(ExchangeId exchange) => Metric("NotChecked", new Dictionary<string, string> { ["Exchange"] = exchange.ToWire() }, label: null, "Sum");

    /// <summary>One metric of a set, per exchange when the set has that dimension.</summary>
    public static IReadOnlyList<IMetric> Metrics(MetricSet set, string name, string statistic = "Sum") => set.Dimensions.SequenceEqual(["Exchange"])
        ? [.. Enum.GetValues<ExchangeId>().Select(exchange => Metric(name, new Dictionary<string, string> { ["Exchange"] = exchange.ToWire() }, $"{name} ({exchange.ToWire()})", statistic))]
        : [Metric(name, set.Dimensions.ToDictionary(d => d, Value), name, statistic)];

    /// <summary>The dimension values the functions write (the Monolith names its pipeline).</summary>
    private static string Value(string dimension) => dimension == "Pipeline" ? PipelineMetrics.Monolithic : throw new ArgumentOutOfRangeException(nameof(dimension), dimension, null);

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
