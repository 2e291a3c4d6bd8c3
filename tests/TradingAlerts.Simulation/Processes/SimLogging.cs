using Microsoft.Extensions.Logging;

namespace TradingAlerts.Simulation.Processes;

/// <summary>The product's logs in a replayed seed: one line each, stamped with simulated time and the process.</summary>
internal sealed class SimLogging(TextWriter writer, SimulatedTime time, string process) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) => new Logger(writer, time, process, categoryName[(categoryName.LastIndexOf('.') + 1)..]);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    private sealed class Logger(TextWriter writer, SimulatedTime time, string process, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var error = exception is null ? string.Empty : $" ({exception.GetType().Name}: {exception.Message})";
            writer.WriteLine($"{time.Now:HH:mm:ss.fff} {process,-10} {category}: {formatter(state, exception)}{error}");
        }
    }
}
