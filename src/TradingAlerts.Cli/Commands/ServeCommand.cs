using System.CommandLine;
using System.Net;
using TradingAlerts.Web;

namespace TradingAlerts.Cli.Commands;

/// <summary>
/// <c>tradingalerts serve [--host 127.0.0.1] [--port 7860]</c>: the web UI and its JSON API over the configured store,
/// until Ctrl+C. Off loopback it needs TRADINGALERTS_UI_TOKEN, or it does not start.
/// </summary>
internal static class ServeCommand
{
    public static Command Build(CliContext context)
    {
        var host = new Option<string>("--host") { Description = "the address to listen on; anything but loopback needs TRADINGALERTS_UI_TOKEN", DefaultValueFactory = _ => "127.0.0.1" };
        var port = new Option<int>("--port") { Description = "the TCP port (0 picks a free one)", DefaultValueFactory = _ => WebUiOptions.DefaultPort };
        var command = new Command("serve", "Serve the web UI and its JSON API (http://127.0.0.1:7860 by default) until stopped with Ctrl+C.") { host, port };
        command.SetAction(async (parse, ct) =>
        {
            var options = new WebUiOptions(Address(parse.GetValue(host)!), parse.GetValue(port), context.Settings.UiToken);
            if (options.Port is < 0 or > 65535)
                throw new CliInputException($"--port must be 0 to 65535 (got {options.Port})");
            options.Validate();

            var app = await context.ComposeAsync(ct);
            await app.RestoreAsync(ct);
            await using var web = WebUi.Build(app.WebUiServices, options);
            await web.StartAsync(ct);
            await context.Out.WriteLineAsync(
                $"Serving the web UI for {app.StoreDescription} on {WebUi.AddressOf(web)}{(options.RequiresToken ? " (log in with TRADINGALERTS_UI_TOKEN)" : string.Empty)}. Stop with Ctrl+C.");
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

    private static IPAddress Address(string text) =>
        text.Equals("localhost", StringComparison.OrdinalIgnoreCase) ? IPAddress.Loopback
        : IPAddress.TryParse(text, out var address) ? address
        : throw new CliInputException($"--host must be an IP address such as 127.0.0.1, ::1 or 0.0.0.0 (got '{text}')");
}
