using System.CommandLine;
using System.Globalization;
using TradingAlerts.Core.Accounts;

namespace TradingAlerts.Cli.Commands;

/// <summary>
/// <c>tradingalerts users add|list|remove|passwd|totp|token</c>: the team's accounts. Passwords and tokens are printed
/// once, when made, and stored only as hashes; the CLI acts as an admin.
/// </summary>
internal static class UserCommands
{
    public static Command Build(CliContext context)
    {
        var users = new Command("users", "The team's accounts: add, list and remove them, set passwords, a second factor and API tokens.");
        users.Subcommands.Add(Add(context));
        users.Subcommands.Add(List(context));
        users.Subcommands.Add(Remove(context));
        users.Subcommands.Add(Passwd(context));
        users.Subcommands.Add(Totp(context));
        users.Subcommands.Add(Token(context));
        return users;
    }

    private static Argument<string> Name() => new("NAME") { Description = "the account's name: 1 to 64 letters, digits, '.', '_' or '-'" };

    private static Option<bool> PasswordStdin() =>
        new("--password-stdin") { Description = "read the password from the first line of standard input (default: print a one-time password)" };

    private static Command Add(CliContext context)
    {
        var name = Name();
        var admin = new Option<bool>("--admin") { Description = "an admin sees and changes every alert and manages accounts (the first account must be one)" };
        var pushoverKey = new Option<string>("--pushover-key") { Description = "the Pushover user key the member's alerts push to unless an alert names its own" };
        var stdin = PasswordStdin();
        var command = new Command("add", "Add an account; the first admin takes over every alert without an owner.") { name, admin, pushoverKey, stdin };
        command.SetAction(async (parse, ct) =>
        {
            var password = await PasswordAsync(context, parse.GetValue(stdin), ct);
            var app = await context.ComposeAsync(ct);
            var added = await app.Accounts.AddAsync(parse.GetValue(name)!, parse.GetValue(admin) ? AccountRole.Admin : AccountRole.Member, parse.GetValue(pushoverKey), password, ct);
            await context.Out.WriteLineAsync($"Added {added.Account.Role.ToWire()} {added.Account.Name}.");
            if (added.Account.IsAdmin && added.AlertsTaken > 0)
                await context.Out.WriteLineAsync($"{added.AlertsTaken} alert(s) without an owner now belong to {added.Account.Name}.");
            await OneTimeAsync(context, added.OneTimePassword);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command List(CliContext context)
    {
        var json = new Option<bool>("--json") { Description = "a JSON array: name, role, pushover_key (masked), totp, created_at" };
        var command = new Command("list", "List the accounts (Pushover keys masked; no password or secret is ever shown).") { json };
        command.SetAction(async (parse, ct) =>
        {
            var app = await context.ComposeAsync(ct);
            var accounts = (await app.AccountStore.ListAccountsAsync(ct)).Select(AccountListing.Of).ToList();
            if (parse.GetValue(json))
            {
                await context.Out.WriteLineAsync(AccountListing.ToJson(accounts));
            }
            else if (accounts.Count == 0)
            {
                await context.Out.WriteLineAsync("No accounts: the deployment has one identity. Add the first admin: tradingalerts users add NAME --admin");
            }
            else
            {
                Table.Write(
                    context.Out,
                    ["NAME", "ROLE", "PUSHOVER KEY", "TOTP", "CREATED (UTC)"],
                    accounts.Select(a => (IReadOnlyList<string>)
                        [a.Name, a.Role, a.PushoverKey ?? "-", a.Totp ? "yes" : "no", a.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)]));
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Remove(CliContext context)
    {
        var name = Name();
        var command = new Command("remove", "Remove an account and revoke its tokens and sessions; its alerts go to an admin, or are disabled when none is left.") { name };
        command.SetAction(async (parse, ct) =>
        {
            var app = await context.ComposeAsync(ct);
            var removed = await app.Accounts.RemoveAsync(parse.GetValue(name)!, ct);
            await context.Out.WriteLineAsync(
                removed.AlertsTo is { } heir
                    ? $"Removed {removed.Name}; {removed.Alerts} alert(s) now belong to {heir}."
                    : $"Removed {removed.Name}; no admin is left, so its {removed.Alerts} alert(s) were disabled.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Passwd(CliContext context)
    {
        var name = Name();
        var stdin = PasswordStdin();
        var command = new Command("passwd", "Set an account's password (a new one-time password unless --password-stdin).") { name, stdin };
        command.SetAction(async (parse, ct) =>
        {
            var password = await PasswordAsync(context, parse.GetValue(stdin), ct);
            var app = await context.ComposeAsync(ct);
            var accountName = parse.GetValue(name)!;
            var oneTime = await app.Accounts.SetPasswordAsync(accountName, password, ct);
            await context.Out.WriteLineAsync($"Password of {accountName} changed.");
            await OneTimeAsync(context, oneTime);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Totp(CliContext context)
    {
        var name = Name();
        var off = new Option<bool>("--off") { Description = "remove the second factor: sign-in asks for the password only" };
        var command = new Command("totp", "Enrol a TOTP second factor (prints the otpauth:// URI for an authenticator app), or remove it with --off.") { name, off };
        command.SetAction(async (parse, ct) =>
        {
            var app = await context.ComposeAsync(ct);
            var accountName = parse.GetValue(name)!;
            if (parse.GetValue(off))
            {
                await app.Accounts.RemoveTotpAsync(accountName, ct);
                await context.Out.WriteLineAsync($"Second factor of {accountName} removed.");
                return ExitCodes.Ok;
            }

            var enrolment = await app.Accounts.EnrolTotpAsync(accountName, ct);
            await context.Out.WriteLineAsync($"Second factor of {accountName} enrolled; sign-in now asks for its code. Add it to an authenticator app:");
            await context.Out.WriteLineAsync($"  URI:    {enrolment.Uri}");
            await context.Out.WriteLineAsync($"  secret: {enrolment.Secret}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Token(CliContext context)
    {
        var name = Name();
        var readOnly = new Option<bool>("--read-only") { Description = "the token may only read: writes answer 403" };
        var command = new Command("token", "Issue an API token (Authorization: Bearer TOKEN); it is shown once and stored only as a hash.") { name, readOnly };
        command.SetAction(async (parse, ct) =>
        {
            var app = await context.ComposeAsync(ct);
            var issued = await app.Accounts.IssueTokenAsync(parse.GetValue(name)!, parse.GetValue(readOnly), ct);
            var kind = issued.Credential.CanWrite ? "read-write" : "read-only";
            await context.Out.WriteLineAsync($"A {kind} API token for {issued.Credential.Account} (shown once; it cannot be shown again):");
            await context.Out.WriteLineAsync(issued.Token);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The first line of standard input with <c>--password-stdin</c>; null (generate one) without.</summary>
    private static async Task<string?> PasswordAsync(CliContext context, bool fromStdin, CancellationToken ct)
    {
        if (!fromStdin)
            return null;

        var line = await context.In.ReadLineAsync(ct);
        return string.IsNullOrEmpty(line) ? throw new CliInputException("--password-stdin: standard input holds no password") : line;
    }

    private static async Task OneTimeAsync(CliContext context, string? oneTime)
    {
        if (oneTime is not null)
            await context.Out.WriteLineAsync($"One-time password (shown once; change it with: tradingalerts users passwd NAME --password-stdin): {oneTime}");
    }
}
