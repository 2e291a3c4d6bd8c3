using TradingAlerts.Core.Notifications;
using TradingAlerts.Core.Pipeline;
using TradingAlerts.Core.Prices;
using TradingAlerts.Core.Signals;

namespace TradingAlerts.Core.Backtesting;

/// <summary>A would-be firing: when the check at the end of a minute would have fired, at what price, and whether a wick (the minute's high or low) touched the level rather than its close.</summary>
public sealed record BacktestFiring(DateTimeOffset Time, decimal Price, bool Wick);

/// <summary>Minutes without a candle: those opening from <paramref name="From"/> up to (not including) <paramref name="To"/>.</summary>
public sealed record MinuteGap(DateTimeOffset From, DateTimeOffset To);

/// <summary>How an alert would have behaved over a period of one-minute candles.</summary>
/// <param name="Pushes">The notifications its firings would have sent: one per firing and channel.</param>
/// <param name="Paused">When flap protection would have paused it (it then stays paused, as it does live until enabled again).</param>
/// <param name="Unchecked">Minutes at which a percent move could not be measured: the candle a window before was missing.</param>
/// <param name="Status">Its status at the end of the period.</param>
public sealed record BacktestResult(
    DateTimeOffset From,
    DateTimeOffset To,
    int Candles,
    IReadOnlyList<BacktestFiring> Firings,
    int Pushes,
    IReadOnlyList<DateTimeOffset> Paused,
    IReadOnlyList<MinuteGap> Gaps,
    int Unchecked,
    SignalStatus Status);

