using System.CommandLine;

namespace TradingAlerts.Cli.Commands;

/// <summary>
/// <c>tradingalerts init [--pipeline sqs]</c>: creates what the configured store needs when it is missing (the SQLite
/// schema; the DynamoDB table and its indexes), and with <c>--pipeline sqs</c> the queue and its dead-letter queue.
/// Safe to run again. In the cloud the CDK app creates these instead.
/// </summary>
internal static class InitCommand
{
    public static Command Build(CliContext context)
    {
        var pipeline = PipelineOption.Create();
        var command = new Command("init", "Create the store (SQLite schema or DynamoDB table) and, with --pipeline sqs, the queues; safe to run again.") { pipeline };
        command.SetAction(async (parse, ct) =>
        {
            var app = await context.ComposeAsync(ct);
            await app.InitializeStoreAsync(ct);
            await context.Out.WriteLineAsync($"Store ready: {app.StoreDescription}");
            if (PipelineOption.IsSqs(parse, pipeline))
            {
                var (queue, deadLetters) = await app.CreateQueuesAsync(ct);
                await context.Out.WriteLineAsync($"Queue ready: {queue} (dead letters: {deadLetters})");
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
