using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using TradingAlerts.Core.Notifications;
using TradingAlerts.Core.Pipeline;
using TradingAlerts.Core.Prices;
using TradingAlerts.Core.Signals;

namespace TradingAlerts.Core.Tests.Fakes;

/// <summary>The local pipeline wired with fakes: one store, three exchanges (Binance first), one notifier, a fake clock.</summary>
internal sealed class LocalPipeline
{
    public LocalPipeline(int maxSignalsPerBatch = 500, WickOptions? wickOptions = null, WorkerOptions? workerOptions = null)
    {
        Channels[Core.Notifications.Channels.Pushover] = Notifier;
        Deadline = new WorkDeadline(Clock);
        Deliveries = new DeliveryService(Store, Store, new ChannelNotifiers(Channels, Hints), Clock, new DeliveryOptions { Hints = Hints }, Deadline, new RecordingLogger<DeliveryService>(Logged));
        Reader = new ReaderService(Store, Store, Queue, new ReaderOptions { MaxSignalsPerBatch = maxSignalsPerBatch, MaxMarketsPerBatch = maxSignalsPerBatch }, NullLogger<ReaderService>.Instance);
        Health = new ExchangeHealth(Clock, new CircuitOptions());
        Prices = new CyclePrices([Binance, Bybit, Coinbase], Health, Clock, new PriceOptions { FallbackOrder = [ExchangeId.Binance, ExchangeId.Bybit, ExchangeId.Coinbase] }, NullLogger<CyclePrices>.Instance);
        var wicks = new WickWatch([BinanceCandles], Clock, wickOptions ?? new WickOptions(), Deadline, NullLogger<WickWatch>.Instance);
        Worker = new WorkerService(Store, Store, Store, Store, Store, Prices, wicks, Deliveries, Clock, (workerOptions ?? new WorkerOptions { DefaultRecipient = "default-user" }) with { Hints = Hints }, Deadline, NullLogger<WorkerService>.Instance);
        Consumer = new QueueConsumer(Worker, Deliveries, Deadline, Traffic, new RecordingLogger<QueueConsumer>(Logged));
        Cycle = new LocalCycle(Reader, Queue, Consumer, Deliveries, Clock, NullLogger<LocalCycle>.Instance);
    }

    /// <summary>The host's words in messages, as the CLI's engine gives them.</summary>
    public static readonly HostHints Hints = new()
    {
        Rearm = "tradingalerts signals enable {0}",
        SetRecipient = "tradingalerts recipients set",
        Status = "tradingalerts status",
        ChannelNeeds = new Dictionary<Channels, string> { [Core.Notifications.Channels.Telegram] = "TELEGRAM_BOT_TOKEN", [Core.Notifications.Channels.Webhook] = "WEBHOOK_SECRET" },
    };

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
    public InMemorySignalStore Store { get; } = new();
    public FakePriceSource Binance { get; } = new(ExchangeId.Binance);
    public FakePriceSource Bybit { get; } = new(ExchangeId.Bybit);
    public FakePriceSource Coinbase { get; } = new(ExchangeId.Coinbase);
    public FakeCandleSource BinanceCandles { get; } = new(ExchangeId.Binance);
    public RecordingNotifier Notifier { get; } = new();

    /// <summary>What the delivery service and the queue consumer logged, in order.</summary>
    public List<LogEntry> Logged { get; } = [];

    /// <summary>Pushover's notifier is <see cref="Notifier"/>; a test adds the other channels it needs.</summary>
    public Dictionary<Channels, INotifier> Channels { get; } = [];
    public InProcessSignalQueue Queue { get; } = new();

    /// <summary>Never started unless a test plays a host with a timeout.</summary>
    public WorkDeadline Deadline { get; }
    public ExchangeHealth Health { get; }

    /// <summary>The queue's consumer, as the Worker function and the local cycle use it.</summary>
    public QueueConsumer Consumer { get; }
    public CyclePrices Prices { get; }
    public DeliveryService Deliveries { get; }
    public ReaderService Reader { get; }
    public WorkerService Worker { get; }
    public LocalCycle Cycle { get; }

    /// <summary>
    /// The requests the fake exchanges answered so far and those they failed, as a host's wire counters tell them to
    /// the queue consumer (each fake answers a request with one call).
    /// </summary>
    public IReadOnlyDictionary<ExchangeId, ExchangeTraffic> Traffic() => new Dictionary<ExchangeId, ExchangeTraffic>
    {
        [ExchangeId.Binance] = new(Binance.Requests + BinanceCandles.Requests + BinanceCandles.FineRequests, Binance.Failures + BinanceCandles.Failures),
        [ExchangeId.Bybit] = new(Bybit.Requests, Bybit.Failures),
        [ExchangeId.Coinbase] = new(Coinbase.Requests, Coinbase.Failures),
    };

    /// <summary>The next cycle, a minute later.</summary>
    public Task<CycleReport> NextCycleAsync()
    {
        Clock.Advance(TimeSpan.FromMinutes(1));
        return Cycle.RunOnceAsync(CancellationToken.None);
    }

    /// <summary>An alert as a person would type it, through the same validation as the CLI (so it starts in its initial status).</summary>
    public async Task<Signal> AddAsync(SignalDraft draft)
    {
        var signal = new SignalValidator([ExchangeId.Binance, ExchangeId.Bybit, ExchangeId.Coinbase], Clock)
            .Create(draft with { Exchange = draft.Exchange ?? "binance" }, SignalSource.Cli);
        signal = signal with { Base = signal.Symbol[..^4], Quote = signal.Symbol[^4..] };
        await Store.AddAsync(signal, CancellationToken.None);
        return signal;
    }

    public async Task<Signal> AddAsync(string symbol, Condition condition, decimal target, string? userId = null, DateTimeOffset? expiresAt = null, ExchangeId exchange = ExchangeId.Binance)
    {
        var signal = new Signal
        {
            Id = SignalValidator.NewId(),
            Name = $"{symbol} {condition} {target}",
            Exchange = exchange,
            Symbol = symbol,
            Base = symbol[..^4],
            Quote = symbol[^4..],
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
