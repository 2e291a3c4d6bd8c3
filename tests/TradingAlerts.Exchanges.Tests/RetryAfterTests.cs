using System.Net.Http.Headers;
using Microsoft.Extensions.Time.Testing;
using TradingAlerts.Http;

namespace TradingAlerts.Exchanges.Tests;

public sealed class RetryAfterTests
{
    private static readonly DateTimeOffset Now = new(2026, 7, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void From_DeltaSeconds_ReturnsThatWait()
    {
        using var response = new HttpResponseMessage();
        response.Headers.TryAddWithoutValidation("Retry-After", "30");

        RetryAfter.From(response.Headers, new FakeTimeProvider(Now)).Should().Be(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void From_HttpDate_ReturnsWaitFromClocksNow()
    {
        using var response = new HttpResponseMessage();
        response.Headers.TryAddWithoutValidation("Retry-After", "Wed, 01 Jul 2026 12:02:00 GMT");

        RetryAfter.From(response.Headers, new FakeTimeProvider(Now)).Should().Be(TimeSpan.FromMinutes(2));
    }

    [Fact]
    public void From_HttpDateInThePast_ReturnsZero()
    {
        using var response = new HttpResponseMessage();
        response.Headers.RetryAfter = new RetryConditionHeaderValue(Now.AddMinutes(-1));

        RetryAfter.From(response.Headers, new FakeTimeProvider(Now)).Should().Be(TimeSpan.Zero);
    }

    [Fact]
    public void From_NoHeader_ReturnsNull()
    {
        using var response = new HttpResponseMessage();

        RetryAfter.From(response.Headers, new FakeTimeProvider(Now)).Should().BeNull();
    }
}
