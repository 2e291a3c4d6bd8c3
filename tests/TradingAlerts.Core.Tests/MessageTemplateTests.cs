using TradingAlerts.Core.Notifications;
using TradingAlerts.Core.Pipeline;
using TradingAlerts.Core.Signals;

namespace TradingAlerts.Core.Tests;

public sealed class MessageTemplateTests
{
    private static readonly DateTimeOffset FiredAt = new(2026, 7, 1, 14, 30, 5, TimeSpan.FromHours(2));

    private static readonly SignalSnapshot Breakout = new(
        "sig-1", 3, "Breakout", ExchangeId.Binance, "BTCUSDT", "BTC", "USDT", Condition.Above, 100_000m,
        SignalStatus.Pending, "u-1", "take profit at 110k", DateTimeOffset.UnixEpoch);

    private static readonly Crossing Now = new(100_250.5m, ExchangeId.Binance);

    private const string Choices = "{name}, {symbol}, {exchange}, {price}, {target}, {condition}, {high}, {low}, {time}, {notes}";

    [Fact]
    public void Validate_EveryPlaceholderAndEscapedBraces_NoProblems()
    {
        MessageTemplate.Validate("{{{name}}} {symbol} {exchange} {price} {target} {condition} {high} {low} {time} {notes}")
            .Should().BeEmpty();
    }

    [Fact]
    public void Validate_UnknownPlaceholder_NamesItSuggestsTheClosestAndListsTheChoices()
    {
        MessageTemplate.Validate("{symbol} at {prise}").Should().Equal(
            $"unknown placeholder {{prise}} (did you mean {{price}}?); use one of {Choices}");
    }

    [Theory]
    [InlineData("{Price}", "{price}")]
    [InlineData("{ symbol }", "{symbol}")]
    public void Validate_PlaceholderInOtherCaseOrSpaced_IsUnknownWithTheRightSuggestion(string template, string suggestion)
    {
        MessageTemplate.Validate(template).Should().ContainSingle()
            .Which.Should().StartWith($"unknown placeholder {template} (did you mean {suggestion}?)");
    }

    [Fact]
    public void Validate_FarFromAnyPlaceholder_NoSuggestion()
    {
        MessageTemplate.Validate("{volume}").Should().Equal($"unknown placeholder {{volume}}; use one of {Choices}");
    }

    [Theory]
    [InlineData("price {price", "unmatched { at character 7; write {{ for a literal brace")]
    [InlineData("price {pri{price}", "unmatched { at character 7; write {{ for a literal brace")]
    [InlineData("price} {price}", "unmatched } at character 6; write }} for a literal brace")]
    [InlineData("{}", $"empty placeholder {{}}; use one of {Choices}, or {{{{ and }}}} for literal braces")]
    [InlineData("  ", "the template is empty; leave it out to use the default message")]
    public void Validate_BrokenTemplate_NamesTheProblemAndWhere(string template, string problem)
    {
        MessageTemplate.Validate(template).Should().Equal(problem);
    }

    [Fact]
    public void Validate_SeveralProblems_ReportsEach()
    {
        MessageTemplate.Validate("{nme} } {prise").Should().HaveCount(3);
    }

    [Fact]
    public void TryParse_Invalid_GivesNoTemplate()
    {
        MessageTemplate.TryParse("{prise}", out var parsed, out var problems).Should().BeFalse();
        parsed.Should().BeNull();
        problems.Should().ContainSingle();
    }

    [Fact]
    public void Render_EveryPlaceholder_FillsTheFiringsValues()
    {
        var firing = new FiringFacts("sig-1", "Range", "ETHUSDT", ExchangeId.Bybit, Condition.Below, 2_000m, 1_999.5m,
            FiredAt, "dip", High: 2_100.25m, Low: 1_950m);

        Render("{name}|{symbol}|{exchange}|{price}|{target}|{condition}|{high}|{low}|{time}|{notes}", firing)
            .Should().Be("Range|ETHUSDT|bybit|1,999.5|2,000|below|2,100.25|1,950|2026-07-01 12:30:05 UTC|dip");
    }

    [Fact]
    public void Render_NoBandNoNotes_HighAndLowDashNotesEmpty()
    {
        var firing = FiringFacts.Of(Breakout with { Notes = null }, Now, FiredAt);

        Render("[{high}/{low}] [{notes}]", firing).Should().Be("[-/-] []");
    }

    [Fact]
    public void Render_EscapedBraces_WritesSingleBraces()
    {
        Render("{{{symbol}}} {{price}} }}", FiringFacts.Of(Breakout, Now, FiredAt)).Should().Be("{BTCUSDT} {price} }");
    }

    [Fact]
    public void Render_PlaceholderValueWithBraces_IsNotExpandedAgain()
    {
        Render("{notes}", FiringFacts.Of(Breakout with { Notes = "{price}" }, Now, FiredAt)).Should().Be("{price}");
    }

    [Fact]
    public void FiringFactsOf_FallbackExchange_TakesThePriceSourceExchange()
    {
        var facts = FiringFacts.Of(Breakout, new Crossing(100_001m, ExchangeId.Bybit, PrimaryFailure: "HTTP 451"), FiredAt);

        facts.Exchange.Should().Be(ExchangeId.Bybit);
        facts.AlertId.Should().Be("sig-1");
        facts.Price.Should().Be(100_001m);
    }

    [Fact]
    public void Body_NoTemplate_DefaultWordingUnchanged()
    {
        NotificationText.Body(Breakout, Now, FiredAt).Should().Be(
            "Breakout\nBTCUSDT on binance is 100,250.5, above the target 100,000.\nTime: 2026-07-01 12:30:05 UTC\nNotes: take profit at 110k");
        NotificationText.Body(Breakout, Now, FiredAt, template: " ").Should().Be(NotificationText.Body(Breakout, Now, FiredAt));
    }

    [Fact]
    public void Body_Template_RendersItWithBandBounds()
    {
        NotificationText.Body(Breakout, Now, FiredAt, "{symbol} left {low}-{high}: {price}", high: 100_200m, low: 95_000m)
            .Should().Be("BTCUSDT left 95,000-100,200: 100,250.5");
    }

    [Fact]
    public void Body_TemplateThatNoLongerValidates_SendsDefaultAndSaysWhy()
    {
        var body = NotificationText.Body(Breakout, Now, FiredAt, "{symbol} at {prise}");

        body.Should().StartWith(NotificationText.Body(Breakout, Now, FiredAt))
            .And.EndWith("\nTemplate not used: unknown placeholder {prise} (did you mean {price}?); use one of " + Choices);
    }

    private static string Render(string template, FiringFacts firing)
    {
        MessageTemplate.TryParse(template, out var parsed, out var problems).Should().BeTrue(string.Join("; ", problems));
        return parsed!.Render(firing);
    }
}
