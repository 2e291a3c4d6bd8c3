using TradingAlerts.Core.Prices;
using TradingAlerts.Core.Signals;

namespace TradingAlerts.Simulation.World;

/// <summary>
/// Draws a world from a seed: price paths that walk, jump, wick, range and sit flat on alert levels; alerts of every
/// condition with levels the paths will reach; edits, removals and re-creations under the same id; exchange, channel and
/// process faults. The same seed always draws the same world.
/// </summary>
public static class WorldGenerator
{
    public const decimal TickSize = 0.01m;

    private static readonly TimeSpan History = TimeSpan.FromHours(1);

    private static readonly Pair[] AllPairs = [new("BTC", "USDT"), new("ETH", "USDT"), new("SOL", "USDT")];
    private static readonly ExchangeId[] AllExchanges = [ExchangeId.Binance, ExchangeId.Bybit, ExchangeId.Coinbase];
    private static readonly string[] Conditions = ["above", "below", "crosses_up", "crosses_down", "crosses", "channel_exit", "pct_move"];

    public static WorldPlan Generate(int seed, Deployment? deployment = null)
    {
        var random = new Random(seed);
        // Drawn even when the deployment is given, so forcing one changes only what depends on it.
        var drawn = random.NextDouble() < 0.5 ? Deployment.Local : Deployment.FanOut;
        var kind = deployment ?? drawn;
        var start = new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero).AddSeconds(random.Next(0, 86_400));
        var interval = kind == Deployment.FanOut ? TimeSpan.FromMinutes(1) : TimeSpan.FromSeconds(random.NextDouble() < 0.5 ? 30 : 60);
        var end = start.AddMinutes(90);
        var calmFrom = start.AddMinutes(65);
        var judgedUntil = start.AddMinutes(80);

        var pairs = AllPairs.Take(random.Next(2, 4)).ToArray();
        // The paths begin well before the run, so that "the price 15 minutes ago" has an answer from the first cycle on.
        var paths = pairs.ToDictionary(p => p, p => Path(random, start - History, (int)(end - start + History).TotalSeconds + 600));

        var quiet = random.NextDouble() < 0.5;
        var quietStart = TimeOnly.FromDateTime(start.UtcDateTime).Add(TimeSpan.FromMinutes(random.Next(15, 50)));
        quietStart = new TimeOnly(quietStart.Hour, quietStart.Minute);
        var recipients = new[]
        {
            new RecipientPlan("uSimTraderAaaaaaaaaaaaaaaaaaaa", "https://hooks.sim/trader-a", null, null),
            new RecipientPlan("uSimTraderBbbbbbbbbbbbbbbbbbbb", "https://hooks.sim/trader-b", quiet ? quietStart : null, quiet ? quietStart.AddMinutes(random.Next(8, 25)) : null),
        };

        var events = new List<WorldEvent>();
        var alerts = random.Next(4, 10);
        var incarnation = new Dictionary<string, int>();
        AlertPlan NewAlert(string id, DateTimeOffset at, string? condition = null)
        {
            incarnation[id] = incarnation.GetValueOrDefault(id) + 1;
            var pair = pairs[random.Next(pairs.Length)];
            var exchange = random.NextDouble() switch { < 0.5 => ExchangeId.Binance, < 0.75 => ExchangeId.Bybit, _ => ExchangeId.Coinbase };
            var definition = Define(random, condition ?? Conditions[random.Next(Conditions.Length)], paths[pair], at);
            var expires = random.NextDouble() < 0.2 ? at.AddSeconds(random.Next(10 * 60, 70 * 60)) : (DateTimeOffset?)null;
            return new AlertPlan(id, $"{id}.{incarnation[id]}", exchange, pair, recipients[random.NextDouble() < 0.6 ? 0 : 1].Key, definition, at, expires);
        }

        for (var i = 1; i <= alerts; i++)
        {
            var at = random.NextDouble() < 0.75 ? start : start.AddSeconds(random.Next(60, 50 * 60));
            events.Add(new AlertAdded(at, NewAlert($"a{i:00}", at)));
        }

