using System.CommandLine;
using TradingAlerts.Cli.Commands;
using TradingAlerts.Core.Accounts;
using TradingAlerts.Core.Configuration;
using TradingAlerts.Core.Sheets;
using TradingAlerts.Core.Signals;

namespace TradingAlerts.Cli;

/// <summary>The <c>tradingalerts</c> command tree and how failures become exit codes.</summary>
public static class CliApp
{
    public static async Task<int> RunAsync(string[] args, CliContext context, CancellationToken ct)
    {
        var root = new RootCommand("TradingAlerts: crypto price alerts, checked against the exchanges and pushed to your phone.");
        root.Subcommands.Add(InitCommand.Build(context));
        root.Subcommands.Add(SignalCommands.Build(context));
        root.Subcommands.Add(PriceCommand.Build(context));
        root.Subcommands.Add(CheckCommand.Build(context));
        root.Subcommands.Add(BacktestCommand.Build(context));
        root.Subcommands.Add(HistoryCommand.Build(context));
        root.Subcommands.Add(RunCommand.Build(context));
        root.Subcommands.Add(StatusCommand.Build(context));
        root.Subcommands.Add(StatsCommand.Build(context));
        root.Subcommands.Add(RecipientCommands.Build(context));
        root.Subcommands.Add(ServeCommand.Build(context));
        root.Subcommands.Add(SyncSheetsCommand.Build(context));
        root.Subcommands.Add(ConfigCommand.Build(context));
        root.Subcommands.Add(UserCommands.Build(context));

        // No response files: "@" starts names and notes people type (--name @dip), never a file of arguments.
        var parsed = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
                await context.Error.WriteLineAsync($"error: {error.Message}");
            await context.Error.WriteLineAsync("Run 'tradingalerts --help' for usage.");
            return ExitCodes.InvalidInput;
        }

        try
        {
            return await parsed.InvokeAsync(
                new InvocationConfiguration { Output = context.Out, Error = context.Error, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null },
                ct);
        }
        catch (ConfigurationException e)
        {
            await context.Error.WriteLineAsync($"configuration: {e.Message}");
            return ExitCodes.Configuration;
        }
        catch (CliInputException e)
        {
            await context.Error.WriteLineAsync($"error: {e.Message}");
            return ExitCodes.InvalidInput;
        }
        catch (SignalValidationException e)
        {
            foreach (var error in e.Errors)
                await context.Error.WriteLineAsync($"error: {FlagNames.Describe(error)}");
            await context.Error.WriteLineAsync("Nothing was written.");
            return ExitCodes.InvalidInput;
        }
        catch (AccountException e) when (e.Refusal == AccountRefusal.UnknownAccount)
        {
            await context.Error.WriteLineAsync($"error: {e.Message} (see: tradingalerts users list)");
            return ExitCodes.NotFound;
        }
        catch (AccountException e)
        {
            await context.Error.WriteLineAsync($"error: {e.Message}. Nothing was written.");
            return ExitCodes.InvalidInput;
        }
        catch (SheetUnavailableException e)
        {
            await context.Error.WriteLineAsync($"error: the Google Sheet: {e.Message}. Nothing was changed.");
            return ExitCodes.Partial;
        }
        catch (DuplicateSignalException e)
        {
            await context.Error.WriteLineAsync($"error: {e.Message}. Nothing was written.");
            return ExitCodes.InvalidInput;
        }
        catch (Amazon.DynamoDBv2.Model.ResourceNotFoundException)
        {
            await context.Error.WriteLineAsync($"configuration: the DynamoDB table {context.Settings.TableName} (TRADINGALERTS_TABLE) does not exist: run 'tradingalerts init', or deploy the CDK app");
            return ExitCodes.Configuration;
        }
        catch (Amazon.SQS.Model.QueueDoesNotExistException)
        {
            await context.Error.WriteLineAsync($"configuration: the SQS queue {context.Settings.QueueUrl ?? context.Settings.QueueName ?? "trading-alerts"} does not exist: run 'tradingalerts init --pipeline sqs', or deploy the CDK app");
            return ExitCodes.Configuration;
        }
    }
}

/// <summary>A command-line value that is wrong in a way the parser cannot see (a missing file, say).</summary>
public sealed class CliInputException(string message) : Exception(message);
