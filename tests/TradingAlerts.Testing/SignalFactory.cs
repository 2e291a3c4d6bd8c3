using TradingAlerts.Core.Pipeline;
using TradingAlerts.Core.Signals;

namespace TradingAlerts.Testing;

/// <summary>Valid alerts and firings for tests; adjust them with <c>with</c>.</summary>
public static class SignalFactory
{
    /// <summary>A fixed instant with sub-millisecond ticks, so a store that drops precision is caught.</summary>
    public static readonly DateTimeOffset Now = new DateTimeOffset(2026, 3, 14, 9, 26, 53, TimeSpan.Zero).AddTicks(5_897_932);

    public const string UserKey = "uQiRzpo4DXghDmr9QzzfQu27cmVRsG";

    /// <summary>An armed alert (active, pending) with its usual optional fields set.</summary>
    public static Signal Armed(string id, string symbol = "BTCUSDT", ExchangeId exchange = ExchangeId.Binance) => new()
    {
        Id = id,
        Name = $"{symbol} above 100k",
        Exchange = exchange,
        Symbol = symbol,
        Base = symbol[..^4],
        Quote = symbol[^4..],
        Condition = Condition.Above,
        TargetPrice = 100_000.5m,
        CreatedAt = Now,
        UserId = UserKey,
        Notes = "weekly plan",
        ExpiresAt = Now.AddDays(30),
        Source = SignalSource.Cli,
    };

    /// <summary>
    /// An alert whose every field differs from the defaults: a non-UTC offset, sub-millisecond ticks, a price with more
    /// digits than a double holds, text that needs quoting.
    /// </summary>
    public static Signal EveryFieldSet(string id) => new()
    {
        Id = id,
        Name = "ETH \"dip\" — bis 1.234,5 €\nsecond line",
        Exchange = ExchangeId.Coinbase,
        Symbol = "ETHUSD",
        Base = "ETH",
        Quote = "USD",
        Condition = Condition.Below,
        TargetPrice = 123_456_789.123456789012m,
        Status = SignalStatus.Triggered,
        Active = false,
        CreatedAt = new DateTimeOffset(2025, 12, 31, 23, 59, 59, TimeSpan.FromHours(2)).AddTicks(1_234_567),
        TriggeredAt = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromHours(-5)).AddTicks(9_999_999),
        TriggeredCount = 3,
        UserId = UserKey,
        Notes = "it's 'quoted'; DROP TABLE signals; --",
        ExpiresAt = new DateTimeOffset(2027, 6, 30, 0, 0, 0, TimeSpan.Zero).AddTicks(1),
        Source = SignalSource.Sheets,
        SheetKey = "coinbase:ETHUSD:below:123456789.123456789012:uQiRzpo4DXghDmr9QzzfQu27cmVRsG",
        Version = 7,
    };

    /// <summary>The firing a Worker would claim for <paramref name="snapshot"/> at <paramref name="firedAt"/>.</summary>
    public static Delivery FiringFor(SignalSnapshot snapshot, DateTimeOffset firedAt, string cycleId = "2026-03-14T09:25:00Z") => new()
    {
        TriggerId = Delivery.TriggerIdFor(snapshot.Id, snapshot.Version, cycleId),
        SignalId = snapshot.Id,
        CycleId = cycleId,
        FiredAt = firedAt,
        Price = 100_000.50000001m,
        PriceExchange = ExchangeId.Bybit,
        Recipient = snapshot.UserId,
        Title = $"{snapshot.Symbol} {snapshot.Condition.ToWire()} {snapshot.TargetPrice}",
        Message = $"{snapshot.Name}: 100000.50000001 on bybit",
        NextAttemptAt = firedAt.AddMinutes(2),
    };
}