        foreach (var added in events.OfType<AlertAdded>().ToList())
        {
            if (random.NextDouble() > 0.45)
                continue;

            var id = added.Alert.Id;
            var at = Between(random, added.At.AddMinutes(3), calmFrom.AddMinutes(-5));
            switch (random.Next(4))
            {
                case 0:
                    events.Add(new AlertDisabled(at, id));
                    events.Add(new AlertEnabled(at.AddSeconds(random.Next(30, 15 * 60)), id));
                    break;
                case 1:
                    var edited = NewAlert(id, at) with { Exchange = added.Alert.Exchange, Pair = added.Alert.Pair, Recipient = added.Alert.Recipient };
                    var flip = random.NextDouble() < 0.5;
                    edited = flip
                        ? edited with { Definition = added.Alert.Definition with { Rearm = !added.Alert.Definition.Rearm } }
                        : edited with { Definition = Define(random, added.Alert.Definition.Condition, paths[added.Alert.Pair], at) };
                    events.Add(new AlertEdited(at, edited));
                    break;
                case 2:
                    events.Add(new AlertRemoved(at, id));
                    break;
                default:
                    events.Add(new AlertRemoved(at, id));
                    var again = at.AddSeconds(random.Next(0, 180));
                    events.Add(new AlertAdded(again, NewAlert(id, again)));
                    break;
            }
        }

        for (var i = random.Next(0, 3); i > 0; i--)
        {
            events.Add(kind == Deployment.Local
                ? new MonitorDown(Between(random, start.AddMinutes(5), calmFrom.AddMinutes(-8)), TimeSpan.FromSeconds(random.Next(20, 6 * 60)))
                : new MonitorDown(Between(random, start.AddMinutes(5), calmFrom.AddMinutes(-8)), TimeSpan.FromSeconds(random.Next(60, 4 * 60))));
        }

        if (kind == Deployment.Local)
        {
            for (var i = random.Next(0, 5); i > 0; i--)
                events.Add(new CronCheck(Between(random, start.AddMinutes(1), end.AddMinutes(-2))));
        }

        var exchangeFaults = new List<ExchangeFault>();
        foreach (var exchange in AllExchanges)
        {
            for (var i = random.Next(0, 3); i > 0; i--)
            {
                var from = Between(random, start.AddMinutes(2), calmFrom.AddMinutes(-8));
                var faultKind = (ExchangeFaultKind)random.Next(Enum.GetValues<ExchangeFaultKind>().Length);
                var symbol = faultKind is ExchangeFaultKind.ZeroPrice or ExchangeFaultKind.MalformedEntry ? pairs[random.Next(pairs.Length)] : (Pair?)null;
                exchangeFaults.Add(new ExchangeFault(exchange, from, from.AddSeconds(random.Next(30, 8 * 60)), faultKind, symbol is { } s ? $"{s.Base}{s.Quote}" : null));
            }
        }

        var channelFaults = new List<ChannelFault>();
        foreach (var channel in new[] { "pushover", "webhook" })
        {
            for (var i = random.Next(0, 3); i > 0; i--)
            {
                var from = Between(random, start.AddMinutes(2), calmFrom.AddMinutes(-8));
                channelFaults.Add(new ChannelFault(channel, from, from.AddSeconds(random.Next(20, 5 * 60)), (ChannelFaultKind)random.Next(Enum.GetValues<ChannelFaultKind>().Length)));
            }
        }

