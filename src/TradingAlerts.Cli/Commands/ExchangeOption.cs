using TradingAlerts.Core.Signals;

namespace TradingAlerts.Cli.Commands;

/// <summary>An optional <c>--exchange</c> of a command that reads prices (<c>price</c>, <c>history</c>): none, or one of the exchanges.</summary>
internal static class ExchangeOption
{
    public static ExchangeId? Read(string? text) =>
        text is null ? null
        : WireNames.TryParseExchange(text, out var exchange) ? exchange
        : throw new CliInputException($"--exchange must be one of {WireNames.Choices<ExchangeId>(WireNames.ToWire)} (got '{text}')");
}
