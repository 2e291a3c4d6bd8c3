using Microsoft.Extensions.Time.Testing;
using TradingAlerts.Web.Security;

namespace TradingAlerts.Web.Tests;

public sealed class SignInThrottleTests
{
    public const int Limit = SignInThrottle.MaxFailures;

    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void FiveFailuresOfAnAccount_LockIt_UntilTheOldestLeavesTheFifteenMinutes()
    {
        var throttle = new SignInThrottle(clock);
        var first = clock.GetUtcNow();
        for (var i = 0; i < Limit; i++)
        {
            throttle.LockoutOf("alice", $"10.0.0.{i}").Should().BeNull($"{i} failures are fewer than {Limit}");
            throttle.RecordFailure("alice", $"10.0.0.{i}");
            clock.Advance(TimeSpan.FromMinutes(1));
        }

        var lockout = throttle.LockoutOf("alice", "10.0.0.9");
        lockout.Should().Be(new SignInLockout(OfAccount: true, first + SignInThrottle.Window));
        lockout!.RetryAfterSeconds(clock.GetUtcNow()).Should().Be(10 * 60);
        throttle.LockoutOf("bob", "10.0.0.9").Should().BeNull("another account from another address may go on");

        clock.Advance(TimeSpan.FromMinutes(10));
        throttle.LockoutOf("alice", "10.0.0.9").Should().BeNull("the first failure left the window: four remain");
    }

    [Fact]
    public void FiveFailuresFromAnAddress_LockIt_WhateverTheNames()
    {
        var throttle = new SignInThrottle(clock);
        for (var i = 0; i < Limit; i++)
            throttle.RecordFailure($"guess{i}", "203.0.113.7");

        throttle.LockoutOf("alice", "203.0.113.7").Should().Be(new SignInLockout(OfAccount: false, clock.GetUtcNow() + SignInThrottle.Window));
        throttle.LockoutOf("alice", "203.0.113.8").Should().BeNull();
    }

    [Fact]
    public void ASuccess_ClearsTheAccountsFailures_NotTheAddresss()
    {
        var throttle = new SignInThrottle(clock);
        for (var i = 0; i < Limit - 1; i++)
            throttle.RecordFailure("alice", "203.0.113.7");
        throttle.RecordSuccess("alice");
        throttle.RecordFailure("alice", "203.0.113.8");

        throttle.LockoutOf("alice", "203.0.113.9").Should().BeNull("one failure since the success");
        throttle.RecordFailure("bob", "203.0.113.7");
        throttle.LockoutOf("carol", "203.0.113.7").Should().NotBeNull("the address kept its four failures, and bob's is the fifth");
    }
}
