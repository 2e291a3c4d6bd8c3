using System.CommandLine;
using Microsoft.Extensions.Logging;
using TradingAlerts.Core.Pipeline;
using TradingAlerts.Core.Signals;

namespace TradingAlerts.Cli.Commands;

/// <summary>
/// <c>tradingalerts run [--interval 60s] [--ui-host 127.0.0.1] [--ui-port 7860] [--no-ui]</c>: the monitor loop and,
/// in the same process over the same composition, the web UI, until Ctrl+C. A stop lets the cycle in progress finish,
/// then the UI stops.
/// </summary>
internal static class RunCommand
{
    public static Command Build(CliContext context)
    {
        var interval = new Option<string>("--interval") { Description = "time between cycles: 30s, 5m, 1h (at least 10s; default TRADINGALERTS_INTERVAL or 60s)" };
        var pipeline = PipelineOption.Create();
        var ui = WebUiFlags.Create("--ui-host", "--ui-port", whenInUse: "--no-ui");
        var noUi = new Option<bool>("--no-ui") { Description = "monitor only: serve no web UI (tradingalerts serve is the UI alone)" };
        var command = new Command("run", "Check the alerts every interval and serve the web UI (http://127.0.0.1:7860 by default) until stopped with Ctrl+C (a cycle in progress finishes first).") { interval, pipeline, noUi };
        foreach (var option in ui.Options)
            command.Options.Add(option);
        command.SetAction(async (parse, ct) =>
        {
            var every = context.Settings.Interval;
            if (parse.GetValue(interval) is { } text)
                every = Settings.IntervalProblem(text, out var parsed) is { } problem ? throw new CliInputException($"--interval {problem}") : parsed;
            var options = parse.GetValue(noUi) ? null : await ui.ReadAsync(parse, context, ct);

            var app = await context.ComposeAsync(ct);
            app.UseInterval(every);
            var monitor = new MonitorState<CycleRecord>(context.Clock);
            await using var web = options is null ? null : await ui.StartAsync(app.WebUiServices with { Monitor = monitor }, options, ct);
            await app.RestoreAsync(ct);
            if (PipelineOption.IsSqs(parse, pipeline))
                await app.UseSqsPipelineAsync(ct);
            var where = (web, options) is ({ } started, { } listening) ? $" Web UI on {WebUiFlags.Describe(started, listening)}." : string.Empty;
            await context.Out.WriteLineAsync($"Monitoring alerts in {app.StoreDescription}, every {DurationText.Format(every)}.{where} Stop with Ctrl+C.");
            await CheckCommand.AnnounceConsoleNotifierAsync(context, app);

            var loop = new MonitorLoop(context.Clock, context.Logs.CreateLogger<MonitorLoop>());
            var cycles = await loop.RunAsync(app.RunCycleAsync, every, record => CheckCommand.WriteSummaryAsync(context.Out, record).GetAwaiter().GetResult(), ct, monitor);
            if (web is not null)
                await web.StopAsync(CancellationToken.None);
            await context.Out.WriteLineAsync($"Stopped after {cycles} cycles.");
            return ExitCodes.Ok;
        });
        return command;
    }
}
