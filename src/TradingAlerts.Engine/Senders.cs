using Microsoft.Extensions.Logging;
using TradingAlerts.Core.Notifications;
using TradingAlerts.Core.Pipeline;
using TradingAlerts.Core.Prices;
using TradingAlerts.Http;
using TradingAlerts.Notifications;
using TradingAlerts.Notifications.Pushover;

namespace TradingAlerts.Engine;

/// <summary>
/// The part of the pipeline that needs the secrets: every channel's notifier, the Delivery service, the Worker (it
/// sends what it claims), the queue consumers, and the cycle recorder and fan-out cycle watch with their operator watch. Built by
/// <see cref="PipelineEngine.CreateSenders"/>; its HTTP clients belong to the engine.
/// </summary>
public sealed class Senders
{
    /// <summary>
    /// What messages tell a person to do: the CLI's commands (every deployment's operator has the CLI: it manages the
    /// cloud's table too) and the variables each channel needs.
    /// </summary>
    public static readonly HostHints Hints = new()
    {
        Rearm = "tradingalerts signals enable {0}",
        SetRecipient = "tradingalerts recipients set",
        Status = "tradingalerts status",
        ChannelNeeds = new Dictionary<Channels, string>
        {
            [Channels.Pushover] = EngineVariables.PushoverAppToken.Name,
            [Channels.Telegram] = EngineVariables.TelegramBotToken.Name,
            [Channels.Discord] = "nothing but the recipient's Discord webhook URL",
            [Channels.Webhook] = EngineVariables.WebhookSecret.Name,
        },
    };

    private readonly PipelineEngine engine;
    private readonly DeploymentSecrets secrets;

    internal Senders(PipelineEngine engine, DeploymentSecrets secrets, INotifier? withoutPushover, EngineSettings settings, EngineTuning tuning, WickWatch wicks)
    {
        this.engine = engine;
        this.secrets = secrets;
        var clock = engine.Clock;
        var logs = engine.Logs;
        if (secrets.PushoverAppToken is { } token)
        {
            var pushover = engine.Own(ResilientHttp.Create(settings.PushoverApiUrl, tuning.PushoverRetry, null, tuning.Runtime));
            Pushover = new PushoverNotifier(pushover, token, clock);
            Receipts = new PushoverReceipts(pushover, token);
        }
        else
        {
            Pushover = withoutPushover ?? throw new ArgumentException("no Pushover token, and no notifier to use without one", nameof(secrets));
        }

        var channels = engine.Own(new ChannelClients(Pushover, new ChannelSecrets(secrets.TelegramBotToken, settings.TelegramApiUrl, secrets.WebhookSecret), clock, tuning.Runtime, Hints));
        Deliveries = new DeliveryService(engine.Store, engine.Store, channels.Notifiers, clock, new DeliveryOptions { Hints = Hints }, engine.Deadline, logs.CreateLogger<DeliveryService>());
        Worker = new WorkerService(
            engine.Store,
            engine.Store,
            engine.Store,
            engine.Store,
            engine.Store,
            engine.Prices,
            wicks,
            Deliveries,
            clock,
            new WorkerOptions { DefaultRecipient = secrets.PushoverUserKey, Hints = Hints, PriceHistory = settings.PriceHistory.Keep },
            engine.Deadline,
            logs.CreateLogger<WorkerService>());
        Consumer = new QueueConsumer(Worker, Deliveries, engine.Deadline, engine.Traffic, logs.CreateLogger<QueueConsumer>());
        FanOutConsumer = new FanOutConsumer(Consumer, engine.Store, engine.Prices, engine.Traffic, clock, logs.CreateLogger<FanOutConsumer>());
    }

    /// <summary>Pushover's notifier, or the host's stand-in when there is no token.</summary>
    public INotifier Pushover { get; }

    /// <summary>Asks whether urgent alerts' escalations were acknowledged; null without a Pushover token.</summary>
    public IReceiptLookup? Receipts { get; }
    public DeliveryService Deliveries { get; }
    public WorkerService Worker { get; }

    /// <summary>Checks the queue's messages one by one (the in-process cycle, and inside <see cref="FanOutConsumer"/>).</summary>
    public QueueConsumer Consumer { get; }

    /// <summary>The fan-out Worker's consumer: <see cref="Consumer"/>, and each batch's outcome kept for the cycle watch.</summary>
    public FanOutConsumer FanOutConsumer { get; }

    /// <summary>A cycle in one process: the Reader sends to <paramref name="queue"/>, this process drains <paramref name="received"/>.</summary>
    public LocalCycle CreateCycle(ISignalQueue queue, ISignalQueueReader received) =>
        new(engine.CreateReader(queue), received, Consumer, Deliveries, engine.Clock, engine.Logs.CreateLogger<LocalCycle>());

    /// <summary>
    /// Runs cycles and keeps their records after the operator watch had its look; the watch counts missed cycles in
    /// <paramref name="interval"/> and tells the operator's key (the default recipient when none is set).
    /// </summary>
    public CycleRecorder CreateRecorder(TimeSpan interval) =>
        new(CreateOperatorWatch(interval), engine.Store, engine.Prices, engine.Health, engine.Traffic, engine.Clock);

    /// <summary>
    /// The fan-out pipeline's cycle watch: on the Reader's schedule of <paramref name="interval"/>, it judges the cycle a
    /// period back from its batches' outcomes with the same operator watch as <see cref="CreateRecorder"/>.
    /// </summary>
    public FanOutWatch CreateFanOutWatch(TimeSpan interval) =>
        new(engine.Store, engine.Store, CreateOperatorWatch(interval), interval, engine.Clock, engine.Logs.CreateLogger<FanOutWatch>());

    /// <summary>Tells the operator's key (the default recipient when none is set), counting missed cycles in <paramref name="interval"/>.</summary>
    private OperatorWatch CreateOperatorWatch(TimeSpan interval) => new(
        engine.Store,
        Pushover,
        new OperatorWatchOptions { Interval = interval, Recipient = secrets.OperatorUserKey ?? secrets.PushoverUserKey, Hints = Hints },
        engine.Logs.CreateLogger<OperatorWatch>());
}