        return new WorldPlan
        {
            Seed = seed,
            Deployment = kind,
            Start = start,
            Interval = interval,
            CalmFrom = calmFrom,
            JudgedUntil = judgedUntil,
            End = end,
            Paths = paths,
            Recipients = recipients,
            OperatorKey = "uSimOperatorOooooooooooooooooo",
            Events = events.OrderBy(e => e.At).ToList(),
            ExchangeFaults = exchangeFaults,
            ChannelFaults = channelFaults,
            ExchangeBlipChance = 0.02,
            CrashChance = 0.05,
            DuplicateChance = kind == Deployment.FanOut ? 0.25 : 0,
        };
    }

    private static DateTimeOffset Between(Random random, DateTimeOffset from, DateTimeOffset to) =>
        to <= from ? from : from.AddSeconds(random.Next(0, (int)(to - from).TotalSeconds));

    /// <summary>A definition whose levels the path reaches around <paramref name="at"/> or later.</summary>
    private static AlertDefinition Define(Random random, string condition, PricePath path, DateTimeOffset at)
    {
        var now = path.At(at);
        var later = path.At(at.AddSeconds(random.Next(30, 40 * 60)));
        decimal Level(decimal around) => Round(around * (1m + (random.NextDouble() < 0.4 ? 0m : (decimal)(random.NextDouble() - 0.5) * 0.004m)));
        var rearm = random.NextDouble() < 0.5;
        var hysteresis = new[] { 0.05m, 0.1m, 0.2m, 0.5m }[random.Next(4)];
        var cooldown = TimeSpan.FromSeconds(new[] { 0, 30, 60, 120, 300, 600 }[random.Next(6)]);
        IReadOnlyList<string> channels = random.NextDouble() switch { < 0.7 => ["pushover"], < 0.95 => ["pushover", "webhook"], _ => ["webhook"] };
        var urgent = random.NextDouble() < 0.1;
        var definition = new AlertDefinition(condition, null, null, null, null, null, "either", rearm, hysteresis, cooldown, channels, urgent);
        return condition switch
        {
            "channel_exit" => definition with
            {
                Low = Round(now * (1m - (decimal)(0.001 + random.NextDouble() * 0.008))),
                High = Round(now * (1m + (decimal)(0.001 + random.NextDouble() * 0.008))),
            },
            "pct_move" => definition with
            {
                Pct = Math.Round((decimal)(0.05 + random.NextDouble() * 0.6), 2),
                Window = TimeSpan.FromMinutes(new[] { 1, 2, 3, 5, 10, 15 }[random.Next(6)]),
                Direction = new[] { "either", "up", "down" }[random.Next(3)],
            },
            _ => definition with { Target = Level(random.NextDouble() < 0.3 ? now : later) },
        };
    }

    private static decimal Round(decimal price) => Math.Round(price / TickSize) * TickSize;

    /// <summary>
    /// One pair's path: regimes of a random walk, a trend, a range around a level and flat spells, with jumps and wicks
    /// (a spike of a few seconds that comes back) laid over it.
    /// </summary>
    private static PricePath Path(Random random, DateTimeOffset start, int seconds)
    {
        var ticks = new long[seconds];
        double x = 10_000 + random.Next(-2_000, 2_000);
        var floor = x / 2;
        var left = 0;
        string regime = "walk";
        double sigma = 1, drift = 0, center = x, pull = 0;
        for (var i = 0; i < seconds; i++)
        {
            if (left-- <= 0)
            {
                left = random.Next(60, 600);
                regime = random.NextDouble() switch { < 0.4 => "walk", < 0.6 => "trend", < 0.85 => "range", _ => "flat" };
                sigma = new[] { 0.5, 1, 2, 4 }[random.Next(4)];
                drift = (random.NextDouble() - 0.5) * 0.6;
                center = x + ((random.NextDouble() - 0.5) * x * 0.004);
                pull = 0.01 + (random.NextDouble() * 0.05);
            }

            x += regime switch
            {
                "walk" => Normal(random) * sigma,
                "trend" => drift + (Normal(random) * sigma),
                "range" => (pull * (center - x)) + (Normal(random) * sigma),
                _ => 0,
            };
            if (random.NextDouble() < 1.0 / 1200)
                x *= 1 + ((random.NextDouble() < 0.5 ? -1 : 1) * (0.003 + (random.NextDouble() * 0.02)));

            x = Math.Max(x, floor);
            ticks[i] = (long)Math.Round(x);
        }

        for (var i = 0; i < seconds; i++)
        {
            if (random.NextDouble() >= 1.0 / 500)
                continue;

            var length = random.Next(1, 20);
            var peak = ticks[i] * (random.NextDouble() < 0.5 ? -1 : 1) * (0.002 + (random.NextDouble() * 0.015));
            for (var j = 0; j < length && i + j < seconds; j++)
                ticks[i + j] += (long)Math.Round(peak * (1 - (Math.Abs(j - (length / 2.0)) / (length / 2.0 + 1))));
            i += length;
        }

        return new PricePath(start, TickSize, ticks);
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
