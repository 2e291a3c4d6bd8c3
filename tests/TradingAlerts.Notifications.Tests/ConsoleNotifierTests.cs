using TradingAlerts.Core.Notifications;

namespace TradingAlerts.Notifications.Tests;

public sealed class ConsoleNotifierTests
{
    [Fact]
    public async Task SendAsync_Notification_WritesMarkedTitleAndMessage()
    {
        using var output = new StringWriter();
        var notification = new Notification(null, "ETHUSDT below 2,000: now 1,999.5", "Dip buy\nETHUSDT on bybit is 1,999.5", DateTimeOffset.UnixEpoch);

        var outcome = await new ConsoleNotifier(output).SendAsync(notification, CancellationToken.None);

        var lines = output.ToString().Split(Environment.NewLine);
        lines[0].Should().Contain("NOTIFICATION");
        lines[1].Should().Be("ETHUSDT below 2,000: now 1,999.5");
        output.ToString().Should().Contain("Dip buy\nETHUSDT on bybit is 1,999.5");
        outcome.Should().Be(DeliveryOutcome.Sent("printed to the console (PUSHOVER_APP_TOKEN is not set)"));
    }
}
