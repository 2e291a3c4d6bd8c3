using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using TradingAlerts.Core.Pipeline;
using TradingAlerts.Core.Prices;
using TradingAlerts.Core.Signals;

namespace TradingAlerts.Core.Tests.Fakes;

/// <summary>The local pipeline wired with fakes: one store, one Binance source, one notifier, a fake clock.</summary>
internal sealed class LocalPipeline
{
    public LocalPipeline(int maxSignalsPerBatch = 500)
    {
        Deliveries = new DeliveryService(Store, Notifier, Clock, new DeliveryOptions(), NullLogger<DeliveryService>.Instance);
        Reader = new ReaderService(Store, Queue, Clock, new ReaderOptions { MaxSignalsPerBatch = maxSignalsPerBatch }, NullLogger<ReaderService>.Instance);
        Worker = new WorkerService(Store, new CyclePrices([Binance]), Deliveries, Clock, new WorkerOptions { DefaultRecipient = "default-user" }, NullLogger<WorkerService>.Instance);
        Cycle = new LocalCycle(Reader, Queue, Worker, Deliveries, Clock);
    }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
    public InMemorySignalStore Store { get; } = new();
    public FakePriceSource Binance { get; } = new(ExchangeId.Binance);
    public RecordingNotifier Notifier { get; } = new();
    public ChannelSignalQueue Queue { get; } = new();
    public DeliveryService Deliveries { get; }
    public ReaderService Reader { get; }
    public WorkerService Worker { get; }
    public LocalCycle Cycle { get; }

    public async Task<Signal> AddAsync(string symbol, Condition condition, decimal target, string? userId = null, DateTimeOffset? expiresAt = null)
    {
        var signal = new Signal
        {
            Id = SignalValidator.NewId(),
            Name = $"{symbol} {condition} {target}",
            Exchange = ExchangeId.Binance,
            Symbol = symbol,
            Condition = condition,
            TargetPrice = target,
            CreatedAt = Clock.GetUtcNow(),
            UserId = userId,
            ExpiresAt = expiresAt,
        };
        await Store.AddAsync(signal, CancellationToken.None);
        return signal;
    }
}
