using System.Globalization;
using TradingAlerts.Core.Prices;
using TradingAlerts.Core.Signals;
using TradingAlerts.Simulation.Servers;
using TradingAlerts.Simulation.World;

namespace TradingAlerts.Simulation.Oracle;

/// <summary>
/// The oracle: from the plan (the true price paths, the alerts people defined and when, the faults) and what the world
/// saw (the checks the product made, the messages that arrived), lists the firings the user was owed and judges every
/// message against them. It reads no product state and calls no product rule: the alerts' rules are
/// <see cref="Rules"/>, the README's, written again.
/// </summary>
public static class Checker
{
    private static readonly ExchangeId[] FallbackOrder = [ExchangeId.Binance, ExchangeId.Bybit, ExchangeId.Coinbase];

    public static SimReport Check(SimulationRun run, int offThreadReads = 0)
    {
        ArgumentNullException.ThrowIfNull(run);
        var plan = run.Plan;
        var log = run.Log;
        var report = new SimReport
        {
            Seed = plan.Seed,
            Deployment = plan.Deployment,
            Messages = log.Received.Count,
            Crashes = log.Processes.OfType<ProcessDied>().Count(),
            ExchangeRequests = log.ExchangeRequests,
            Cycles = log.Processes.OfType<Evaluation>().Count(),
        };
        if (offThreadReads > 0)
            report.Add(Findings.Nondeterministic, $"{offThreadReads} clock reads off the simulation's thread");
        foreach (var note in log.Notes)
            report.Add(Findings.ProductError, note);

        var incarnations = Incarnations(plan);
        var names = incarnations.Select(i => i.Alert.Name).ToHashSet();
        var (mentions, expiries, operatorMessages, unreadable) = Pushes.Read(log.Received, names, plan.OperatorKey);
        report.OperatorMessages = operatorMessages.Count;
        foreach (var message in unreadable)
            report.Add(Findings.Unreadable, $"{message.At:HH:mm:ss} {message.Channel}: {message.Title}");

        var world = new Facts(plan, log);
        var done = new HashSet<string>();
        var fired = new Dictionary<string, IReadOnlyList<DateTimeOffset>>();
        foreach (var incarnation in incarnations)
        {
            var inherited = done.Contains(incarnation.Alert.Id) && incarnation.ByEdit;
            if (!incarnation.ByEdit)
            {
                done.Remove(incarnation.Alert.Id);
                fired.Remove(incarnation.Alert.Id);
            }

            var judge = new Episodes(world, incarnation, mentions.Where(m => m.Name == incarnation.Alert.Name).ToList(), report, inherited, fired.GetValueOrDefault(incarnation.Alert.Id, []));
            var finished = judge.Run();
            judge.CheckExpiry(expiries.Where(e => e.Name == incarnation.Alert.Name).ToList());
            if (finished || judge.Expired)
                done.Add(incarnation.Alert.Id);
            fired[incarnation.Alert.Id] = judge.Fires;
        }

        return report;
    }

    /// <summary>One alert as it stood between two of the people's edits: its plan, its span, when it was switched off.</summary>
    internal sealed record Incarnation(AlertPlan Alert, DateTimeOffset Until, bool Removed, bool ByEdit, IReadOnlyList<(DateTimeOffset From, DateTimeOffset To)> Disabled);

    private static List<Incarnation> Incarnations(WorldPlan plan)
    {
        var result = new List<Incarnation>();
        var current = new Dictionary<string, (AlertPlan Alert, bool ByEdit, List<(DateTimeOffset, DateTimeOffset)> Disabled)>();
        var disabledSince = new Dictionary<string, DateTimeOffset>();
        void Close(string id, DateTimeOffset at, bool removed)
        {
            if (!current.Remove(id, out var open))
                return;
            if (disabledSince.Remove(id, out var since))
                open.Disabled.Add((since, at));
            result.Add(new Incarnation(open.Alert, at, removed, open.ByEdit, open.Disabled));
        }

        foreach (var change in plan.Events)
        {
            switch (change)
            {
                case AlertAdded added:
                    Close(added.Alert.Id, added.At, removed: false);
                    current[added.Alert.Id] = (added.Alert, false, []);
                    break;
                case AlertEdited edited:
                    if (!current.ContainsKey(edited.Alert.Id))
                        break;
                    var off = disabledSince.Remove(edited.Alert.Id, out var since) ? since : (DateTimeOffset?)null;
                    Close(edited.Alert.Id, edited.At, removed: false);
                    current[edited.Alert.Id] = (edited.Alert, true, []);
                    if (off is not null)
                        disabledSince[edited.Alert.Id] = edited.At;
                    break;
                case AlertRemoved removed:
                    Close(removed.Id, removed.At, removed: true);
                    break;
                case AlertDisabled disabled when current.ContainsKey(disabled.Id):
                    disabledSince.TryAdd(disabled.Id, disabled.At);
                    break;
                case AlertEnabled enabled when current.TryGetValue(enabled.Id, out var open) && disabledSince.Remove(enabled.Id, out var from):
                    open.Disabled.Add((from, enabled.At));
                    break;
            }
        }

        foreach (var id in current.Keys.ToList())
            Close(id, plan.End, removed: false);
        return result.OrderBy(i => i.Alert.From).ToList();
    }

