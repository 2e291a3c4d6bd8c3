using TradingAlerts.Core.Signals;

namespace TradingAlerts.Core.Sheets;

/// <summary>
/// The stable key of a sheet row, kept in <see cref="Signal.SheetKey"/> so the next sync finds the row's alert again:
/// <c>id:&lt;id&gt;</c> when the row has an <c>id</c>, otherwise
/// <c>exchange:symbol:condition:target:recipient</c> (<c>binance:BTCUSDT:above:65000.5:-</c>). So a row without an id
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
            : string.Join(':', signal.Exchange.ToWire(), signal.Symbol, signal.Condition.ToWire(), PriceText.Format(signal.TargetPrice), signal.UserId ?? "-");
    }
}
