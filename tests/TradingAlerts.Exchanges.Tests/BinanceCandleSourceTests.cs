namespace TradingAlerts.Exchanges.Tests;

public sealed class BinanceCandleSourceTests() : CandleSourceContract(BinanceBodies.Candles)
{
    [Theory]
    [InlineData("""[[1499040000000,"0.01634790","0.80000000"]]""", "candle 0 is not [openTime, open, high, low, close, …]")]
    [InlineData("""[["soon","0.01634790","0.80000000","0.01575800","0.01577100"]]""", "candle 0 has open time \"soon\", not a Unix time")]
    [InlineData("""[[1499040000000,"0.01634790","0.8e1","0.01575800","0.01577100"]]""", "the BTCUSDT candle at 2017-07-03 00:00 UTC has high \"0.8e1\", not a decimal number")]
    [InlineData("""[[1499040000000,"0.01634790","0.80000000",null,"0.01577100"]]""", "the BTCUSDT candle at 2017-07-03 00:00 UTC has no low, not a decimal number")]
    public async Task GetMinuteCandlesAsync_MalformedRow_ThrowsUnreadableNamingCandleAndField(string body, string problem) =>
        (await FailureReasonAsync(200, body)).Should().Be($"unreadable response: {problem}");
}
