using System.CommandLine;
using System.Globalization;
using TradingAlerts.Core.Notifications;
using TradingAlerts.Core.Signals;
using TradingAlerts.Core.Transfer;

namespace TradingAlerts.Cli.Commands;

/// <summary><c>tradingalerts signals add|list|remove|disable|enable|import|export</c>.</summary>
internal static class SignalCommands
{
    public static Command Build(CliContext context)
    {
        var signals = new Command("signals", "Create, list, change, import and export alerts.");
        signals.Subcommands.Add(Add(context));
        signals.Subcommands.Add(List(context));
        signals.Subcommands.Add(Remove(context));
        signals.Subcommands.Add(SetActive(context, "disable", active: false));
        signals.Subcommands.Add(SetActive(context, "enable", active: true));
        signals.Subcommands.Add(Import(context));
        signals.Subcommands.Add(Export(context));
        return signals;
    }

    private static Command Add(CliContext context)
    {
        var rule = new RuleOptions(required: true);
        var channels = new Option<string>("--channels") { Description = "where it notifies: pushover,telegram,discord,webhook (default pushover; addresses: tradingalerts recipients set)" };
        var urgent = new Option<bool>("--urgent") { Description = "escalate (Pushover emergency priority, until acknowledged) and ignore quiet hours" };
        var template = new Option<string>("--template") { Description = "the message, with {name} {symbol} {exchange} {price} {target} {condition} {high} {low} {time} {notes}" };
        var name = new Option<string>("--name") { Description = "a name for people (default: SYMBOL CONDITION TARGET)" };
        var userKey = new Option<string>("--user-key") { Description = "Pushover user key of the recipient (default: PUSHOVER_USER_KEY)" };
        var notes = new Option<string>("--notes") { Description = "free text added to the notification" };
        var expires = new Option<string>("--expires") { Description = "date or time (UTC unless an offset is given) after which the alert stops" };
        var json = new Option<bool>("--json") { Description = "print the created alert as JSON" };
        var toSheet = new Option<bool>("--to-sheet") { Description = "also append the alert as a row of the Google Sheet (with its id), which manages it from then on" };
        var owner = Owner("the account the alert belongs to (default: the first admin; none while there are no accounts)");

        var command = new Command("add", "Add an alert.");
        foreach (var option in rule.All.Concat([channels, urgent, template, name, userKey, notes, expires, json, toSheet, owner]))
            command.Options.Add(option);
        command.SetAction(async (parse, ct) =>
        {
            var app = await context.ComposeAsync(ct);
            var (signal, warnings) = await app.Intake.CreateAsync(
                rule.Draft(parse) with
                {
                    Name = parse.GetValue(name),
                    UserId = parse.GetValue(userKey),
                    Notes = parse.GetValue(notes),
                    ExpiresAt = parse.GetValue(expires),
                    Channels = parse.GetValue(channels),
                    Urgent = parse.GetValue(urgent) ? "true" : null,
                    Template = parse.GetValue(template),
                    Owner = parse.GetValue(owner),
                },
                SignalSource.Cli,
                ct);

            foreach (var warning in warnings)
                await context.Error.WriteLineAsync($"warning: {warning}");
            if (parse.GetValue(toSheet))
                signal = await app.OpenSheetWriteThrough().AddAsync(signal, ct);
            else
                await app.Store.AddAsync(signal, ct);
            if (parse.GetValue(json))
                await context.Out.WriteLineAsync(SignalJson.Serialize([signal]));
            else
                await context.Out.WriteLineAsync($"Added alert {signal.Id}: {Describe(signal)}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command List(CliContext context)
    {
        var json = new Option<bool>("--json") { Description = "a JSON array with the data model's snake_case names" };
        var status = new Option<string>("--status") { Description = "only alerts in this status: pending | triggered | expired | waiting | paused" };
        var activeOnly = new Option<bool>("--active") { Description = "only enabled alerts" };
        var owner = Owner("only the alerts of this account");

        var command = new Command("list", "List alerts (all of them unless filtered).") { json, status, activeOnly, owner };
        command.SetAction(async (parse, ct) =>
        {
            SignalStatus? wanted = null;
            if (parse.GetValue(status) is { } text)
            {
                if (!WireNames.TryParseStatus(text, out var parsed))
                    throw new CliInputException($"--status must be one of {WireNames.Choices<SignalStatus>(WireNames.ToWire)} (got '{text}')");
                wanted = parsed;
            }

            var app = await context.ComposeAsync(ct);
            var ownerName = parse.GetValue(owner);
            if (ownerName is not null && await app.AccountStore.GetAccountAsync(ownerName, ct) is null)
                throw new CliInputException($"--owner: no account named '{ownerName}' (see: tradingalerts users list)");

            var signals = new List<Signal>();
            await foreach (var signal in app.Store.ListAsync(ct))
            {
                if ((wanted is null || signal.Status == wanted) && (!parse.GetValue(activeOnly) || signal.Active) && (ownerName is null || signal.Owner == ownerName))
                    signals.Add(signal);
            }

            signals.Sort((a, b) => a.CreatedAt.CompareTo(b.CreatedAt));
            if (parse.GetValue(json))
            {
                await context.Out.WriteLineAsync(SignalJson.Serialize(signals));
            }
            else if (signals.Count == 0)
            {
                await context.Out.WriteLineAsync("No alerts. Add one: tradingalerts signals add --exchange binance --symbol BTCUSDT --condition above --target 100000");
            }
            else
            {
                Table.Write(
                    context.Out,
                    ["ID", "NAME", "EXCHANGE", "SYMBOL", "CONDITION", "TARGET", "STATUS", "ACTIVE", "FIRED", "LAST FIRED (UTC)"],
                    signals.Select(s => (IReadOnlyList<string>)
                    [
                        s.Id, s.Name, s.Exchange.ToWire(), s.Symbol, s.Condition.ToWire(), ConditionText.Level(s),
                        s.Status.ToWire(), s.Active ? "yes" : "no", s.TriggeredCount.ToString(CultureInfo.InvariantCulture),
                        s.TriggeredAt?.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "-",
                    ]));
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Remove(CliContext context)
    {
        var id = new Argument<string>("ID") { Description = "the alert's id (see signals list)" };
        var command = new Command("remove", "Delete an alert (its firing history is kept).") { id };
        command.SetAction(async (parse, ct) =>
        {
            var app = await context.ComposeAsync(ct);
            var signalId = parse.GetValue(id)!;
            if (!await app.Store.RemoveAsync(signalId, ct))
                return await NotFoundAsync(context, signalId);

            await context.Out.WriteLineAsync($"Removed alert {signalId}.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command SetActive(CliContext context, string verb, bool active)
    {
        var id = new Argument<string>("ID") { Description = "the alert's id (see signals list)" };
        var command = new Command(verb, active ? "Enable an alert: it is checked again while pending (a paused alert re-arms)." : "Disable an alert: it is not checked until enabled.") { id };
        command.SetAction(async (parse, ct) =>
        {
            var app = await context.ComposeAsync(ct);
            var signalId = parse.GetValue(id)!;
            var (change, signal) = await app.Store.SetActiveAsync(signalId, active, app.Clock, ct);
            if (change == ActiveChange.NotFound)
                return await NotFoundAsync(context, signalId);

            await context.Out.WriteLineAsync(change == ActiveChange.AlreadySo ? $"Alert {signalId} is already {verb}d." : $"Alert {signalId} {verb}d ({signal!.Status.ToWire()}).");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Import(CliContext context)
    {
        var file = new Argument<FileInfo>("FILE") { Description = "a .csv file with the sheet's columns, or a .json array as written by export" };
        var owner = Owner("the account of the rows whose owner cell is empty (default: the first admin for new alerts; an updated alert keeps its owner)");
        var command = new Command("import", "Import alerts from CSV or JSON; importing the same file again creates no duplicates.") { file, owner };
        command.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists)
                throw new CliInputException($"FILE: no such file: {path.FullName}");

            IReadOnlyList<SignalRow> rows;
            try
            {
                if (path.Extension.Equals(".json", StringComparison.OrdinalIgnoreCase))
                {
                    rows = SignalJson.ReadRows(await File.ReadAllTextAsync(path.FullName, ct));
                }
                else
                {
                    using var reader = path.OpenText();
                    rows = SignalCsv.Read(reader);
                }
            }
            catch (Exception e) when (e is FormatException or System.Text.Json.JsonException)
            {
                throw new CliInputException($"{path.Name}: {e.Message}. Nothing was imported.");
            }

            var app = await context.ComposeAsync(ct);
            var report = await app.Importer.ImportAsync(rows, SignalSource.Cli, parse.GetValue(owner), ct);
            await context.Out.WriteLineAsync(
                $"Imported {path.Name}: {report.Added} added, {report.Updated} updated, {report.Unchanged} unchanged, {report.Invalid.Select(e => e.Row).Distinct().Count()} invalid.");
            foreach (var error in report.Invalid)
                await context.Out.WriteLineAsync($"  {error}");
            foreach (var warning in report.Warnings)
                await context.Error.WriteLineAsync($"warning: {warning}");

            return report.Invalid.Count == 0 ? ExitCodes.Ok : ExitCodes.Partial;
        });
        return command;
    }

    private static Command Export(CliContext context)
    {
        var format = new Option<string>("--format") { Description = "csv (the sheet's columns) or json", DefaultValueFactory = _ => "csv" };
        format.AcceptOnlyFromAmong("csv", "json");
        var output = new Option<FileInfo>("--output", "-o") { Description = "write to this file instead of standard output" };

        var command = new Command("export", "Write every alert in a form that import reads back.") { format, output };
        command.SetAction(async (parse, ct) =>
        {
            var app = await context.ComposeAsync(ct);
            var signals = new List<Signal>();
            await foreach (var signal in app.Store.ListAsync(ct))
                signals.Add(signal);
            signals.Sort((a, b) => a.CreatedAt.CompareTo(b.CreatedAt));

            var target = parse.GetValue(output);
            await using var file = target is null ? null : new StreamWriter(target.FullName);
            var writer = file ?? context.Out;
            if (parse.GetValue(format) == "json")
                await writer.WriteLineAsync(SignalJson.Export(signals));
            else
                SignalCsv.Write(writer, signals);

            if (target is not null)
                await context.Out.WriteLineAsync($"Exported {signals.Count} alerts to {target.FullName}.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Option<string> Owner(string description) => new("--owner") { Description = description };

    private static string Describe(Signal s) =>
        $"{s.Name} ({s.Exchange.ToWire()} {s.Symbol} {ConditionText.Describe(s)}{(s.Rule.Frequency == Frequency.Rearm ? ", re-arms" : string.Empty)})";

    private static async Task<int> NotFoundAsync(CliContext context, string id)
    {
        await context.Error.WriteLineAsync($"error: no alert with id '{id}' (see: tradingalerts signals list)");
        return ExitCodes.NotFound;
    }
}
