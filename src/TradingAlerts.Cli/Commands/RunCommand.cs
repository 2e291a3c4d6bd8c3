using System.CommandLine;
using Microsoft.Extensions.Logging;
using TradingAlerts.Core.Pipeline;

namespace TradingAlerts.Cli.Commands;

/// <summary><c>tradingalerts run [--interval 60s]</c>: the monitor loop until Ctrl+C.</summary>
internal static class RunCommand
{
    public static Command Build(CliContext context)
    {
        var interval = new Option<string>("--interval") { Description = "time between cycles: 30s, 5m, 1h (at least 10s; default TRADINGALERTS_INTERVAL or 60s)" };
        var pipeline = PipelineOption.Create();
        var command = new Command("run", "Check the alerts every interval until stopped with Ctrl+C (a cycle in progress finishes first).") { interval, pipeline };
        command.SetAction(async (parse, ct) =>
        {
            var every = context.Settings.Interval;
            if (parse.GetValue(interval) is { } text)
                every = Settings.IntervalProblem(text, out var parsed) is { } problem ? throw new CliInputException($"--interval {problem}") : parsed;

            var app = await context.ComposeAsync(ct);
            app.UseInterval(every);
            await app.RestoreAsync(ct);
            if (PipelineOption.IsSqs(parse, pipeline))
                await app.UseSqsPipelineAsync(ct);
            await context.Out.WriteLineAsync($"Monitoring alerts in {app.StoreDescription}, every {every}. Stop with Ctrl+C.");
            await CheckCommand.AnnounceConsoleNotifierAsync(context, app);

            var loop = new MonitorLoop(context.Clock, context.Logs.CreateLogger<MonitorLoop>());
            var cycles = await loop.RunAsync(app.RunCycleAsync, every, record => CheckCommand.WriteSummaryAsync(context.Out, record).GetAwaiter().GetResult(), ct);
            await context.Out.WriteLineAsync($"Stopped after {cycles} cycles.");
            return ExitCodes.Ok;
        });
        return command;
    }
}
