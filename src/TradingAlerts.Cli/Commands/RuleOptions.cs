using System.CommandLine;
using TradingAlerts.Core.Signals;

namespace TradingAlerts.Cli.Commands;

/// <summary>
/// The flags that say what an alert watches and how it fires, the same for <c>signals add</c> and <c>backtest</c>:
/// the exchange, symbol and condition, the condition's levels or move, and re-arming. Each command gets its own
/// instances (an option belongs to one command); the draft they make goes through the one validation.
/// </summary>
internal sealed class RuleOptions
{
    public RuleOptions(bool required)
    {
        Exchange = new Option<string>("--exchange") { Description = "binance | bybit | coinbase", Required = required };
        Symbol = new Option<string>("--symbol") { Description = "e.g. BTCUSDT, BTC/USDT or btc-usdt (checked against the exchange's listing)", Required = required };
        Condition = new Option<string>("--condition") { Description = "above | below | crosses_up | crosses_down | crosses | pct_move | channel_exit (a price equal to the level fires)", Required = required };
    }

    public Option<string> Exchange { get; }
    public Option<string> Symbol { get; }
    public Option<string> Condition { get; }
    public Option<string> Target { get; } = new("--target") { Description = "target price of above, below and the crossings, e.g. 100000 or 0.00001234" };
    public Option<string> Low { get; } = new("--low") { Description = "channel_exit: the band's lower bound" };
    public Option<string> High { get; } = new("--high") { Description = "channel_exit: the band's upper bound" };
    public Option<string> Pct { get; } = new("--pct") { Description = "pct_move: the move in percent, e.g. 5" };
    public Option<string> Window { get; } = new("--window") { Description = "pct_move: compared with the price this long ago, e.g. 15m, 1h, 24h" };
    public Option<string> Direction { get; } = new("--direction") { Description = "pct_move: up | down | either (default either)" };
    public Option<string> Frequency { get; } = new("--frequency") { Description = "once (default: fires, then stops) | rearm (fires again after the price came back)" };
    public Option<string> Hysteresis { get; } = new("--hysteresis") { Description = "rearm: how far back the price must come, in percent of the level (default 0.5%)" };
    public Option<string> Cooldown { get; } = new("--cooldown") { Description = "rearm: quiet time after a firing (default 15m)" };

    public IEnumerable<Option> All => [Exchange, Symbol, Condition, Target, Low, High, Pct, Window, Direction, Frequency, Hysteresis, Cooldown];

    /// <summary>Whether any of these flags was typed.</summary>
    public bool AnyGiven(ParseResult parse) => All.Any(o => parse.GetResult(o) is { Implicit: false });

    /// <summary>The draft these flags say; the rest of its fields are the command's.</summary>
    public SignalDraft Draft(ParseResult parse) => new()
    {
        Exchange = parse.GetValue(Exchange),
        Symbol = parse.GetValue(Symbol),
        Condition = parse.GetValue(Condition),
        TargetPrice = parse.GetValue(Target),
        Low = parse.GetValue(Low),
        High = parse.GetValue(High),
        Pct = parse.GetValue(Pct),
        Window = parse.GetValue(Window),
        Direction = parse.GetValue(Direction),
        Frequency = parse.GetValue(Frequency),
        Hysteresis = parse.GetValue(Hysteresis),
        Cooldown = parse.GetValue(Cooldown),
    };
}
