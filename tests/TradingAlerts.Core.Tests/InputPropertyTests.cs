using CsCheck;
using Microsoft.Extensions.Time.Testing;
using TradingAlerts.Core.Signals;
using TradingAlerts.Testing;

namespace TradingAlerts.Core.Tests;

/// <summary>
/// Whatever people type, a parser answers with a value or a named problem, never an exception; and what it formats
/// reads back exactly. CsCheck draws the inputs from a fixed seed (<see cref="Properties"/>); a failure names the input.
/// </summary>
public class InputPropertyTests
{
    /// <summary>Text people type: anything, or something close to a value (digits, units, signs, huge numbers).</summary>
    private static readonly Gen<string> Typed = Gen.OneOf(
        Gen.String,
        Gen.String[Gen.Char["0123456789.,-+e%smhdSMHD :/TZ_"], 0, 40],
        Gen.Select(Gen.Char["0123456789"].Array[1, 30], Gen.Char["smhd"], (digits, unit) => new string(digits) + unit));

    [Fact]
    public void DurationText_AnyText_ParsesOrSaysNo()
    {
        Typed.ForEach(5000, text =>
        {
            if (DurationText.TryParse(text, out var duration))
                duration.Should().BeGreaterThanOrEqualTo(TimeSpan.Zero);
        });
    }

    [Fact]
    public void DurationText_FormatThenParse_GivesTheSameDuration()
    {
        Gen.Long[0, TimeSpan.MaxValue.Ticks / TimeSpan.TicksPerSecond].Select(TimeSpan.FromSeconds).ForEach(2000, duration =>
        {
            DurationText.TryParse(DurationText.Format(duration), out var back).Should().BeTrue();
            back.Should().Be(duration);
        });
    }

    [Fact]
    public void PriceText_FormatThenParse_KeepsEveryDigit()
    {
        Gen.Decimal[0m, decimal.MaxValue].ForEach(5000, price =>
        {
            PriceText.TryParse(PriceText.Format(price), out var back).Should().BeTrue();
            back.Should().Be(price);
        });
    }

    [Fact]
    public void EveryTextParser_AnyText_ValueOrNamedProblem()
    {
        Typed.ForEach(5000, text =>
        {
            PriceText.TryParse(text, out _);
            Symbols.Parse(text);
            Flags.TryParse(text, out _);
            WireNames.TryParseCondition(text, out _);
            WireNames.TryParseExchange(text, out _);
            TradingAlerts.Core.Notifications.ChannelNames.TryParseList(text, out _);
            if (!TradingAlerts.Core.Notifications.MessageTemplate.TryParse(text, out _, out var problems))
                problems.Should().NotBeEmpty();
            try
            {
                TradingAlerts.Core.Notifications.QuietHours.Parse(text, "Europe/Berlin");
                TradingAlerts.Core.Notifications.QuietHours.Parse("22:00-07:00", text);
            }
            catch (FormatException e)
            {
                e.Message.Should().NotBeNullOrWhiteSpace();
            }
        });
    }

    [Fact]
    public void SignalValidator_AnyDraft_GivesAnAlertOrNamedProblems()
    {
        var validator = new SignalValidator([ExchangeId.Binance, ExchangeId.Bybit, ExchangeId.Coinbase], new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero)));
        var fields = new[] { "id", "name", "exchange", "symbol", "condition", "target_price", "active", "user_id", "notes", "expires_at", "low", "high", "pct", "window", "direction", "frequency", "hysteresis", "cooldown", "channels", "urgent", "template" };
        var draft = Gen.Select(Typed.Array[fields.Length], Gen.Int[0, 6], Gen.Bool, (texts, condition, listed) => new SignalDraft
        {
            Id = texts[0], Name = texts[1], Exchange = listed ? "binance" : texts[2], Symbol = listed ? "BTCUSDT" : texts[3],
            Condition = new[] { "above", "below", "crosses_up", "crosses_down", "crosses", "channel_exit", "pct_move" }[condition],
            TargetPrice = texts[5], Active = texts[6], UserId = texts[7], Notes = texts[8], ExpiresAt = texts[9], Low = texts[10], High = texts[11],
            Pct = texts[12], Window = texts[13], Direction = texts[14], Frequency = texts[15], Hysteresis = texts[16], Cooldown = texts[17],
            Channels = texts[18], Urgent = texts[19], Template = texts[20],
        });

        draft.ForEach(2000, d =>
        {
            try
            {
                validator.Create(d, SignalSource.Cli).Symbol.Should().NotBeNullOrEmpty();
            }
            catch (SignalValidationException e)
            {
                e.Errors.Should().NotBeEmpty().And.OnlyContain(error => fields.Contains(error.Field) && error.Message.Length > 0);
            }
        });
    }
}
