using TradingAlerts.Core.Notifications;
using TradingAlerts.Core.Pipeline;
using TradingAlerts.Core.Prices;
using TradingAlerts.Core.Signals;

namespace TradingAlerts.Testing;

/// <summary>
/// A week of alert history written through the store's own ports (claims, leases, delivery records, cycle records),
/// with the figures any view of the last 7 days must show stated beside it. The dashboard, the API and the CLI are each
/// checked against these numbers, not against each other.
/// </summary>
/// <remarks>
/// Over the 7 days before <c>now</c>: btc-100k (BTCUSDT) fires 3 times, each to Pushover and Telegram; eth-dip (ETHUSDT)
/// once to Pushover; gone (BTCUSDT) once to Pushover and is then removed. old-one fired 10 days ago only, sol-watch never.
/// Pushover's 5 deliveries are all sent, 1 s, 2 s, 4 s, 10 s and 5 s after their crossing; Telegram's 3 are one sent
/// after 3 s, one failed for good, one held for quiet hours. Four cycles ran in the period (two completed, one with a
/// failed batch, one broken off), one more 10 days ago; Binance was degraded in one (3 of its prices from a fallback)
/// and down in another (5).
/// </remarks>
public static class KnownHistory
{
    public const string Period = "7d";
    public const int Firings = 5;
    public const int BtcFirings = 4;
    public const int EthFirings = 1;
    public const int PushoverDeliveries = 5;
    public const long PushoverP50Ms = 4_000;
    public const long PushoverP95Ms = 10_000;
    public const int TelegramDeliveries = 3;
    public const int TelegramSent = 1;
    public const int TelegramFailed = 1;
    public const int TelegramHeld = 1;
    public const decimal TelegramSuccessRate = 0.5m;
    public const long TelegramP50Ms = 3_000;
    public const int CyclesRecorded = 4;
    public const int CyclesCompleted = 2;
    public const int CyclesBrokenOff = 1;
    public const int FailedBatches = 1;
    public const int BinanceUp = 1;
    public const int BinanceDegraded = 1;
    public const int BinanceDown = 1;
    public const int BinanceRequests = 7;
    public const int BinanceFallbackUses = 8;
    public const string MostFired = "btc-100k";
    public const int MostFiredCount = 3;
    public static readonly string[] NeverFired = ["old-one", "sol-watch"];

    private static readonly CancellationToken Ct = CancellationToken.None;

    /// <summary>Writes the history into an empty <paramref name="store"/>, as of <paramref name="now"/>.</summary>
    public static async Task WriteAsync(IStore store, DateTimeOffset now)
    {
        await store.AddAsync(Alert("old-one", "BTCUSDT", now.AddDays(-20)), Ct);
        await store.AddAsync(Alert("btc-100k", "BTCUSDT", now.AddDays(-19)), Ct);
        await store.AddAsync(Alert("eth-dip", "ETHUSDT", now.AddDays(-18), ExchangeId.Bybit), Ct);
        await store.AddAsync(Alert("gone", "BTCUSDT", now.AddDays(-17)), Ct);
        await store.AddAsync(Alert("sol-watch", "SOL-USD", now.AddDays(-16), ExchangeId.Coinbase), Ct);

        await FireAsync(store, "old-one", now.AddDays(-10), (Channels.Pushover, Sent(TimeSpan.FromSeconds(1))));
        await FireAsync(store, "btc-100k", now.AddDays(-2), (Channels.Pushover, Sent(TimeSpan.FromSeconds(1))), (Channels.Telegram, Sent(TimeSpan.FromSeconds(3))));
        await FireAsync(store, "btc-100k", now.AddDays(-1), (Channels.Pushover, Sent(TimeSpan.FromSeconds(2))), (Channels.Telegram, FailedForGood));
        await FireAsync(store, "eth-dip", now.AddHours(-3), (Channels.Pushover, Sent(TimeSpan.FromSeconds(10))));
        await FireAsync(store, "gone", now.AddHours(-2), (Channels.Pushover, Sent(TimeSpan.FromSeconds(5))));
        await FireAsync(store, "btc-100k", now.AddHours(-1), (Channels.Pushover, Sent(TimeSpan.FromSeconds(4))), (Channels.Telegram, HeldForQuietHours));
        (await store.RemoveAsync("gone", Ct)).Should().BeTrue();

        await store.RecordAsync(Cycle("c-old", now.AddDays(-10), failedBatches: 0, ExchangeState.Down, requests: 100, fallbackUses: 50), keep: 100, Ct);
        await store.RecordAsync(Cycle("c-1", now.AddDays(-1), failedBatches: 0, ExchangeState.Ok, requests: 2, fallbackUses: 0), keep: 100, Ct);
        await store.RecordAsync(Cycle("c-2", now.AddHours(-2), failedBatches: 1, ExchangeState.Degraded, requests: 4, fallbackUses: 3), keep: 100, Ct);
        await store.RecordAsync(BrokenOff("c-3", now.AddHours(-1)), keep: 100, Ct);
        await store.RecordAsync(Cycle("c-4", now.AddMinutes(-10), failedBatches: 0, ExchangeState.Down, requests: 1, fallbackUses: 5), keep: 100, Ct);
    }

