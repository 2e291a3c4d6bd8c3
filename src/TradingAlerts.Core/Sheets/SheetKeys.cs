using TradingAlerts.Core.Signals;

namespace TradingAlerts.Core.Sheets;

/// <summary>
/// The stable key of a sheet row, kept in <see cref="Signal.SheetKey"/> so the next sync finds the row's alert again:
/// <c>id:&lt;id&gt;</c> when the row has an <c>id</c>, otherwise
/// <c>exchange:symbol:condition:level:recipient</c> (<c>binance:BTCUSDT:above:65000.5:-</c>; the level of a band is
/// <c>low-high</c>, of a move <c>5%1heither</c>). So a row without an id
/// keeps its alert through moves and edits of its name, notes, active flag and expiry; an edit of its exchange,
/// symbol, condition, target or recipient makes it another alert (the old one is deactivated, the new one added).
/// </summary>
public static class SheetKeys
{
    public static string ForId(string id) => "id:" + id;

    public static string ForRow(Signal signal, bool rowHasId)
    {
        ArgumentNullException.ThrowIfNull(signal);
        return rowHasId
            ? ForId(signal.Id)
            : string.Join(':', signal.Exchange.ToWire(), signal.Symbol, signal.Condition.ToWire(), Level(signal), signal.UserId ?? "-");
    }

    /// <summary>The numbers that define the condition: the target, a band's bounds, or a move and its window.</summary>
    private static string Level(Signal signal) => signal.Condition switch
    {
        Condition.ChannelExit => $"{Price(signal.Rule.Low)}-{Price(signal.Rule.High)}",
        Condition.PctMove => $"{Price(signal.Rule.MovePercent)}%{(signal.Rule.Window is { } window ? DurationText.Format(window) : "-")}{signal.Rule.Direction.ToWire()}",
        _ => Price(signal.TargetPrice),
    };

    private static string Price(decimal? price) => price is { } value ? PriceText.Format(value) : "-";
}