    /// <summary>What the world saw, indexed for the questions the oracle asks.</summary>
    internal sealed class Facts(WorldPlan plan, SimLog log)
    {
        public WorldPlan Plan { get; } = plan;
        public SimLog Log { get; } = log;

        public IReadOnlyList<Evaluation> Evaluations { get; } = log.Processes.OfType<Evaluation>().OrderBy(e => e.Started).ToList();

        public ILookup<string, TickerServed> TickersByProcess { get; } = log.Tickers.ToLookup(t => t.Process);

        public ILookup<string, HistoryServed> HistoriesByProcess { get; } = log.Histories.ToLookup(h => h.Process);

        /// <summary>
        /// The price an evaluation that held the alert saw for its pair, by the README's fallback rule: its own
        /// exchange's answer, else the first fallback's that priced the pair. A process asks once per cycle: an
        /// evaluation that asked nothing (a Worker's second message of the same cycle) saw what its process was told
        /// earlier in that cycle, as long as no other cycle came between.
        /// </summary>
        public (DateTimeOffset At, decimal Price, ExchangeId Exchange)? Observation(Evaluation evaluation, AlertPlan alert)
        {
            if (!evaluation.Alerts.ContainsKey(alert.Id))
                return null;

            foreach (var exchange in FallbackOrder.Where(e => e != alert.Exchange).Prepend(alert.Exchange))
            {
                var symbol = exchange == ExchangeId.Coinbase ? $"{alert.Pair.Base}-{alert.Pair.Quote}" : alert.Pair.Base + alert.Pair.Quote;
                foreach (var asking in SameCycleBefore(evaluation))
                {
                    var served = TickersByProcess[asking.Process]
                        .FirstOrDefault(t => t.Exchange == exchange && t.At >= asking.Started && t.At < asking.Ended && t.Prices.ContainsKey(symbol));
                    if (served is not null)
                        return (served.At, served.Prices[symbol], exchange);
                }
            }

            return null;
        }

        /// <summary>The evaluation, then its process's earlier ones of the same cycle back to one of another cycle, newest first.</summary>
        private IEnumerable<Evaluation> SameCycleBefore(Evaluation evaluation)
        {
            yield return evaluation;
            foreach (var earlier in EvaluationsByProcess[evaluation.Process].Where(e => e.Started < evaluation.Started).Reverse())
            {
                if (earlier.CycleId != evaluation.CycleId)
                    yield break;
                yield return earlier;
            }
        }

        private ILookup<string, Evaluation> EvaluationsByProcess => evaluationsByProcess ??= Evaluations.ToLookup(e => e.Process);

        private ILookup<string, Evaluation>? evaluationsByProcess;

        /// <summary>Whether every history request (candles, trades) an evaluation made for the pair was answered.</summary>
        public bool HistoryAnswered(Evaluation evaluation, ExchangeId exchange, Pair pair)
        {
            var symbol = exchange == ExchangeId.Coinbase ? $"{pair.Base}-{pair.Quote}" : pair.Base + pair.Quote;
            return HistoriesByProcess[evaluation.Process]
                .Where(h => h.Exchange == exchange && h.Symbol == symbol && h.At >= evaluation.Started && h.At <= evaluation.Ended)
                .All(h => h.Answered);
        }

        public bool TradesReachBack(Evaluation evaluation, ExchangeId exchange, Pair pair, DateTimeOffset to)
        {
            var symbol = exchange == ExchangeId.Coinbase ? $"{pair.Base}-{pair.Quote}" : pair.Base + pair.Quote;
            return HistoriesByProcess[evaluation.Process]
                .Any(h => h.Kind == HistoryKind.Trades && h.Exchange == exchange && h.Symbol == symbol && h.At >= evaluation.Started && h.At <= evaluation.Ended && h.Answered && h.ReachesBackTo <= to);
        }

        public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture);
    }
}
