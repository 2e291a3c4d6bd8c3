using System.CommandLine;

namespace TradingAlerts.Cli.Commands;

/// <summary>
/// <c>tradingalerts serve [--host 127.0.0.1] [--port 7860]</c>: the web UI and its JSON API over the configured store,
/// until Ctrl+C, without the monitor (beside the cloud pipeline, or a <c>run --no-ui</c>). Off loopback it needs
/// TRADINGALERTS_UI_TOKEN or an account in the store, or it does not start.
/// </summary>
internal static class ServeCommand
{
    public static Command Build(CliContext context)
    {
        var ui = WebUiFlags.Create("--host", "--port");
        var command = new Command("serve", "Serve the web UI and its JSON API (http://127.0.0.1:7860 by default) until stopped with Ctrl+C; it does not check alerts (run does, and serves the UI too).");
        foreach (var option in ui.Options)
            command.Options.Add(option);
        command.SetAction(async (parse, ct) =>
        {
            var options = await ui.ReadAsync(parse, context, ct);

            var app = await context.ComposeAsync(ct);
            await app.RestoreAsync(ct);
            await using var web = await ui.StartAsync(app.WebUiServices, options, ct);
            await context.Out.WriteLineAsync($"Serving the web UI for {app.StoreDescription} on {WebUiFlags.Describe(web, options)}. Stop with Ctrl+C.");
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C or SIGTERM: stop serving below.
            }

            await web.StopAsync(CancellationToken.None);
            await context.Out.WriteLineAsync("Stopped.");
            return ExitCodes.Ok;
        });
        return command;
    }
}
