using System.Globalization;
using System.Text.Json;
using TradingAlerts.Core.Signals;

namespace TradingAlerts.Exchanges.Binance;

/// <summary>Binance's spot REST API, and what its refusals mean.</summary>
internal sealed class BinanceApi(HttpClient http, TimeProvider clock) : ExchangeApi(ExchangeId.Binance, http, clock)
{
    protected override string DescribeRefusal(HttpResponseMessage response, byte[] body)
    {
        var status = (int)response.StatusCode;
        switch (status)
        {
            case 451:
                return RegionRefused("HTTP 451");
            case 403:
                return "HTTP 403: request blocked by Binance's web application firewall";
            default:
                var error = ReadError(body);
                return error is { Msg: { Length: > 0 } msg }
                    ? $"HTTP {status}: {msg} (Binance code {error.Code?.ToString(CultureInfo.InvariantCulture) ?? "none"})"
                    : $"HTTP {status}";
        }
    }

    private static BinanceError? ReadError(byte[] body)
    {
        try
        {
            return JsonSerializer.Deserialize(body, BinanceJsonContext.Default.BinanceError);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
