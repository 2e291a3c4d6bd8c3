namespace TradingAlerts.Web.Security;

/// <summary>Why sign-in is refused for now, and until when.</summary>
/// <param name="OfAccount">True: the account is locked; false: the client address is.</param>
public sealed record SignInLockout(bool OfAccount, DateTimeOffset Until)
{
    /// <summary>The Retry-After value: whole seconds until <see cref="Until"/>, at least 1.</summary>
    public int RetryAfterSeconds(DateTimeOffset now) => Math.Max(1, (int)Math.Ceiling((Until - now).TotalSeconds));
}

/// <summary>
/// Sign-in attempts throttled per account name and per client address: after <see cref="MaxFailures"/> failures
/// within <see cref="Window"/>, further attempts are refused (right password or not) until enough of them leave the
/// window. In memory, per process: a restart forgets the failures, which only helps someone who can restart it.
/// </summary>
public sealed class SignInThrottle(TimeProvider clock)
{
    public const int MaxFailures = 5;

    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    // Names and addresses kept apart, so that an account named like an address is not confused with it.
    private readonly Dictionary<string, List<DateTimeOffset>> failures = new(StringComparer.Ordinal);
    private readonly Lock gate = new();

    /// <summary>The lockout of the account, else of the address; null when the attempt may go ahead.</summary>
    public SignInLockout? LockoutOf(string account, string address)
    {
        var now = clock.GetUtcNow();
        lock (gate)
        {
            return Until(AccountKey(account), now) is { } accountUntil ? new SignInLockout(true, accountUntil)
                : Until(AddressKey(address), now) is { } addressUntil ? new SignInLockout(false, addressUntil)
                : null;
        }
    }

    public void RecordFailure(string account, string address)
    {
        var now = clock.GetUtcNow();
        lock (gate)
        {
            foreach (var key in new[] { AccountKey(account), AddressKey(address) })
            {
                if (!failures.TryGetValue(key, out var times))
                    failures[key] = times = [];
                times.Add(now);
            }

            // Names typed at random must not grow the table without end: whoever has no failure in the window goes.
            foreach (var key in failures.Where(pair => pair.Value.TrueForAll(t => now - t >= Window)).Select(pair => pair.Key).ToList())
                failures.Remove(key);
        }
    }

    /// <summary>A right password (and code) clears the account's failures; the address's stay, as they may be another account's.</summary>
    public void RecordSuccess(string account)
    {
        lock (gate)
            failures.Remove(AccountKey(account));
    }

    /// <summary>When the key's failures in the window drop below the limit, or null when they are below it now.</summary>
    private DateTimeOffset? Until(string key, DateTimeOffset now)
    {
        if (!failures.TryGetValue(key, out var times))
            return null;

        times.RemoveAll(t => now - t >= Window);
        return times.Count >= MaxFailures ? times[^MaxFailures] + Window : null;
    }

    private static string AccountKey(string account) => "account:" + account;

    private static string AddressKey(string address) => "address:" + address;
}
