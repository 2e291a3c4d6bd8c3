using System.CommandLine;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using TradingAlerts.Web;

namespace TradingAlerts.Cli.Commands;

/// <summary>
/// Where the web UI listens, as <c>serve</c> (<c>--host</c>, <c>--port</c>) and <c>run</c> (<c>--ui-host</c>,
/// <c>--ui-port</c>) take it: one set of rules for both. The address, and off loopback the token or an account, are
/// checked before anything listens; a port in use is a named error, not a stack trace.
/// </summary>
/// <param name="whenInUse">What else a person can do when the port is taken, after "pick another".</param>
internal sealed class WebUiFlags(Option<string> host, Option<int> port, string? whenInUse)
{
    public static WebUiFlags Create(string hostFlag, string portFlag, string? whenInUse = null) => new(
        new Option<string>(hostFlag) { Description = "the address the web UI listens on; anything but loopback needs TRADINGALERTS_UI_TOKEN or an account (users add)", DefaultValueFactory = _ => "127.0.0.1" },
        new Option<int>(portFlag) { Description = "the web UI's TCP port (0 picks a free one)", DefaultValueFactory = _ => WebUiOptions.DefaultPort },
        whenInUse);

    public IEnumerable<Option> Options => [host, port];

    /// <summary>
    /// The listening options, validated: a bad address or port is invalid input; off loopback, neither a token nor an
    /// account in the store is configuration. The accounts are read once, here: whether the UI starts in accounts mode.
    /// </summary>
    public async Task<WebUiOptions> ReadAsync(ParseResult parse, CliContext context, CancellationToken ct)
    {
        var options = new WebUiOptions(Address(parse.GetValue(host)!), parse.GetValue(port), context.Settings.UiToken);
        if (options.Port is < 0 or > 65535)
            throw new CliInputException($"{port.Name} must be 0 to 65535 (got {options.Port})");

        // A SQLite file not created yet holds no account, and a refusal must not create it.
        var storeExists = context.Settings.Store != StoreKind.Sqlite || File.Exists(context.Settings.DatabasePath);
        if (storeExists)
        {
            var app = await context.ComposeAsync(ct);
            options = options with { HasAccounts = (await app.WebUiServices.Accounts.ListAccountsAsync(ct)).Count > 0 };
        }

        options.Validate();
        return options;
    }

    /// <summary>Builds and starts the UI; the caller stops and disposes it.</summary>
    public async Task<WebApplication> StartAsync(WebUiServices services, WebUiOptions options, CancellationToken ct)
    {
        var web = WebUi.Build(services, options);
        try
        {
            await web.StartAsync(ct);
            return web;
        }
        catch (IOException e) when (e.InnerException is AddressInUseException)
        {
            await web.DisposeAsync();
            throw new CliInputException($"{port.Name} {options.Port} is in use; pick another{(whenInUse is null ? string.Empty : " or " + whenInUse)}");
        }
        catch
        {
            await web.DisposeAsync();
            throw;
        }
    }

    /// <summary>Where a started UI is, for the startup line: "http://127.0.0.1:7860/", and how to get in when anything guards it.</summary>
    public static string Describe(WebApplication web, WebUiOptions options) =>
        $"{WebUi.AddressOf(web)}{(options.HasAccounts ? " (sign in with an account)" : options.RequiresToken ? " (log in with TRADINGALERTS_UI_TOKEN)" : string.Empty)}";

    private IPAddress Address(string text) =>
        text.Equals("localhost", StringComparison.OrdinalIgnoreCase) ? IPAddress.Loopback
        : IPAddress.TryParse(text, out var address) ? address
        : throw new CliInputException($"{host.Name} must be an IP address such as 127.0.0.1, ::1 or 0.0.0.0 (got '{text}')");
}
