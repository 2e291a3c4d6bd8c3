using TradingAlerts.Core.Notifications;
using TradingAlerts.Core.Signals;
using TradingAlerts.Core.Tests.Fakes;

namespace TradingAlerts.Core.Tests;

/// <summary>Channels, urgency, templates and quiet hours, through the real Worker and DeliveryService.</summary>
public class ChannelDeliveryTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task TwoChannels_OneFiringEach_SentToEachChannelsAddressAndRecordedPerChannel()
    {
        var pipeline = new LocalPipeline();
        var telegram = new RecordingNotifier();
        pipeline.Channels[Channels.Telegram] = telegram;
        await pipeline.Store.PutRecipientAsync(new Recipient { Id = "default-user", TelegramChatId = "-100200300" }, None);
        var alert = await pipeline.AddAsync(new SignalDraft { Symbol = "BTCUSDT", Condition = "above", TargetPrice = "100000", Channels = "pushover, telegram" });
        pipeline.Binance.Prices["BTCUSDT"] = 100_500m;

        var report = await pipeline.NextCycleAsync();

        (report.Fired, report.Notified).Should().Be((1, 2));
        pipeline.Notifier.Sent.Single().Recipient.Should().Be("default-user");
        telegram.Sent.Single().Recipient.Should().Be("-100200300");
        var history = await pipeline.Store.ListDeliveriesAsync(alert.Id, None);
        history.Select(f => (f.Channel, f.DeliveryStatus)).Should().BeEquivalentTo([(Channels.Pushover, DeliveryStatus.Sent), (Channels.Telegram, DeliveryStatus.Sent)]);
        (await pipeline.Store.GetAsync(alert.Id, None))!.TriggeredCount.Should().Be(1, "one crossing, however many channels");
    }

    [Fact]
    public async Task ChannelWithoutAddressOrNotConfigured_FailsPermanentlyNamingWhatIsMissing()
    {
        var pipeline = new LocalPipeline();
        pipeline.Channels[Channels.Discord] = new RecordingNotifier();
        var alert = await pipeline.AddAsync(new SignalDraft { Symbol = "BTCUSDT", Condition = "above", TargetPrice = "100000", Channels = "discord,telegram" });
        pipeline.Binance.Prices["BTCUSDT"] = 100_500m;

        await pipeline.NextCycleAsync();

        var history = (await pipeline.Store.ListDeliveriesAsync(alert.Id, None)).ToDictionary(f => f.Channel);
        history[Channels.Discord].LastResponse.Should().Be("recipient default-user has no discord address (set it with: tradingalerts recipients set)");
        history[Channels.Telegram].LastResponse.Should().Be("telegram is not configured here (it needs TELEGRAM_BOT_TOKEN)");
        history.Values.Should().OnlyContain(f => f.DeliveryStatus == DeliveryStatus.Failed);
    }

    [Fact]
    public async Task UrgentAlert_IsSentUrgentWithItsFactsAndTheReceiptIsKept()
    {
        var pipeline = new LocalPipeline();
        pipeline.Notifier.Outcomes.Enqueue(DeliveryOutcome.Sent("accepted") with { Receipt = "r4nd0mre3ceipt" });
        var alert = await pipeline.AddAsync(new SignalDraft { Symbol = "BTCUSDT", Condition = "below", TargetPrice = "90000", Urgent = "yes" });
        pipeline.Binance.Prices["BTCUSDT"] = 89_000m;

        await pipeline.NextCycleAsync();

        var sent = pipeline.Notifier.Sent.Single();
        sent.Urgent.Should().BeTrue();
        sent.Facts!.Price.Should().Be(89_000m);
        (await pipeline.Store.ListDeliveriesAsync(alert.Id, None)).Single().Receipt.Should().Be("r4nd0mre3ceipt");
    }

    [Fact]
    public async Task Template_ShapesTheMessage()
    {
        var pipeline = new LocalPipeline();
        await pipeline.AddAsync(new SignalDraft { Symbol = "ETHUSDT", Condition = "crosses_down", TargetPrice = "4000", Template = "{symbol} fell through {target} ({price} on {exchange}) {{!}}" });

        pipeline.Binance.Prices["ETHUSDT"] = 4_100m;
        await pipeline.NextCycleAsync();
        pipeline.Binance.Prices["ETHUSDT"] = 3_990.5m;
        await pipeline.NextCycleAsync();

        pipeline.Notifier.Sent.Single().Message.Should().Be("ETHUSDT fell through 4,000 (3,990.5 on binance) {!}");
    }

    [Fact]
    public void Template_UnknownPlaceholder_IsRefusedAtCreation()
    {
        var act = () => new SignalValidator([ExchangeId.Binance], TimeProvider.System).Create(
            new SignalDraft { Exchange = "binance", Symbol = "BTCUSDT", Condition = "above", TargetPrice = "1", Template = "now {prise}" },
            SignalSource.Cli);

        act.Should().Throw<SignalValidationException>().Which.Errors.Single().Should().Match<ValidationError>(e => e.Field == "template" && e.Message.Contains("unknown placeholder {prise}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task QuietHours_HoldNonUrgentFiringsAndSendOneDigestWhenTheyEnd_UrgentGoesAtOnce()
    {
        var pipeline = new LocalPipeline();
        await pipeline.Store.PutRecipientAsync(new Recipient { Id = "default-user", QuietHours = QuietHours.Parse("22:00-07:00", "Europe/Berlin") }, None);

        // 2026-11-25 22:30 in Berlin (UTC+1) is 21:30 UTC.
        pipeline.Clock.AdjustTime(new DateTimeOffset(2026, 11, 25, 21, 29, 0, TimeSpan.Zero));
        await pipeline.AddAsync(new SignalDraft { Symbol = "BTCUSDT", Condition = "above", TargetPrice = "100000" });
        await pipeline.AddAsync(new SignalDraft { Symbol = "ETHUSDT", Condition = "below", TargetPrice = "4000" });
        await pipeline.AddAsync(new SignalDraft { Symbol = "SOLUSDT", Condition = "below", TargetPrice = "100", Urgent = "true" });
        pipeline.Binance.Prices["BTCUSDT"] = 100_500m;
        pipeline.Binance.Prices["ETHUSDT"] = 3_900m;
        pipeline.Binance.Prices["SOLUSDT"] = 99m;

        var night = await pipeline.NextCycleAsync();

        night.Fired.Should().Be(3);
        pipeline.Notifier.Sent.Should().ContainSingle().Which.Title.Should().StartWith("SOLUSDT");

        // Still quiet at 06:59 Berlin; the digest goes at the first cycle from 07:00 Berlin (06:00 UTC).
        pipeline.Clock.AdjustTime(new DateTimeOffset(2026, 11, 26, 5, 58, 0, TimeSpan.Zero));
        await pipeline.NextCycleAsync();
        pipeline.Notifier.Sent.Should().HaveCount(1);
        await pipeline.NextCycleAsync();

        pipeline.Notifier.Sent.Should().HaveCount(2);
        var digest = pipeline.Notifier.Sent[1];
        digest.Title.Should().Be("2 alerts during quiet hours");
        digest.Message.Should().Contain("BTCUSDT above 100,000").And.Contain("ETHUSDT below 4,000");
        var firings = await pipeline.Store.ListDeliveriesAsync((await pipeline.Store.ListAsync(None).FirstAsync(s => s.Symbol == "BTCUSDT", None)).Id, None);
        firings.Single().Should().Match<Delivery>(f => f.DeliveryStatus == DeliveryStatus.Sent && !f.Held && f.Attempts == 1);
    }

    [Fact]
    public async Task QuietHours_MoreHeldThanOneMessageTakes_DigestGoesInPartsAndLosesNoAlert()
    {
        // Twelve alerts fire in the night; Pushover shows 1024 characters of a message and cuts the rest.
        var pushover = new RecordingNotifier { MaxMessageLength = 1024 };
        var pipeline = new LocalPipeline();
        pipeline.Channels[Channels.Pushover] = pushover;
        await pipeline.Store.PutRecipientAsync(new Recipient { Id = "default-user", QuietHours = QuietHours.Parse("22:00-07:00", "UTC") }, None);
        pipeline.Clock.AdjustTime(new DateTimeOffset(2026, 11, 25, 22, 29, 0, TimeSpan.Zero));
        var symbols = Enumerable.Range(0, 12).Select(i => $"C{i:00}USDT").ToList();
        foreach (var symbol in symbols)
        {
            await pipeline.AddAsync(new SignalDraft { Symbol = symbol, Condition = "above", TargetPrice = "100", Notes = "a note long enough to fill a line of the digest" });
            pipeline.Binance.Prices[symbol] = 101m;
        }

        (await pipeline.NextCycleAsync()).Fired.Should().Be(12);
        pipeline.Clock.AdjustTime(new DateTimeOffset(2026, 11, 26, 6, 59, 30, TimeSpan.Zero));
        await pipeline.NextCycleAsync();

        pushover.Sent.Should().HaveCountGreaterThan(1).And.OnlyContain(n => n.Message.Length <= 1024);
        foreach (var symbol in symbols)
            pushover.Sent.Count(n => n.Message.Contains($"{symbol} above 100", StringComparison.Ordinal)).Should().Be(1, $"{symbol}'s firing is told once");
        pushover.Sent.Sum(n => n.Title.EndsWith("alerts during quiet hours", StringComparison.Ordinal) ? int.Parse(n.Title.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) : 1).Should().Be(12);
    }

    [Theory]
    [InlineData("2026-11-25T21:00:00Z", "22:00-07:00", "Europe/Berlin", "2026-11-26T06:00:00Z")]
    [InlineData("2026-11-25T20:59:59Z", "22:00-07:00", "Europe/Berlin", null)]
    [InlineData("2026-11-26T06:00:00Z", "22:00-07:00", "Europe/Berlin", null)]
    [InlineData("2026-11-26T05:59:00Z", "22:00-07:00", "Europe/Berlin", "2026-11-26T06:00:00Z")]
    [InlineData("2026-03-29T00:30:00Z", "01:00-02:30", "Europe/Berlin", "2026-03-29T01:00:00Z")] // 02:30 does not exist that night: 03:00 CEST
    [InlineData("2026-10-25T00:30:00Z", "02:00-06:00", "Europe/Berlin", "2026-10-25T05:00:00Z")] // clocks go back at 03:00 CEST
    [InlineData("2026-07-01T03:00:00Z", "22:00-07:00", "America/New_York", "2026-07-01T11:00:00Z")]
    [InlineData("2026-07-01T12:00:00Z", "09:00-17:00", "UTC", "2026-07-01T17:00:00Z")]
    public void QuietHours_TimeZoneEdges(string now, string period, string zone, string? end)
    {
        var quiet = QuietHours.Parse(period, zone);

        quiet.EndIfQuiet(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture))
            .Should().Be(end is null ? null : DateTimeOffset.Parse(end, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("22-07", "Europe/Berlin", "quiet hours must be a period such as 22:00-07:00 (got '22-07')")]
    [InlineData("22:00-22:00", "UTC", "quiet hours must not start and end at the same time (got '22:00-22:00')")]
    [InlineData("22:00-07:00", "Mars/Olympus", "time zone must be an IANA name such as Europe/Berlin, America/New_York or UTC (got 'Mars/Olympus')")]
    public void QuietHours_BadInput_SaysWhatIsWrong(string period, string zone, string message)
    {
        var act = () => QuietHours.Parse(period, zone);

        act.Should().Throw<FormatException>().WithMessage(message);
    }
}
