namespace TradingAlerts.Exchanges.Tests;

/// <summary>Coinbase sends the candles newest first, times in Unix seconds; the contract wants them oldest first.</summary>
public sealed class CoinbaseCandleSourceTests() : CandleSourceContract(CoinbaseBodies.Candles)
{
    [Fact]
    public async Task GetMinuteCandlesAsync_CandleWithoutClose_ThrowsUnreadableNamingCandleAndField() =>
        (await FailureReasonAsync(200, """{"candles":[{"start":"1639508040","low":"140.21","high":"140.21","open":"140.21"}]}"""))
            .Should().Be("unreadable response: the BTC-USD candle at 2021-12-14 18:54 UTC has no close, not a decimal number");
}
