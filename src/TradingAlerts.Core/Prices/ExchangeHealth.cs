using TradingAlerts.Core.Signals;

namespace TradingAlerts.Core.Prices;

public enum ExchangeState
{
    /// <summary>The last request succeeded (or none was made yet).</summary>
    Ok,

    /// <summary>The last request failed; the exchange is still asked.</summary>
    Degraded,

    /// <summary>Failed several times in a row: not asked until the break ends (circuit open).</summary>
    Down,
}

public sealed record ExchangeStatus(
    ExchangeId Exchange,
    ExchangeState State,
    DateTimeOffset? LastSuccess,
    DateTimeOffset? LastFailure,
    string? LastError,
    int ConsecutiveFailures,
    DateTimeOffset? NextTryAt);

public sealed record CircuitOptions
{
    /// <summary>Failed fetches in a row (at most one per cycle) that open the circuit.</summary>
    public int FailuresToOpen { get; init; } = 3;

    /// <summary>How long an open circuit keeps the exchange unasked before one trial request (half-open).</summary>
    public TimeSpan BreakFor { get; init; } = TimeSpan.FromMinutes(2);
}

/// <summary>
/// Per-exchange health and circuit breaker. After <see cref="CircuitOptions.FailuresToOpen"/> failures in a row the
/// exchange is down and not asked for <see cref="CircuitOptions.BreakFor"/>; then one trial request decides: a success
/// closes the circuit, a failure opens it for another break. Down exchanges leave their alerts to the fallbacks.
/// </summary>
public sealed class ExchangeHealth(TimeProvider clock, CircuitOptions options)
{
    private readonly Lock gate = new();
    private readonly Dictionary<ExchangeId, ExchangeStatus> states = [];

    /// <summary>Whether a request may go out now; if not, why.</summary>
    public bool TryPass(ExchangeId exchange, out string? reason)
    {
        lock (gate)
        {
            var status = Get(exchange);
            if (status.State == ExchangeState.Down && status.NextTryAt > clock.GetUtcNow())
            {
                reason = $"down after {status.ConsecutiveFailures} failures in a row (last: {status.LastError}); next try at {status.NextTryAt:HH:mm:ss} UTC";
                return false;
            }

            reason = null;
            return true;
        }
    }

    public void RecordSuccess(ExchangeId exchange)
    {
        lock (gate)
            states[exchange] = Get(exchange) with { State = ExchangeState.Ok, LastSuccess = clock.GetUtcNow(), ConsecutiveFailures = 0, NextTryAt = null };
    }

    public void RecordFailure(ExchangeId exchange, string reason)
    {
        lock (gate)
        {
            var now = clock.GetUtcNow();
            var failures = Get(exchange).ConsecutiveFailures + 1;
            var down = failures >= options.FailuresToOpen;
            states[exchange] = Get(exchange) with
            {
                State = down ? ExchangeState.Down : ExchangeState.Degraded,
                LastFailure = now,
                LastError = reason,
                ConsecutiveFailures = failures,
                NextTryAt = down ? now + options.BreakFor : null,
            };
        }
    }

    public IReadOnlyList<ExchangeStatus> Snapshot(IEnumerable<ExchangeId> exchanges)
    {
        lock (gate)
            return exchanges.Select(Get).ToList();
    }

    private ExchangeStatus Get(ExchangeId exchange) =>
        states.GetValueOrDefault(exchange) ?? new ExchangeStatus(exchange, ExchangeState.Ok, null, null, null, 0, null);
}
