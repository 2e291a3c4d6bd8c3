using TradingAlerts.Aws.Sqs;

namespace TradingAlerts.Functions.Tests;

public sealed class SignalBatchMessageTests
{
    private const string Valid = """
        {"cycle_id":"2019-03-01T01:23:45Z","since":"2019-03-01T01:18:45+00:00","exchange":"binance","signals":[
        {"id":"s1","version":3,"name":"BTC","exchange":"binance","symbol":"BTCUSDT","base":"BTC","quote":"USDT","condition":"above","target_price":"100000.000000000000000001","status":"pending","created_at":"2026-03-14T09:26:53+00:00"}]}
        """;

    [Fact]
    public void Deserialize_ValidBody_EveryFieldAndEveryDigit()
    {
        var batch = SignalBatchMessage.Deserialize(Valid);

        batch.CycleId.Should().Be("2019-03-01T01:23:45Z");
        batch.Since.Should().Be(new DateTimeOffset(2019, 3, 1, 1, 18, 45, TimeSpan.Zero));
        var signal = batch.Signals.Should().ContainSingle().Subject;
        signal.TargetPrice.Should().Be(100000.000000000000000001m);
        signal.Version.Should().Be(3);
        signal.UserId.Should().BeNull();
    }

    [Fact]
    public void Serialize_Batch_SnakeCaseWithPriceAsString()
    {
        var body = SignalBatchMessage.Serialize(SqsSignalQueueTests.Batch("x", 1));

        body.Should().StartWith("""{"cycle_id":"2026-03-14T09:25:00Z","since":"2026-03-14T09:20:00+00:00","exchange":"binance","signals":[{"id":"x-00","version":1,""")
            .And.Contain("\"target_price\":\"123456789.123456789012\"").And.Contain("\"condition\":\"above\"");
    }

    [Theory]
    [InlineData("test", "not the expected JSON")]
    [InlineData("", "the body is empty")]
    [InlineData("null", "JSON null")]
    [InlineData("""{"exchange":"binance","signals":[]}""", "cycle_id is missing")]
    [InlineData("""{"cycle_id":"c","exchange":"kraken","signals":[]}""", "exchange 'kraken' is not a known exchange")]
    [InlineData("""{"cycle_id":"c","exchange":"binance"}""", "signals is missing")]
    [InlineData("""{"cycle_id":"c","exchange":"binance","signals":[{"id":"s1","version":1,"name":"n","exchange":"binance","symbol":"BTCUSDT","base":"BTC","quote":"USDT","condition":"above","target_price":"1,5","status":"pending","created_at":"2026-03-14T09:26:53Z"}]}""", "signals[0].target_price '1,5' is not a decimal number")]
    [InlineData("""{"cycle_id":"c","exchange":"binance","signals":[{"id":"s1","version":1,"name":"n","exchange":"binance","symbol":"BTCUSDT","base":"BTC","quote":"USDT","condition":"sideways","target_price":"1","status":"pending","created_at":"2026-03-14T09:26:53Z"}]}""", "signals[0].condition 'sideways'")]
    [InlineData("""{"cycle_id":"c","exchange":"binance","signals":[{"version":1}]}""", "signals[0].id is missing")]
    public void Deserialize_BadBody_FormatExceptionSaysWhat(string body, string expected)
    {
        var read = () => SignalBatchMessage.Deserialize(body);

        read.Should().Throw<FormatException>().Which.Message.Should().Contain(expected);
    }
}
