using Microsoft.Extensions.Time.Testing;
using TradingAlerts.Core.Analytics;
using TradingAlerts.Core.Pipeline;
using TradingAlerts.Core.Notifications;
using TradingAlerts.Core.Signals;
using TradingAlerts.Core.Tests.Fakes;
using TradingAlerts.Testing;

namespace TradingAlerts.Core.Tests;

/// <summary><see cref="StatsReport"/> with a scope (one owner's alerts): what counts in it, and what only in everyone's figures.</summary>
public sealed class StatsScopeTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private static readonly CancellationToken Ct = CancellationToken.None;

    [Fact]
    public async Task AScope_CountsOnlyItsAlertsFirings_NotARemovedAlertsNorTheExpirySummaries_ButKeepsTheCycles()
    {
        var store = new InMemorySignalStore();
        await store.AddAsync(Owned("a1", "alice", "BTCUSDT"), Ct);
        await store.AddAsync(Owned("a-quiet", "alice", "ETHUSDT"), Ct);
        await store.AddAsync(Owned("a-gone", "alice", "ETHUSDT"), Ct);
        await store.AddAsync(Owned("b1", "bob", "BTCUSDT"), Ct);
        await store.AddAsync(Owned("b-quiet", "bob", "ETHUSDT"), Ct);
        var sent = KnownHistory.Sent(TimeSpan.FromSeconds(1));
        await KnownHistory.FireAsync(store, "a1", Now.AddHours(-3), (Channels.Pushover, sent));
        await KnownHistory.FireAsync(store, "a1", Now.AddHours(-2), (Channels.Pushover, sent));
        await KnownHistory.FireAsync(store, "b1", Now.AddHours(-1), (Channels.Pushover, sent));
        await KnownHistory.FireAsync(store, "a-gone", Now.AddMinutes(-40), (Channels.Pushover, sent));
        (await store.RemoveAsync("a-gone", Ct)).Should().BeTrue();
        (await store.AddDeliveryAsync(ExpirySummary(Now.AddMinutes(-30)), Ct)).Should().BeTrue();
        var report = new StatsReport(store, store, store, new FakeTimeProvider(Now));

        var everyone = await report.ForAsync(TimeSpan.FromDays(7), Ct);
        var alices = await report.ForAsync(TimeSpan.FromDays(7), s => s.Owner == "alice", Ct);

        everyone.Firings.Should().Be(4, "everyone's figures keep the removed alert's firing");
        everyone.Channels.Single().Deliveries.Should().Be(5, "and the expiry summary's delivery");
        everyone.NeverFired.Select(a => a.Id).Should().Equal("a-quiet", "b-quiet");
        alices.Firings.Should().Be(2, "a removed alert no longer tells whose it was");
        alices.Symbols.Should().Equal(new SymbolFirings("BTCUSDT", 2));
        alices.Days.Sum(d => d.Firings).Should().Be(2);
        alices.Channels.Single().Deliveries.Should().Be(2, "the expiry summary is no one alert's");
        alices.MostFired.Select(a => a.Id).Should().Equal("a1");
        alices.NeverFired.Select(a => a.Id).Should().Equal("a-quiet");
        alices.Cycles.Should().Be(everyone.Cycles, "the cycles are the monitor's, whoever asks");
        alices.Exchanges.Should().Equal(everyone.Exchanges);
    }

    private static int added;

    /// <summary>An armed alert of <paramref name="owner"/>, created a minute after the one before (the quiet alerts' order).</summary>
    private static Signal Owned(string id, string owner, string symbol) =>
        SignalFactory.Armed(id, symbol) with { Name = id, Owner = owner, CreatedAt = Now.AddDays(-10).AddMinutes(Interlocked.Increment(ref added)), ExpiresAt = null };

    private static Delivery ExpirySummary(DateTimeOffset at) => new()
    {
        TriggerId = $"expired@{LocalCycle.CycleIdAt(at)}:a-quiet",
        SignalId = WorkerService.ExpirySummaryId,
        CycleId = LocalCycle.CycleIdAt(at),
        FiredAt = at,
        Price = 0m,
        PriceExchange = ExchangeId.Binance,
        Title = "Alert expired: a-old",
        Message = "a-old expired",
        NextAttemptAt = at,
    };
}
