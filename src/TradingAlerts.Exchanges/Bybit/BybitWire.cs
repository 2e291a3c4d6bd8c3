using System.Text.Json.Serialization;

namespace TradingAlerts.Exchanges.Bybit;

/// <summary>Bybit's verdict on a request, in every v5 answer: retCode 0 is OK, anything else an error named by retMsg.</summary>
internal interface IBybitStatus
{
    int? RetCode { get; }

    string? RetMsg { get; }
}

/// <summary>Only the verdict: <c>{"retCode":10001,"retMsg":"Not supported symbols", …}</c>.</summary>
internal sealed record BybitStatus(int? RetCode, string? RetMsg) : IBybitStatus;

/// <summary>A v5 answer: <c>{"retCode":0,"retMsg":"OK","result":{…},"retExtInfo":{},"time":1673859087947}</c>.</summary>
internal sealed record BybitAnswer<TResult>(int? RetCode, string? RetMsg, TResult? Result) : IBybitStatus
    where TResult : class;

/// <summary>A result holding a list, with a cursor when there is a next page: <c>{"category":"spot","list":[…],"nextPageCursor":""}</c>.</summary>
internal sealed record BybitList<TItem>(TItem?[]? List, string? NextPageCursor)
    where TItem : class;

/// <summary>One spot ticker: <c>{"symbol":"BTCUSDT", …, "lastPrice":"20533.13", …}</c>.</summary>
internal sealed record BybitTicker(string? Symbol, string? LastPrice);

/// <summary>One public trade of <c>/v5/market/recent-trade</c>: <c>{"execId":"…","symbol":"BTCUSDT","price":"16618.49","size":"0.00012","side":"Buy","time":"1672052955758","isBlockTrade":false}</c>.</summary>
internal sealed record BybitTrade(string? Price, string? Time);

/// <summary>One spot instrument: <c>{"symbol":"BTCUSDT","baseCoin":"BTC","quoteCoin":"USDT","status":"Trading", …}</c>.</summary>
internal sealed record BybitInstrument(string? Symbol, string? BaseCoin, string? QuoteCoin, string? Status);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(BybitStatus))]
[JsonSerializable(typeof(BybitAnswer<BybitList<BybitTicker>>), TypeInfoPropertyName = "Tickers")]
[JsonSerializable(typeof(BybitAnswer<BybitList<BybitInstrument>>), TypeInfoPropertyName = "Instruments")]
[JsonSerializable(typeof(BybitAnswer<BybitList<string[]>>), TypeInfoPropertyName = "Klines")]
[JsonSerializable(typeof(BybitAnswer<BybitList<BybitTrade>>), TypeInfoPropertyName = "Trades")]
internal sealed partial class BybitJsonContext : JsonSerializerContext;