    private static Signal Alert(string id, string symbol, DateTimeOffset createdAt, ExchangeId exchange = ExchangeId.Binance) =>
        SignalFactory.Armed(id, symbol, exchange) with { Name = $"{id} alert", CreatedAt = createdAt, ExpiresAt = null };

    public static Func<DateTimeOffset, DeliveryAttempt> Sent(TimeSpan latency) =>
        firedAt => new DeliveryAttempt(DeliveryStatus.Sent, 1, "200", null, firedAt + latency);

    private static DeliveryAttempt FailedForGood(DateTimeOffset firedAt) => new(DeliveryStatus.Failed, 1, "400 chat not found", null, null);

    private static DeliveryAttempt HeldForQuietHours(DateTimeOffset firedAt) => new(DeliveryStatus.Pending, 0, "held for quiet hours", firedAt.AddHours(8), null) { Held = true };

    /// <summary>Claims a crossing of the alert as the Worker does (one delivery per channel), records each delivery's outcome, and arms the alert again.</summary>
    public static async Task FireAsync(IStore store, string id, DateTimeOffset firedAt, params (Channels Channel, Func<DateTimeOffset, DeliveryAttempt> Outcome)[] channels)
    {
        var alert = (await store.GetAsync(id, Ct))!;
        var snapshot = SignalSnapshot.From(alert);
        var cycleId = LocalCycle.CycleIdAt(firedAt);
        var facts = new FiringFacts(alert.Id, alert.Name, alert.Symbol, alert.Exchange, alert.Condition, alert.TargetPrice, 100_001m, firedAt, null);
        var deliveries = channels.Select(c => SignalFactory.FiringFor(snapshot, firedAt, cycleId) with
        {
            TriggerId = Delivery.TriggerIdFor(id, snapshot.Version, cycleId, c.Channel),
            Channel = c.Channel,
            NextAttemptAt = firedAt,
            Facts = facts,
        }).ToList();
        (await store.ClaimTriggerAsync(snapshot, deliveries, new SignalState(SignalStatus.Triggered), Ct)).Should().BeTrue();

        foreach (var (delivery, (_, outcome)) in deliveries.Zip(channels))
        {
            var lease = firedAt.AddMinutes(1);
            (await store.TryLeaseDeliveryAsync(delivery.TriggerId, firedAt, lease, Ct)).Should().BeTrue();
            (await store.RecordDeliveryAsync(delivery.TriggerId, lease, outcome(firedAt), Ct)).Should().BeTrue();
        }

        var triggered = (await store.GetAsync(id, Ct))!;
        (await store.UpdateAsync(triggered with { Status = SignalStatus.Pending }, Ct)).Should().BeTrue();
    }

    private static CycleRecord Cycle(string cycleId, DateTimeOffset finishedAt, int failedBatches, ExchangeState binance, long requests, int fallbackUses) => new(
        new CycleReport(cycleId, finishedAt.AddSeconds(-2), 5, 0, 0, 0, 0, 0, [], TimeSpan.FromSeconds(2), failedBatches)
        {
            FallbackUses = fallbackUses == 0 ? new Dictionary<ExchangeId, int>() : new Dictionary<ExchangeId, int> { [ExchangeId.Binance] = fallbackUses },
        },
        finishedAt,
        new Dictionary<ExchangeId, long> { [ExchangeId.Binance] = requests },
        [new ExchangeStatus(ExchangeId.Binance, binance, finishedAt, binance == ExchangeState.Ok ? null : finishedAt, binance == ExchangeState.Ok ? null : "HTTP 503", 0, null)]);

    private static CycleRecord BrokenOff(string cycleId, DateTimeOffset finishedAt) => new(
        CycleReport.BrokenOff(cycleId, finishedAt.AddSeconds(-1), TimeSpan.FromSeconds(1), new IOException("the queue is unreachable")),
        finishedAt,
        new Dictionary<ExchangeId, long>(),
        []);
}
