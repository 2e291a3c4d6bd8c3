using Microsoft.Extensions.Time.Testing;
using TradingAlerts.Core.Signals;

namespace TradingAlerts.Core.Tests;

public class SignalRulesTests
{
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
    private static readonly SignalValidator Validator = new([ExchangeId.Binance], Clock);

    private static readonly SignalDraft Valid = new()
    {
        Exchange = "binance",
        Symbol = "BTCUSDT",
        Condition = "above",
        TargetPrice = "100000",
    };

    [Theory]
    [InlineData(Condition.Above, "99999.99", false)]
    [InlineData(Condition.Above, "100000", true)]
    [InlineData(Condition.Above, "100000.00000001", true)]
    [InlineData(Condition.Below, "100000.00000001", false)]
    [InlineData(Condition.Below, "100000", true)]
    [InlineData(Condition.Below, "99999.99", true)]
    public void IsMetBy_AroundTheTarget_EqualityFires(Condition condition, string price, bool expected)
    {
        PriceText.TryParse(price, out var value).Should().BeTrue();
        condition.IsMetBy(value, 100000m).Should().Be(expected);
    }

    [Theory]
    [InlineData("65000.5", "65000.5")]
    [InlineData(" 65,000.50 ", "65000.50")]
    [InlineData("$65,000.50", "65000.50")]
    [InlineData("1,234,567.000000012345", "1234567.000000012345")]
    [InlineData("0.00001234", "0.00001234")]
    public void PriceText_TryParse_AcceptedForms_AreExact(string text, string expected)
    {
        PriceText.TryParse(text, out var price).Should().BeTrue();
        price.Should().Be(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("65,5")]
    [InlineData("65.000,50")]
    [InlineData("1e5")]
    [InlineData("-5")]
    [InlineData("abc")]
    [InlineData("")]
    [InlineData("12,34,567")]
    public void PriceText_TryParse_AmbiguousOrInvalid_IsRejected(string text) =>
        PriceText.TryParse(text, out _).Should().BeFalse();

    [Fact]
    public void PriceText_Format_DropsTrailingZerosAndIgnoresCulture()
    {
        PriceText.Format(65000.500m).Should().Be("65000.5");
        PriceText.Format(0.00001234m).Should().Be("0.00001234");
    }

    [Theory]
    [InlineData("btc/usdt")]
    [InlineData("BTC-USDT")]
    [InlineData(" btcusdt ")]
    [InlineData("BTC_USDT")]
    public void Symbols_Normalize_CommonSpellings_BecomeOneSymbol(string text) =>
        Symbols.Normalize(text).Should().Be("BTCUSDT");

    [Fact]
    public void Create_ValidDraft_FillsDefaults()
    {
        var signal = Validator.Create(Valid with { Symbol = "btc/usdt", TargetPrice = "100,000.50" }, SignalSource.Cli);

        signal.Symbol.Should().Be("BTCUSDT");
        signal.TargetPrice.Should().Be(100000.50m);
        signal.Name.Should().Be("BTCUSDT above 100000.5");
        signal.Status.Should().Be(SignalStatus.Pending);
        signal.Active.Should().BeTrue();
        signal.CreatedAt.Should().Be(Clock.GetUtcNow());
        signal.Version.Should().Be(Clock.GetUtcNow().UtcTicks, "a new alert's first version is its creation time in ticks");
        signal.Id.Should().MatchRegex("^[0-9a-f]{12}$");
    }

    [Theory]
    [InlineData("exchange", "kraken", "must be one of binance (got 'kraken')")]
    [InlineData("exchange", "bybit", "bybit has no price source in this installation")]
    [InlineData("symbol", "BTC$USDT", "must be 2 to 30 letters or digits")]
    [InlineData("condition", "crosses over", "must be one of above | below | crosses_up | crosses_down | crosses | pct_move | channel_exit (got 'crosses over')")]
    [InlineData("target_price", "abc", "must be a positive number")]
    [InlineData("target_price", "0", "must be a positive number")]
    [InlineData("target_price", "-3", "must be a positive number")]
    [InlineData("user_id", "short", "30-character Pushover user")]
    [InlineData("expires_at", "tomorrow", "must be a date or time")]
    [InlineData("expires_at", "2020-01-01", "must be in the future")]
    [InlineData("active", "maybe", "must be true or false")]
    [InlineData("id", "has space", "letters, digits")]
    public void Create_BadField_NamesTheFieldAndTheRule(string field, string value, string message)
    {
        var draft = field switch
        {
            "exchange" => Valid with { Exchange = value },
            "symbol" => Valid with { Symbol = value },
            "condition" => Valid with { Condition = value },
            "target_price" => Valid with { TargetPrice = value },
            "user_id" => Valid with { UserId = value },
            "expires_at" => Valid with { ExpiresAt = value },
            "active" => Valid with { Active = value },
            _ => Valid with { Id = value },
        };

        var act = () => Validator.Create(draft, SignalSource.Cli);

        act.Should().Throw<SignalValidationException>()
            .Which.Errors.Should().ContainSingle()
            .Which.Should().Match<ValidationError>(e => e.Field == field && e.Message.Contains(message));
    }

    [Fact]
    public void Create_SeveralBadFields_ReportsEachOne()
    {
        var act = () => Validator.Create(new SignalDraft { Condition = "above" }, SignalSource.Cli);

        act.Should().Throw<SignalValidationException>()
            .Which.Errors.Select(e => e.Field).Should().BeEquivalentTo("exchange", "symbol", "target_price");
    }

    [Fact]
    public void Create_DateOnlyExpiry_IsMidnightUtc()
    {
        var signal = Validator.Create(Valid with { ExpiresAt = "2026-12-31" }, SignalSource.Cli);
        signal.ExpiresAt.Should().Be(new DateTimeOffset(2026, 12, 31, 0, 0, 0, TimeSpan.Zero));
    }
}