/// <summary>
/// Runs an alert's rule over one-minute candles as the live Worker would have checked it once a minute: at the end of
/// each minute, the candle's close is the last price and its high and low are the wick since the previous check. Every
/// decision is <see cref="SignalCheck"/>'s, the Worker's own (arming side, hysteresis, cooldown, flap pause, expiry);
/// only the reads and writes around it differ. No I/O.
/// </summary>
/// <remarks>
/// What one-minute candles cannot tell is left out on the safe side: the minute an alert expires in, unless it expires
/// on the minute (live reads that minute's finer prices). A minute without a candle is a minute without a check.
/// </remarks>
public sealed class Backtest(WorkerOptions worker, WickOptions wicks)
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    public Backtest()
        : this(new WorkerOptions(), new WickOptions())
    {
    }

    /// <summary>
    /// The alert as it would have started at <paramref name="from"/>: created then, in its initial status, never fired.
    /// An existing alert's rule and expiry are kept; its history is not.
    /// </summary>
    public static SignalSnapshot StartOf(Signal signal, DateTimeOffset from) =>
        SignalSnapshot.From(signal) with
        {
            Status = Conditions.InitialStatus(signal.Condition),
            CreatedAt = from,
            Side = null,
            TriggeredAt = null,
            ArmedAt = null,
        };

    /// <summary>The alert (as <see cref="StartOf"/> makes it) over the candles opening in [<paramref name="from"/>, <paramref name="to"/>).</summary>
    public BacktestResult Run(SignalSnapshot start, IReadOnlyList<Candle> candles, DateTimeOffset from, DateTimeOffset to)
    {
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(candles);
        var series = candles.Where(c => c.OpenTime >= from && c.OpenTime < to).DistinctBy(c => c.OpenTime).OrderBy(c => c.OpenTime).ToList();
        var byOpen = series.ToDictionary(c => c.OpenTime);
        var run = new Replay(start, worker);
        DateTimeOffset? previous = null;

        foreach (var candle in series)
        {
            var now = candle.OpenTime + Minute;
            if (!run.Signal.Status.IsWatched())
                break;

            if (run.Signal.ExpiresAt <= now)
            {
                // Its last stretch: the whole minute only if it expired on the minute's end.
                if (SignalCheck.LooksAtLastStretch(run.Signal, previous) && run.Signal.ExpiresAt == now
                    && SignalCheck.Touched(Conditions.TriggersOf(run.Signal), candle.High, candle.Low) is { } extreme)
                    run.Fire(extreme, wick: true, now);
                if (run.Signal.Status.IsWatched())
                    run.Move(new SignalState(SignalStatus.Expired, run.Signal.Side, run.Signal.ArmedAt));
                break;
            }

            var decision = SignalCheck.Decide(run.Signal, candle.Close, now, wicks.IsNear);
            switch (decision.Step)
            {
                case CheckStep.Arm:
                    run.Move(decision.Armed! with { ArmedAt = now });
                    break;
                case CheckStep.Fire:
                    run.Fire(candle.Close, wick: false, now);
                    break;
                case CheckStep.MeasureMove:
                    if (!byOpen.TryGetValue(WickWatch.PriceCandleAt(now - run.Signal.Rule.Window!.Value), out var reference))
                        run.Unchecked++;
                    else if (Conditions.MoveFires(run.Signal, candle.Close, reference.Close))
                        run.Fire(candle.Close, wick: false, now);
                    break;
                case CheckStep.LookForWicks:
                    // Armed at a check, so at the latest when this minute opened: its whole candle counts.
                    if (SignalCheck.Touched(decision.NearTriggers!, candle.High, candle.Low) is { } touched)
                        run.Fire(touched, wick: true, now);
                    break;
            }

            previous = now;
        }

        var pushes = run.Firings.Count * ChannelNames.Each(start.Rule.Channels).Count();
        return new BacktestResult(from, to, series.Count, run.Firings, pushes, run.Paused, GapsOf(series, from, to), run.Unchecked, run.Signal.Status);
    }

    /// <summary>The runs of whole minutes in [<paramref name="from"/>, <paramref name="to"/>) that have no candle.</summary>
    public static IReadOnlyList<MinuteGap> GapsOf(IReadOnlyList<Candle> series, DateTimeOffset from, DateTimeOffset to)
    {
        ArgumentNullException.ThrowIfNull(series);
        var gaps = new List<MinuteGap>();
        var expected = Ceiling(from);
        foreach (var candle in series)
        {
            if (candle.OpenTime > expected)
                gaps.Add(new MinuteGap(expected, candle.OpenTime));
            expected = candle.OpenTime + Minute;
        }

        var end = Ceiling(to);
        if (end > expected)
            gaps.Add(new MinuteGap(expected, end));
        return gaps;
    }

    private static DateTimeOffset Ceiling(DateTimeOffset time)
    {
        var floor = new DateTimeOffset(time.UtcTicks - (time.UtcTicks % Minute.Ticks), TimeSpan.Zero);
        return floor == time ? floor : floor + Minute;
    }

    /// <summary>The alert's state as the store would hold it between checks, and what happened to it.</summary>
    private sealed class Replay(SignalSnapshot start, WorkerOptions options)
    {
        public SignalSnapshot Signal { get; private set; } = start;
        public List<BacktestFiring> Firings { get; } = [];
        public List<DateTimeOffset> Paused { get; } = [];
        public int Unchecked { get; set; }

        /// <summary>As a store's move does: the status, side and arming time change.</summary>
        public void Move(SignalState next) => Signal = Signal with { Status = next.Status, Side = next.Side, ArmedAt = next.ArmedAt };

        /// <summary>As the Worker's claim does: the state after the firing (paused when it fires too often), and the firing's time.</summary>
        public void Fire(decimal price, bool wick, DateTimeOffset now)
        {
            var next = SignalCheck.AfterFiring(Signal, price, now);
            if (next.Status == SignalStatus.Waiting && SignalCheck.FiresTooOften(Signal, Firings.Select(f => f.Time), now, options))
            {
                next = next with { Status = SignalStatus.Paused };
                Paused.Add(now);
            }

            Firings.Add(new BacktestFiring(now, price, wick));
            Move(next);
            Signal = Signal with { TriggeredAt = now };
        }
    }
}
