using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TradingAlerts.Core.Accounts;

namespace TradingAlerts.Web.Security;

/// <summary>
/// Whether the UI and API use accounts: as soon as the store holds one. Until then the deployment has its one
/// identity (loopback, or TRADINGALERTS_UI_TOKEN). Listing accounts is a scan on DynamoDB, so the store is asked at
/// most every <see cref="RecheckEvery"/>; once on, it stays on for the life of the process (removing the last account
/// does not open the UI again until a restart). A process that found an account at startup
/// (<see cref="WebUiOptions.HasAccounts"/>) is on from the start.
/// </summary>
public sealed class AccountsMode(IAccountStore accounts, TimeProvider clock, ILoggerFactory logs, WebUiOptions options)
{
    public static readonly TimeSpan RecheckEvery = TimeSpan.FromSeconds(15);

    private readonly ILogger log = logs.CreateLogger<AccountsMode>();
    private readonly SemaphoreSlim gate = new(1, 1);
    private volatile bool on = options.HasAccounts;
    private DateTimeOffset? checkedAt;

    public async ValueTask<bool> IsOnAsync(CancellationToken ct)
    {
        if (on)
            return true;

        await gate.WaitAsync(ct);
        try
        {
            if (on || (checkedAt is { } last && clock.GetUtcNow() - last < RecheckEvery))
                return on;

            var count = (await accounts.ListAccountsAsync(ct)).Count;
            checkedAt = clock.GetUtcNow();
            if (count > 0)
            {
                on = true;
                log.LogInformation("The store holds {Accounts} account(s): the web UI and API now ask for sign-in (name and password, or an API token); TRADINGALERTS_UI_TOKEN no longer applies", count);
            }

            return on;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Whether this request is served in accounts mode (decided once per request by <see cref="DecideAsync"/>).</summary>
    public static bool IsOn(HttpContext context) => context.Items[typeof(AccountsMode)] is true;

    /// <summary>Middleware: decides the mode before authentication picks its scheme (which cannot wait for the store).</summary>
    public static async Task DecideAsync(HttpContext context, Func<Task> next)
    {
        context.Items[typeof(AccountsMode)] = await context.RequestServices.GetRequiredService<AccountsMode>().IsOnAsync(context.RequestAborted);
        await next();
    }
}
