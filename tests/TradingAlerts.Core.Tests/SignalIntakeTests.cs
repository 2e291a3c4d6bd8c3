using Microsoft.Extensions.Time.Testing;
using TradingAlerts.Core.Accounts;
using TradingAlerts.Core.Prices;
using TradingAlerts.Core.Signals;
using TradingAlerts.Core.Tests.Fakes;

namespace TradingAlerts.Core.Tests;

public class SignalIntakeTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
    private readonly FakeCatalog binance = new(
        ExchangeId.Binance,
        new Instrument("BTCUSDT", "BTC", "USDT", true),
        new Instrument("BTCUSDC", "BTC", "USDC", true),
        new Instrument("ETHBTC", "ETH", "BTC", true),
        new Instrument("1000SATSFDUSD", "1000SATS", "FDUSD", true),
        new Instrument("LUNAUSDT", "LUNA", "USDT", false));

    private SignalIntake Intake(IAccountStore? accounts = null) =>
        new(new SignalValidator([ExchangeId.Binance], clock), new MarketDirectory([binance], clock, TimeSpan.FromHours(1)), accounts);

    [Fact]
    public async Task CreateAsync_NoAccounts_OwnerStaysNull_AnOwnerNamedIsUnknown()
    {
        var store = new InMemorySignalStore();

        var plain = await Intake(store).CreateAsync(Draft("BTCUSDT"), SignalSource.Cli, None);
        var act = () => Intake(store).CreateAsync(Draft("BTCUSDT") with { Owner = "ann" }, SignalSource.Cli, None);

        plain.Signal.Owner.Should().BeNull();
        (await act.Should().ThrowAsync<SignalValidationException>()).Which.Errors.Should().Equal(new ValidationError("owner", "no account named 'ann'"));
    }

    [Fact]
    public async Task CreateAsync_WithAccounts_DefaultIsTheFirstAdmin_UnknownOwnerNamedBesideOtherErrors()
    {
        var store = new InMemorySignalStore();
        foreach (var (name, role) in new[] { ("amy", AccountRole.Member), ("zoe", AccountRole.Admin), ("bob", AccountRole.Admin) })
            await store.AddAccountAsync(new Account { Name = name, Role = role, PasswordHash = "h", CreatedAt = clock.GetUtcNow() }, None);

        var unnamed = await Intake(store).CreateAsync(Draft("BTCUSDT"), SignalSource.Cli, None);
        var named = await Intake(store).CreateAsync(Draft("BTCUSDT") with { Owner = " amy " }, SignalSource.Cli, None);
        var act = () => Intake(store).CreateAsync(Draft("BTCUSDT") with { Owner = "zed", TargetPrice = "abc" }, SignalSource.Cli, None);

        unnamed.Signal.Owner.Should().Be("bob", "the first admin by name");
        named.Signal.Owner.Should().Be("amy");
        (await act.Should().ThrowAsync<SignalValidationException>()).Which.Errors.Select(e => e.Field).Should().Equal("target_price", "owner");
    }

    private static SignalDraft Draft(string symbol) => new() { Exchange = "binance", Symbol = symbol, Condition = "above", TargetPrice = "1" };

    [Theory]
    [InlineData("BTCUSDT", "BTC", "USDT")]
    [InlineData("btc/usdt", "BTC", "USDT")]
    [InlineData("ETH-BTC", "ETH", "BTC")]
    [InlineData("1000satsfdusd", "1000SATS", "FDUSD")]
    public async Task CreateAsync_ListedSymbol_BaseAndQuoteFromTheListing(string typed, string baseAsset, string quote)
    {
        var result = await Intake().CreateAsync(Draft(typed), SignalSource.Cli, None);

        result.Signal.Should().Match<Signal>(s => s.Base == baseAsset && s.Quote == quote && s.Symbol == baseAsset + quote);
        result.Warnings.Should().BeEmpty();
    }

    [Fact]
    public async Task CreateAsync_UnknownSymbol_RejectedWithTheClosestListed()
    {
        var act = () => Intake().CreateAsync(Draft("BTCUSDX"), SignalSource.Cli, None);

        (await act.Should().ThrowAsync<SignalValidationException>()).Which.Errors.Should().ContainSingle()
            .Which.Should().Be(new ValidationError("symbol", "BTCUSDX is not listed on binance; closest: BTCUSDC, BTCUSDT"));
    }

    [Fact]
    public async Task CreateAsync_SplitThatDisagreesWithTheListing_Rejected()
    {
        var act = () => Intake().CreateAsync(Draft("BTCU/SDT"), SignalSource.Cli, None);

        (await act.Should().ThrowAsync<SignalValidationException>()).Which.Errors.Single().Message.Should().StartWith("BTCU/SDT is not listed on binance");
    }

    [Fact]
    public async Task CreateAsync_HaltedMarket_AcceptedWithAWarning()
    {
        var result = await Intake().CreateAsync(Draft("LUNAUSDT"), SignalSource.Cli, None);

        result.Warnings.Should().ContainSingle().Which.Should().Contain("not trading now");
    }

    [Fact]
    public async Task CreateAsync_ListingUnavailable_AcceptedOnTheTextsSplitWithAWarning()
    {
        binance.FailWith = "HTTP 503 after 3 attempts";

        var result = await Intake().CreateAsync(Draft("SOLUSDT"), SignalSource.Cli, None);

        result.Signal.Should().Match<Signal>(s => s.Base == "SOL" && s.Quote == "USDT");
        result.Warnings.Should().ContainSingle().Which.Should().Be("SOLUSDT could not be checked against binance's listing (HTTP 503 after 3 attempts); accepted as SOL/USDT");
    }

    [Fact]
    public async Task CreateAsync_ListingUnavailableAndNoKnownQuote_AsksForBaseSlashQuote()
    {
        binance.FailWith = "HTTP 503 after 3 attempts";

        var act = () => Intake().CreateAsync(Draft("SHIBDOGE"), SignalSource.Cli, None);

        (await act.Should().ThrowAsync<SignalValidationException>()).Which.Errors.Single().Message.Should().Contain("write it as BASE/QUOTE");
    }

    [Fact]
    public async Task CreateAsync_ManyAlerts_ListingFetchedOncePerCachePeriod()
    {
        var intake = Intake();

        for (var i = 0; i < 5; i++)
            await intake.CreateAsync(Draft("BTCUSDT"), SignalSource.Cli, None);
        clock.Advance(TimeSpan.FromMinutes(61));
        await intake.CreateAsync(Draft("BTCUSDT"), SignalSource.Cli, None);

        binance.Requests.Should().Be(2);
    }
}
