namespace TradingAlerts.Simulation;

/// <summary>
/// The one clock of a simulated world: it moves only when the driver runs the next timer, and then to that timer's
/// due time. Everything in the world (the monitor's loop, the HTTP layer's timeouts and retry delays, an exchange's
/// latency, a scheduled fault) waits on its timers, so a run is a sequence of timer firings in due order (ties in the
/// order they were set): the same seed gives the same sequence, whatever the machine.
/// </summary>
/// <remarks>
/// The simulation runs on one thread with no synchronization context; the code under test continues inline when a
/// timer completes what it awaits (SQLite and the in-process servers complete synchronously). Work that waits on
/// anything but this clock cannot be simulated: <see cref="RunUntilComplete"/> then says so instead of guessing.
/// </remarks>
public sealed class SimulatedTime(DateTimeOffset start) : TimeProvider
{
    private readonly PriorityQueue<SimulatedTimer, (long Due, long Order)> timers = new();
    private readonly int thread = Environment.CurrentManagedThreadId;
    private long order;
    private long firings;
    private DateTimeOffset now = start;

    public DateTimeOffset Now
    {
        get
        {
            if (Environment.CurrentManagedThreadId != thread)
                Interlocked.Increment(ref offThread);
            return now;
        }

        private set => now = value;
    }

    private int offThread;

    /// <summary>
    /// Times the clock was read off the simulation's thread: work that escaped to the thread pool, which would run
    /// concurrently with the world and make the run depend on the machine. A run with any is not deterministic.
    /// </summary>
    public int OffThreadReads => offThread;

    /// <summary>Timers run so far: a measure of how much happened.</summary>
    public long Firings => firings;

    public override DateTimeOffset GetUtcNow() => Now;

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Now.UtcTicks;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new SimulatedTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Runs <paramref name="action"/> at <paramref name="at"/> (at once if that has passed), as a timer of its own.</summary>
    public void At(DateTimeOffset at, Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        var due = at > Now ? at - Now : TimeSpan.Zero;
        ITimer? timer = null;
        timer = CreateTimer(_ => { timer!.Dispose(); action(); }, null, due, Timeout.InfiniteTimeSpan);
    }

    /// <summary>
    /// A delay on this clock whose cancellation, like its completion, continues inline (a cancelled
    /// <see cref="Task.Delay(TimeSpan, TimeProvider, CancellationToken)"/> continues on the thread pool instead).
    /// </summary>
    public Task Delay(TimeSpan delay, CancellationToken ct)
    {
        if (ct.IsCancellationRequested)
            return Task.FromCanceled(ct);
        if (delay <= TimeSpan.Zero)
            return Task.CompletedTask;

        return DelayAsync(delay, ct);
    }

    private async Task DelayAsync(TimeSpan delay, CancellationToken ct)
    {
        var done = new TaskCompletionSource();
        using var timer = CreateTimer(_ => done.TrySetResult(), null, delay, Timeout.InfiniteTimeSpan);
        using var registration = ct.Register(() => done.TrySetCanceled(ct));
        await done.Task;
    }

    /// <summary>Runs every timer due up to <paramref name="until"/>, in order, then sets the clock there.</summary>
    public void RunUntil(DateTimeOffset until)
    {
        while (TryPeek(out var due) && due <= until.UtcTicks)
            RunNext();

        if (until > Now)
            Now = until;
    }

    /// <summary>Runs timers until <paramref name="task"/> has completed, then returns its outcome.</summary>
    /// <exception cref="SimulationStuckException">The task waits, and no timer is left that could wake it.</exception>
    public void RunUntilComplete(Task task)
    {
        ArgumentNullException.ThrowIfNull(task);
        while (!task.IsCompleted)
        {
            if (!RunNext())
                throw new SimulationStuckException($"at {Now:O} the work waits on something other than simulated time");
        }

        task.GetAwaiter().GetResult();
    }

    /// <summary>Runs the earliest timer, moving the clock to its due time; false when none is set.</summary>
    public bool RunNext()
    {
        while (timers.TryDequeue(out var timer, out var key))
        {
            if (!timer.IsScheduledAs(key.Order))
                continue;

            if (key.Due > Now.UtcTicks)
                Now = new DateTimeOffset(key.Due, TimeSpan.Zero);

            firings++;
            timer.Fire();
            return true;
        }

        return false;
    }

    private bool TryPeek(out long due)
    {
        while (timers.TryPeek(out var timer, out var key))
        {
            if (timer.IsScheduledAs(key.Order))
            {
                due = key.Due;
                return true;
            }

            timers.Dequeue();
        }

        due = 0;
        return false;
    }

    private long Schedule(SimulatedTimer timer, TimeSpan dueTime)
    {
        var at = dueTime <= TimeSpan.Zero ? Now.UtcTicks : Now.UtcTicks + dueTime.Ticks;
        var key = ++order;
        timers.Enqueue(timer, (at, key));
        return key;
    }

    private sealed class SimulatedTimer(SimulatedTime time, TimerCallback callback, object? state) : ITimer
    {
        private long scheduledAs;
        private TimeSpan period = Timeout.InfiniteTimeSpan;
        private bool disposed;

        public bool IsScheduledAs(long key) => !disposed && scheduledAs == key;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            if (disposed)
                return false;

            this.period = period;
            scheduledAs = dueTime == Timeout.InfiniteTimeSpan ? 0 : time.Schedule(this, dueTime);
            return true;
        }

        public void Fire()
        {
            scheduledAs = period > TimeSpan.Zero && period != Timeout.InfiniteTimeSpan ? time.Schedule(this, period) : 0;
            callback(state);
        }

        public void Dispose() => disposed = true;

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}

/// <summary>The simulated work waits on something simulated time cannot move: a real clock, a thread, real I/O.</summary>
public sealed class SimulationStuckException(string message) : Exception(message);
