using CsCheck;
using TradingAlerts.Core.Pipeline;
using TradingAlerts.Core.Prices;
using TradingAlerts.Core.Signals;
using TradingAlerts.Testing;

namespace TradingAlerts.Core.Tests;

/// <summary>
/// The trigger book may leave an alert unread only when reading it would have changed nothing: an alert whose place a
/// check's window does not reach neither fires, arms, needs its candles nor expires at that check.
/// </summary>
public class TriggerBookTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);

    /// <summary>How far past the window's due time a check may still run and be covered (the Worker's look-ahead).</summary>
    private static readonly TimeSpan Ahead = TimeSpan.FromMinutes(1);

    private static readonly Gen<decimal> NearHundred = Gen.Int[70_000, 130_000].Select(milli => milli / 1000m);

    private static readonly Gen<DateTimeOffset?> AroundNow = Gen.Int[-7200, 7200].Select(seconds => Now.AddSeconds(seconds)).Nullable(0.4);

    private static readonly Gen<SignalSnapshot> AnyArmed =
        from condition in Gen.Enum<Condition>()
        from status in Gen.OneOf(Gen.Const(SignalStatus.Pending), Gen.Const(SignalStatus.Waiting))
        from target in NearHundred
        from width in Gen.Int[1, 30_000].Select(milli => milli / 1000m)
        from side in Gen.OneOf(Gen.Const((PriceSide?)null), Gen.Const((PriceSide?)PriceSide.Above), Gen.Const((PriceSide?)PriceSide.Below))
        from frequency in Gen.Enum<Frequency>()
        from hysteresis in Gen.Int[0, 5_000].Select(milli => milli / 1000m)
        from cooldown in Gen.Int[0, 7200].Select(seconds => TimeSpan.FromSeconds(seconds))
        from triggeredAt in AroundNow
        from expiresAt in AroundNow
        from armedAt in AroundNow
        from percent in Gen.Int[1, 20_000].Select(milli => milli / 1000m)
        from direction in Gen.Enum<MoveDirection>()
        select new SignalSnapshot(
            "a", 1, "a", ExchangeId.Binance, "BTCUSDT", "BTC", "USDT", condition,
            condition is Condition.ChannelExit or Condition.PctMove ? null : target,
            status, null, null, Now.AddDays(-1), expiresAt)
        {
            Rule = SignalRule.Default with
            {
                Low = condition == Condition.ChannelExit ? target : null,
                High = condition == Condition.ChannelExit ? target + width : null,
                MovePercent = condition == Condition.PctMove ? percent : null,
                Window = condition == Condition.PctMove ? TimeSpan.FromMinutes(15) : null,
                Direction = direction,
                Frequency = frequency,
                HysteresisPercent = hysteresis,
                Cooldown = cooldown,
            },
            // A pending crossing always knows its side (it armed on one); only a waiting one may not.
            Side = condition.IsCrossing() && status == SignalStatus.Pending ? side ?? PriceSide.Below : condition.IsCrossing() ? side : null,
            TriggeredAt = triggeredAt,
            ArmedAt = armedAt > Now ? Now : armedAt,
        };

    /// <summary>A check: the alert, the price, the wick band, how long after the window's start it runs, and the price a percent-move window ago (null: unknown).</summary>
    private static readonly Gen<(SignalSnapshot Signal, decimal Price, decimal Band, TimeSpan Later, decimal? Reference)> Checks =
        from signal in AnyArmed
        from price in NearHundred
        from band in Gen.OneOf(Gen.Const(0m), Gen.Const(0.01m), Gen.Const(0.05m), Gen.Const(0.1m))
        from later in Gen.Int[0, (int)Ahead.TotalSeconds].Select(seconds => TimeSpan.FromSeconds(seconds))
        from reference in NearHundred.Nullable(0.1)
        select (signal, price, band, later, reference);

    [Fact]
    public void AnAlertTheWindowDoesNotReach_WouldDoNothingAtThatCheck()
    {
        var (reached, unreached, movesUnreached) = (0, 0, 0);
        Checks.ForEach(20_000, check =>
        {
            var (signal, price, band, later, reference) = check;

            // The Worker measures every group of the market's percent moves; this one is the drawn alert's.
            var group = new MoveGroup(TimeSpan.FromMinutes(15), signal.Rule.Direction);
            var window = BookWindow.Around(price, band, Now + Ahead) with { MovesUpTo = new Dictionary<MoveGroup, decimal> { [group] = BookWindow.MoveUpTo(group, price, reference) } };
            if (window.Reaches(TriggerBook.PlaceOf(signal)))
            {
                reached++;
                return;
            }

            unreached++;
            var wicks = new WickOptions { Band = band };
            var at = Now + later;
            var decision = SignalCheck.Decide(signal, price, at, wicks.IsNear);
            if (decision.Step == CheckStep.MeasureMove)
            {
                movesUnreached++;
                reference.Should().NotBeNull("a percent move whose reference price is unknown must be read, to be told as not checked");
                Conditions.MoveFires(signal, price, reference!.Value).Should().BeFalse("the book left a {0} % move unread at {1} from {2}", signal.Rule.MovePercent, price, reference);
            }
            else
            {
                decision.Step.Should().Be(CheckStep.None, "the book left it unread at {0}", price);
            }

            (signal.ExpiresAt <= at).Should().BeFalse("an alert due to expire must be read");
        });

        // Both sides of the rule are tried: a book that reached everything, or nothing, would pass vacuously.
        reached.Should().BeGreaterThan(2_000);
        unreached.Should().BeGreaterThan(2_000);
        movesUnreached.Should().BeGreaterThan(200, "percent moves are left unread too when their move is short of them");
    }

    [Theory]
    [InlineData("above", "pending", null, 100.0, null)]
    [InlineData("below", "pending", null, null, 100.0)]
    [InlineData("above", "waiting", null, null, 99.0)]
    [InlineData("below", "waiting", null, 101.0, null)]
    [InlineData("crosses", "waiting", "above", 101.0, null)]
    [InlineData("crosses", "waiting", "below", null, 99.0)]
    public void ALevelAlert_WaitsAtItsLevel_OrWhereItsHysteresisEnds(string condition, string status, string? side, double? risesTo, double? fallsTo)
    {
        WireNames.TryParseCondition(condition, out var parsed).Should().BeTrue();
        var signal = new SignalSnapshot("a", 1, "a", ExchangeId.Binance, "BTCUSDT", "BTC", "USDT", parsed, 100m, status == "pending" ? SignalStatus.Pending : SignalStatus.Waiting, null, null, Now)
        {
            Rule = SignalRule.Default with { Frequency = Frequency.Rearm, HysteresisPercent = 1m },
            Side = side is null ? null : side == "above" ? PriceSide.Above : PriceSide.Below,
            TriggeredAt = status == "waiting" ? Now : null,
        };

        TriggerBook.PlaceOf(signal).Should().Be(new BookPlace((decimal?)risesTo, (decimal?)fallsTo, null));
    }

    [Fact]
    public void AChannel_WaitsAtBothEdges_APercentMove_WaitsInItsGroupForItsMove_AndIsDueWhenItsCooldownEnds()
    {
        var channel = new SignalSnapshot("c", 1, "c", ExchangeId.Binance, "BTCUSDT", "BTC", "USDT", Condition.ChannelExit, null, SignalStatus.Pending, null, null, Now, Now.AddDays(1))
        {
            Rule = SignalRule.Default with { Low = 90m, High = 110m },
        };
        var move = new SignalSnapshot("m", 1, "m", ExchangeId.Binance, "BTCUSDT", "BTC", "USDT", Condition.PctMove, null, SignalStatus.Pending, null, null, Now.AddHours(-1))
        {
            Rule = SignalRule.Default with { MovePercent = 5m, Window = TimeSpan.FromHours(1), Frequency = Frequency.Rearm, Cooldown = TimeSpan.FromMinutes(15) },
        };

        TriggerBook.PlaceOf(channel).Should().Be(new BookPlace(110m, 90m, Now.AddDays(1)));
        TriggerBook.PlaceOf(move).Should().Be(new BookPlace(null, null, null) { Move = new(new(TimeSpan.FromHours(1), MoveDirection.Either), 5m) });
        TriggerBook.PlaceAfter(move, new SignalState(SignalStatus.Waiting), firedAt: Now).Should().Be(new BookPlace(null, null, Now.AddMinutes(15)));
        TriggerBook.PlaceAfter(move, new SignalState(SignalStatus.Triggered), firedAt: Now).Should().Be(BookPlace.None);
    }
}
