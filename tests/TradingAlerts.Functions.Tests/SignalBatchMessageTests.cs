using CsCheck;
using TradingAlerts.Aws.Sqs;
using TradingAlerts.Core.Pipeline;
using TradingAlerts.Core.Signals;
using TradingAlerts.Testing;

namespace TradingAlerts.Functions.Tests;

public sealed class SignalBatchMessageTests
{
    private const string Valid = """
        {"cycle_id":"2019-03-01T01:23:45Z","since":"2019-03-01T01:18:45+00:00","exchange":"binance","signals":[
        {"id":"s1","version":3,"name":"BTC","exchange":"binance","symbol":"BTCUSDT","base":"BTC","quote":"USDT","condition":"above","target_price":"100000.000000000000000001","status":"pending","created_at":"2026-03-14T09:26:53+00:00"}]}
        """;

    /// <summary>
    /// Any body, arbitrary text or the valid message with one span of it replaced: the consumer gets the batch, or why
    /// the body is unreadable; never an exception (a message that threw would fail its whole SQS event).
    /// </summary>
    [Fact]
    public void ToQueueMessage_AnyBody_BatchOrWhyNot()
    {
        var mutated = Gen.Select(Gen.Int[0, Valid.Length], Gen.Int[0, 20], Gen.OneOf(Gen.String[0, 12], Gen.Const("null"), Gen.Const("-1e400"), Gen.Const("\"9999999999999999999999999999999\""), Gen.Const("[]"), Gen.Const("{}")),
            (at, length, text) => Valid[..at] + text + Valid[Math.Min(Valid.Length, at + length)..]);

        Gen.OneOf(Gen.String, mutated).ForEach(5000, body =>
        {
            var message = SignalBatchMessage.ToQueueMessage("m-1", body);
            (message.Batch is null).Should().Be(message.Unreadable is not null);
            if (message.Unreadable is { } why)
                why.Should().StartWith("signal batch message: ");
        });
    }

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

    [Fact]
    public void SerializeThenDeserialize_RuleSideAndTriggerTime_ArriveExactly()
    {
        var channel = new SignalSnapshot("band", 4, "SOL band", ExchangeId.Binance, "SOLUSDT", "SOL", "USDT", Condition.ChannelExit, null, SignalStatus.Waiting, null, null, SignalFactory.Now)
        {
            Rule = new SignalRule { Low = 100.000000000000000001m, High = 120.5m, Frequency = Frequency.Rearm, HysteresisPercent = 1.25m, Cooldown = TimeSpan.FromMinutes(30) },
            TriggeredAt = SignalFactory.Now.AddMinutes(3),
        };
        var crossing = new SignalSnapshot("x", 2, "x", ExchangeId.Binance, "BTCUSDT", "BTC", "USDT", Condition.Crosses, 100_000m, SignalStatus.Pending, null, null, SignalFactory.Now)
        {
            Side = PriceSide.Above,
        };

        var batch = SignalBatchMessage.Deserialize(SignalBatchMessage.Serialize(new SignalBatch("c", ExchangeId.Binance, [channel, crossing])));

        batch.Signals.Should().Equal(channel, crossing);
    }

    [Fact]
    public void SerializeThenDeserialize_CycleStartAndGap_ArriveExactly()
    {
        var batch = new SignalBatch("c", ExchangeId.Bybit, [], SignalFactory.Now.AddMinutes(-7)) { CycleStart = SignalFactory.Now, SinceGap = true, CycleAlerts = 1200 };

        var body = SignalBatchMessage.Serialize(batch);
        var read = SignalBatchMessage.Deserialize(body);

        body.Should().Contain("\"cycle_start\":").And.Contain("\"since_gap\":true").And.Contain("\"cycle_alerts\":1200");
        (read.Since, read.CycleStart, read.SinceGap, read.CycleAlerts).Should().Be((batch.Since, batch.CycleStart, true, 1200));
        SignalBatchMessage.Deserialize(Valid).Should().Match<SignalBatch>(b => b.CycleStart == null && !b.SinceGap && b.CycleAlerts == null, "a message of an older Reader records no coverage and keeps no outcome");
    }

    [Theory]
    [InlineData("""{"cycle_id":"c","exchange":"binance","signals":[{"id":"s","version":1,"name":"n","exchange":"binance","symbol":"BTCUSDT","base":"BTC","quote":"USDT","condition":"crosses","target_price":"1","status":"pending","created_at":"2026-03-14T09:26:53+00:00","side":"sideways"}]}""", "signals[0].side 'sideways' is not one of below | above")]
    [InlineData("""{"cycle_id":"c","exchange":"binance","signals":[{"id":"s","version":1,"name":"n","exchange":"binance","symbol":"BTCUSDT","base":"BTC","quote":"USDT","condition":"above","target_price":"1","status":"pending","created_at":"2026-03-14T09:26:53+00:00","rule":"{oops"}]}""", "signals[0].rule is not a rule")]
    public void Deserialize_BadRuleOrSide_NamesTheField(string body, string message)
    {
        var act = () => SignalBatchMessage.Deserialize(body);

        act.Should().Throw<FormatException>().WithMessage($"*{message}*");
    }

    [Theory]
    [InlineData("test", "not the expected JSON")]
    [InlineData("", "the body is empty")]
    [InlineData("null", "JSON null")]
    [InlineData("""{"exchange":"binance","signals":[]}""", "cycle_id is missing")]
    [InlineData("""{"cycle_id":"c","exchange":"kraken","signals":[]}""", "exchange 'kraken' is not a known exchange")]
    [InlineData("""{"cycle_id":"c","exchange":"binance"}""", "signals is missing")]
    [InlineData("""{"cycle_id":"c","cycle_alerts":-1,"exchange":"binance","signals":[]}""", "cycle_alerts -1 is negative")]
    [InlineData("""{"cycle_id":"c","exchange":"binance","signals":[{"id":"s1","version":1,"name":"n","exchange":"binance","symbol":"BTCUSDT","base":"BTC","quote":"USDT","condition":"above","target_price":"1,5","status":"pending","created_at":"2026-03-14T09:26:53Z"}]}""", "signals[0].target_price '1,5' is not a decimal number")]
    [InlineData("""{"cycle_id":"c","exchange":"binance","signals":[{"id":"s1","version":1,"name":"n","exchange":"binance","symbol":"BTCUSDT","base":"BTC","quote":"USDT","condition":"sideways","target_price":"1","status":"pending","created_at":"2026-03-14T09:26:53Z"}]}""", "signals[0].condition 'sideways'")]
    [InlineData("""{"cycle_id":"c","exchange":"binance","signals":[{"version":1}]}""", "signals[0].id is missing")]
    public void Deserialize_BadBody_FormatExceptionSaysWhat(string body, string expected)
    {
        var read = () => SignalBatchMessage.Deserialize(body);

        read.Should().Throw<FormatException>().Which.Message.Should().Contain(expected);
    }
}
