using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace TradingAlerts.Functions;

/// <summary>
/// Logs for Lambda: one JSON object per line (<c>timestamp</c>, <c>level</c>, <c>category</c>, <c>message</c>, then
/// every template field and scope field by name, such as <c>SqsMessageId</c> and <c>SignalId</c>), written
/// synchronously so nothing is lost when the environment is frozen after an invocation.
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

    private void Write<TState>(string category, LogLevel level, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
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
            json.WriteEndObject();
        }

        var line = Encoding.UTF8.GetString(buffer.ToArray());
        lock (gate)
        {
            output.WriteLine(line);
            output.Flush();
        }
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
                owner.Write(category, logLevel, state, exception, formatter);
        }
    }
}
