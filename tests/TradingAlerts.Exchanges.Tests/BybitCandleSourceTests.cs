namespace TradingAlerts.Exchanges.Tests;

/// <summary>Bybit sends the candles newest first; the contract wants them oldest first.</summary>
public sealed class BybitCandleSourceTests() : CandleSourceContract(BybitBodies.Candles)
{
    [Fact]
    public async Task GetMinuteCandlesAsync_RetCode10001_ThrowsBybitMessageAndCode() =>
        (await FailureReasonAsync(200, BybitBodies.Error(10001, "Not supported symbols"))).Should().Be("Not supported symbols (Bybit code 10001)");

    [Fact]
    public async Task GetMinuteCandlesAsync_ResultWithoutList_ThrowsUnreadable() =>
        (await FailureReasonAsync(200, """{"retCode":0,"retMsg":"OK","result":{"category":"spot"}}"""))
            .Should().Be("unreadable response: a result without a \"list\" of candles");
}
