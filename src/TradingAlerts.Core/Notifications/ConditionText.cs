using TradingAlerts.Core.Pipeline;
using TradingAlerts.Core.Signals;

namespace TradingAlerts.Core.Notifications;

/// <summary>An alert's condition in words: "above 65,000", "crosses up 65,000", "leaves 60,000–70,000", "moves 5 % up within 1h".</summary>
public static class ConditionText
{
    public static string Describe(SignalSnapshot signal) => Describe(signal.Condition, signal.TargetPrice, signal.Rule);

    public static string Describe(Signal signal) => Describe(signal.Condition, signal.TargetPrice, signal.Rule);

    /// <summary>The numbers of the condition without its verb: "65,000", "60,000–70,000", "5 % either way within 1h".</summary>
    public static string Level(Signal signal) => Level(signal.Condition, signal.TargetPrice, signal.Rule);

    /// <summary>How the price stands against the condition once it fired: "above the target 65,000", "outside the band 60,000–70,000".</summary>
    public static string Against(SignalSnapshot signal) => signal.Condition switch
    {
        Condition.ChannelExit => $"outside the band {Level(signal.Condition, signal.TargetPrice, signal.Rule)}",
        Condition.PctMove => $"a move of at least {Level(signal.Condition, signal.TargetPrice, signal.Rule)}",
        Condition.CrossesUp => $"crossing up through the target {NotificationText.Money(signal.TargetPrice ?? 0m)}",
        Condition.CrossesDown => $"crossing down through the target {NotificationText.Money(signal.TargetPrice ?? 0m)}",
        Condition.Crosses => $"crossing the target {NotificationText.Money(signal.TargetPrice ?? 0m)}",
        _ => $"{signal.Condition.ToWire()} the target {NotificationText.Money(signal.TargetPrice ?? 0m)}",
    };

    private static string Describe(Condition condition, decimal? target, SignalRule rule) => condition switch
    {
        Condition.ChannelExit => $"leaves {Level(condition, target, rule)}",
        Condition.PctMove => $"moves {Level(condition, target, rule)}",
        Condition.CrossesUp => $"crosses up {Level(condition, target, rule)}",
        Condition.CrossesDown => $"crosses down {Level(condition, target, rule)}",
        _ => $"{condition.ToWire()} {Level(condition, target, rule)}",
    };

    private static string Level(Condition condition, decimal? target, SignalRule rule) => condition switch
    {
        Condition.ChannelExit => $"{NotificationText.Money(rule.Low ?? 0m)}–{NotificationText.Money(rule.High ?? 0m)}",
        Condition.PctMove => $"{NotificationText.Money(rule.MovePercent ?? 0m)} % {Direction(rule.Direction)} within {DurationText.Format(rule.Window ?? TimeSpan.Zero)}",
        _ => NotificationText.Money(target ?? 0m),
    };

    private static string Direction(MoveDirection direction) => direction == MoveDirection.Either ? "either way" : direction.ToWire();
}
