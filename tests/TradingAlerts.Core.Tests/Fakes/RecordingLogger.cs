using Microsoft.Extensions.Logging;

namespace TradingAlerts.Core.Tests.Fakes;

/// <summary>One log entry as a structured log keeps it: its event, level, message and named fields.</summary>
internal sealed record LogEntry(EventId Event, LogLevel Level, string Message, IReadOnlyDictionary<string, object?> Fields);

/// <summary>Keeps every entry in a list the test reads (shared by the loggers of one pipeline, so their order is kept).</summary>
internal sealed class RecordingLogger<T>(List<LogEntry> entries) : ILogger<T>
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var fields = state is IEnumerable<KeyValuePair<string, object?>> named ? named.ToDictionary(f => f.Key, f => f.Value) : [];
        entries.Add(new LogEntry(eventId, logLevel, formatter(state, exception), fields));
    }
}
