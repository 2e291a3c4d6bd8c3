using Microsoft.Extensions.Logging;
using TradingAlerts.Core.Pipeline;
using TradingAlerts.Core.Signals;
using TradingAlerts.Core.Tests.Fakes;

namespace TradingAlerts.Core.Tests;

/// <summary>What the Worker says about a message it could not finish: what failed, not a guess.</summary>
public class QueueConsumerTests
{
    [Fact]
    public async Task FormatExceptionWhileCheckingAReadableBatch_IsLoggedAsWhatFailed_NotAsAnUnreadableMessage()
    {
        var pipeline = new LocalPipeline();
        await pipeline.AddAsync("BTCUSDT", Condition.Above, 100m);
        pipeline.Binance.WhileAsked = () => throw new FormatException("the input string '1,5' was not in a correct format");
        var logger = new LinesLogger();
        var consumer = new QueueConsumer(pipeline.Worker, pipeline.Deliveries, pipeline.Deadline, pipeline.Traffic, logger);
        await pipeline.Reader.RunAsync("cycle-1", pipeline.Clock.GetUtcNow(), null, CancellationToken.None);
        pipeline.Queue.TryDequeue(out var batch).Should().BeTrue();

        var consumed = await consumer.ConsumeAsync(new QueueMessage("m-1", batch), CancellationToken.None);

        consumed.Done.Should().BeFalse("it goes back to the queue");
        logger.Lines.Should().ContainSingle().Which.Should().Be("Message m-1 failed and goes back to the queue: FormatException: the input string '1,5' was not in a correct format");
    }

    [Fact]
    public async Task UnreadableBody_IsLoggedWithWhyItCannotBeRead()
    {
        var pipeline = new LocalPipeline();
        var logger = new LinesLogger();
        var consumer = new QueueConsumer(pipeline.Worker, pipeline.Deliveries, pipeline.Deadline, pipeline.Traffic, logger);

        var consumed = await consumer.ConsumeAsync(new QueueMessage("m-2", null, "signal batch message: cycle_id is missing"), CancellationToken.None);

        consumed.Done.Should().BeFalse();
        logger.Lines.Should().ContainSingle().Which.Should().Contain("is not a signal batch").And.Contain("cycle_id is missing");
    }

    /// <summary>Each entry as a line: the message, and the exception's type and text when there is one.</summary>
    private sealed class LinesLogger : ILogger<QueueConsumer>
    {
        public List<string> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Add(exception is null ? formatter(state, null) : $"{formatter(state, exception)}: {exception.GetType().Name}: {exception.Message}");
    }
}
