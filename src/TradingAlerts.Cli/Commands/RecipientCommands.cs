using System.CommandLine;
using TradingAlerts.Core.Notifications;

namespace TradingAlerts.Cli.Commands;

/// <summary><c>tradingalerts recipients set|list|remove</c>: where a recipient's channels go, and its quiet hours.</summary>
internal static class RecipientCommands
{
    public static Command Build(CliContext context)
    {
        var recipients = new Command("recipients", "Recipients' Telegram, Discord and webhook addresses and quiet hours.");
        recipients.Subcommands.Add(Set(context));
        recipients.Subcommands.Add(List(context));
        recipients.Subcommands.Add(Remove(context));
        return recipients;
    }

    private static Argument<string> Id() => new("ID")
    {
        Description = "the Pushover user key the alerts name (their user key, or PUSHOVER_USER_KEY), or 'default' when neither is set",
    };

    private static Command Set(CliContext context)
    {
        var id = Id();
        var telegram = new Option<string>("--telegram-chat") { Description = "Telegram chat id (a number, or @channelname); \"\" clears it" };
        var discord = new Option<string>("--discord-webhook") { Description = "Discord webhook URL; \"\" clears it" };
        var webhook = new Option<string>("--webhook") { Description = "URL the signed webhook posts to; \"\" clears it" };
        var quiet = new Option<string>("--quiet") { Description = "quiet hours such as 22:00-07:00 (held alerts go out as one digest when they end); \"\" clears them" };
        var zone = new Option<string>("--tz") { Description = "the quiet hours' time zone, an IANA name such as Europe/Berlin (default UTC)" };
        var command = new Command("set", "Create or change a recipient's settings (unnamed settings stay as they are).") { id, telegram, discord, webhook, quiet, zone };
        command.SetAction(async (parse, ct) =>
        {
            var app = await context.ComposeAsync(ct);
            var recipientId = parse.GetValue(id)!.Trim();
            var current = await app.Recipients.GetRecipientAsync(recipientId, ct) ?? new Recipient { Id = recipientId };
            Recipient edited;
            try
            {
                edited = current.With(parse.GetValue(telegram), parse.GetValue(discord), parse.GetValue(webhook), parse.GetValue(quiet), parse.GetValue(zone));
            }
            catch (FormatException e)
            {
                throw new CliInputException(e.Message);
            }

            await app.Recipients.PutRecipientAsync(edited, ct);
            await context.Out.WriteLineAsync($"Recipient {Describe(edited)}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command List(CliContext context)
    {
        var command = new Command("list", "List the recipients' settings (URLs shortened: they carry tokens).");
        command.SetAction(async (_, ct) =>
        {
            var app = await context.ComposeAsync(ct);
            var all = await app.Recipients.ListRecipientsAsync(ct);
            if (all.Count == 0)
            {
                await context.Out.WriteLineAsync("No recipient settings. Add some: tradingalerts recipients set default --telegram-chat 123456789");
                return ExitCodes.Ok;
            }

            Table.Write(
                context.Out,
                ["RECIPIENT", "TELEGRAM", "DISCORD", "WEBHOOK", "QUIET HOURS"],
                all.Select(r => (IReadOnlyList<string>)[Shown(r.Id), r.TelegramChatId ?? "-", Host(r.DiscordWebhookUrl), Host(r.WebhookUrl), r.QuietHours?.ToString() ?? "-"]));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Remove(CliContext context)
    {
        var id = Id();
        var command = new Command("remove", "Forget a recipient's settings (its alerts then go to Pushover only).") { id };
        command.SetAction(async (parse, ct) =>
        {
            var app = await context.ComposeAsync(ct);
            var recipientId = parse.GetValue(id)!.Trim();
            if (!await app.Recipients.RemoveRecipientAsync(recipientId, ct))
            {
                await context.Error.WriteLineAsync($"error: no settings for recipient '{Shown(recipientId)}' (see: tradingalerts recipients list)");
                return ExitCodes.NotFound;
            }

            await context.Out.WriteLineAsync($"Removed the settings of recipient {Shown(recipientId)}.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string Describe(Recipient r) =>
        $"{Shown(r.Id)}: telegram {r.TelegramChatId ?? "-"}, discord {Host(r.DiscordWebhookUrl)}, webhook {Host(r.WebhookUrl)}, quiet hours {r.QuietHours?.ToString() ?? "-"}";

    /// <summary>A Pushover key is personal: shown masked, like everywhere else.</summary>
    private static string Shown(string id) => id == Recipient.Default ? id : Core.Configuration.SettingValues.Mask(id);

    /// <summary>Webhook URLs carry tokens: only their host is shown.</summary>
    private static string Host(string? url) => url is null ? "-" : $"{new Uri(url).Host}/…";
}
