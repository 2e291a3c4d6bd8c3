using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using TradingAlerts.Core.Pipeline;

namespace TradingAlerts.Core.Tests;

public class MonitorLoopTests
{
    private static CycleReport Report(string id) => new(id, DateTimeOffset.UnixEpoch, 0, 0, 0, 0, 0, 0, [], TimeSpan.Zero);

    [Fact]
    public async Task RunAsync_FailingCycle_IsLoggedAndTheLoopGoesOn()
    {
        var clock = new FakeTimeProvider();
        using var stop = new CancellationTokenSource();
        var calls = 0;
        var reports = new List<CycleReport>();
        var loop = new MonitorLoop(clock, NullLogger<MonitorLoop>.Instance);

        var running = loop.RunAsync(
            _ =>
            {
                calls++;
                if (calls == 3)
                    stop.Cancel();
                return calls == 1 ? throw new InvalidOperationException("store locked") : Task.FromResult(Report($"c{calls}"));
            },
            TimeSpan.FromSeconds(60),
            reports.Add,
            stop.Token);
        for (var i = 0; i < 3 && !running.IsCompleted; i++)
        {
            await Task.Delay(20);
            clock.Advance(TimeSpan.FromSeconds(60));
        }

        (await running).Should().Be(3);
        reports.Select(r => r.CycleId).Should().Equal("c2", "c3");
    }

    [Fact]
    public async Task RunAsync_StopDuringACycle_LetsTheCycleFinish()
    {
        using var stop = new CancellationTokenSource();
        var cycleMayEnd = new TaskCompletionSource();
        var finished = false;
        var loop = new MonitorLoop(new FakeTimeProvider(), NullLogger<MonitorLoop>.Instance);

        var running = loop.RunAsync(
            async ct =>
            {
                await stop.CancelAsync();
                await cycleMayEnd.Task;
                ct.IsCancellationRequested.Should().BeFalse("the cycle does not see the stop request");
                finished = true;
                return Report("c1");
            },
            TimeSpan.FromSeconds(60),
            _ => { },
            stop.Token);
        await Task.Delay(20);
        running.IsCompleted.Should().BeFalse();
        cycleMayEnd.SetResult();

        (await running).Should().Be(1);
        finished.Should().BeTrue();
    }

    [Fact]
    public async Task RunAsync_WithState_TellsItTheRunningCycleTheLastReportAndTheNextStart()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.Zero));
        var state = new MonitorState<CycleReport>(clock);
        using var stop = new CancellationTokenSource();
        var seenWhileRunning = new List<MonitorSnapshot<CycleReport>>();
        var calls = 0;
        var loop = new MonitorLoop(clock, NullLogger<MonitorLoop>.Instance);

        var running = loop.RunAsync(
            _ =>
            {
                seenWhileRunning.Add(state.Current);
                calls++;
                clock.Advance(TimeSpan.FromSeconds(2));
                return calls == 2 ? throw new InvalidOperationException("store locked") : Task.FromResult(Report($"c{calls}"));
            },
            TimeSpan.FromSeconds(60),
            _ => { },
            stop.Token,
            state);
        while (state.Current.NextCycleAt is null && !running.IsCompleted)
            await Task.Delay(10);

        state.Current.LastReport!.CycleId.Should().Be("c1");
        state.Current.NextCycleAt.Should().Be(new DateTimeOffset(2026, 3, 1, 10, 1, 0, TimeSpan.Zero), "an interval after the cycle started");
        state.UntilNextCycle.Should().Be(TimeSpan.FromSeconds(58));
        clock.Advance(TimeSpan.FromSeconds(58));
        while ((calls < 2 || state.Current.Running) && !running.IsCompleted)
            await Task.Delay(10);
        await stop.CancelAsync();
        await running;

        seenWhileRunning.Should().OnlyContain(s => s.Running && s.NextCycleAt == null);
        state.Current.LastReport!.CycleId.Should().Be("c1", "a failed cycle leaves the last report that came");
        state.UntilNextCycle.Should().Be(TimeSpan.FromSeconds(58));
    }
}
