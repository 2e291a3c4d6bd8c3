using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using TradingAlerts.Core.Pipeline;

namespace TradingAlerts.Functions;

/// <summary>
/// Logs for Lambda: one JSON object per line (<c>timestamp</c>, <c>level</c>, <c>category</c>, <c>message</c>, then
/// every template field and scope field by name, such as <c>SqsMessageId</c> and <c>SignalId</c>), written
/// synchronously so nothing is lost when the environment is frozen after an invocation. An entry whose event names one
/// of <see cref="PipelineMetrics"/>' sets also carries CloudWatch's embedded metric format (<c>_aws</c>): CloudWatch Logs
/// turns its fields into metrics, with no API call and no permission beyond writing the log.
/// </summary>
public sealed class JsonLog(TextWriter output, TimeProvider clock, LogLevel minimum = LogLevel.Information) : ILoggerFactory
{
    private readonly Lock gate = new();
    private readonly AsyncLocal<Scope?> scopes = new();

    public LogLevel Minimum { get; } = minimum;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException("JsonLog writes its own lines; it takes no providers");

    public void Dispose()
    {
    }

    private void Write<TState>(string category, LogLevel level, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("timestamp", clock.GetUtcNow());
            json.WriteString("level", level.ToString());
            json.WriteString("category", category);
            json.WriteString("message", formatter(state, exception));
            var written = new HashSet<string>(["timestamp", "level", "category", "message", "exception"], StringComparer.Ordinal);
            if (state is IEnumerable<KeyValuePair<string, object?>> fields)
                WriteFields(json, fields, written);
            for (var scope = scopes.Value; scope is not null; scope = scope.Parent)
            {
                if (scope.State is IEnumerable<KeyValuePair<string, object?>> scoped)
                    WriteFields(json, scoped, written);
            }

            if (exception is not null)
                json.WriteString("exception", exception.ToString());
            if (PipelineMetrics.For(eventId) is { } metrics)
                WriteMetricDirective(json, metrics, written);
            json.WriteEndObject();
        }

        var line = Encoding.UTF8.GetString(buffer.ToArray());
        lock (gate)
        {
            output.WriteLine(line);
            output.Flush();
        }
    }

    /// <summary>
    /// The embedded metric format's directive: the set's dimensions and those of its metrics the entry holds (the format
    /// requires a value for each metric it names; a delivery that was not sent has no latency), whose values are the
    /// entry's fields.
    /// </summary>
    private void WriteMetricDirective(Utf8JsonWriter json, MetricSet metrics, HashSet<string> written)
    {
        json.WriteStartObject("_aws");
        json.WriteNumber("Timestamp", clock.GetUtcNow().ToUnixTimeMilliseconds());
        json.WriteStartArray("CloudWatchMetrics");
        json.WriteStartObject();
        json.WriteString("Namespace", PipelineMetrics.Namespace);
        json.WriteStartArray("Dimensions");
        json.WriteStartArray();
        foreach (var dimension in metrics.Dimensions)
            json.WriteStringValue(dimension);
        json.WriteEndArray();
        json.WriteEndArray();
        json.WriteStartArray("Metrics");
        foreach (var metric in metrics.Metrics.Where(m => written.Contains(m.Name)))
        {
            json.WriteStartObject();
            json.WriteString("Name", metric.Name);
            json.WriteString("Unit", metric.Unit);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteFields(Utf8JsonWriter json, IEnumerable<KeyValuePair<string, object?>> fields, HashSet<string> written)
    {
        foreach (var (key, value) in fields)
        {
            if (key == "{OriginalFormat}" || !written.Add(key))
                continue;

            switch (value)
            {
                case null:
                    json.WriteNull(key);
                    break;
                case bool b:
                    json.WriteBoolean(key, b);
                    break;
                case int or long or short or byte:
                    json.WriteNumber(key, Convert.ToInt64(value, CultureInfo.InvariantCulture));
                    break;
                case decimal d:
                    json.WriteNumber(key, d);
                    break;
                case IFormattable formattable:
                    json.WriteString(key, formattable.ToString(null, CultureInfo.InvariantCulture));
                    break;
                default:
                    json.WriteString(key, value.ToString());
                    break;
            }
        }
    }

    private sealed class Scope(JsonLog owner, object state, Scope? parent) : IDisposable
    {
        public object State { get; } = state;
        public Scope? Parent { get; } = parent;

        public void Dispose() => owner.scopes.Value = Parent;
    }

    private sealed class Logger(JsonLog owner, string category) : ILogger
    {
        public IDisposable BeginScope<TState>(TState state)
            where TState : notnull
        {
            var scope = new Scope(owner, state, owner.scopes.Value);
            owner.scopes.Value = scope;
            return scope;
        }

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None && logLevel >= owner.Minimum;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
                owner.Write(category, logLevel, eventId, state, exception, formatter);
        }
    }
}
