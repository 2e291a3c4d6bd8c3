using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.HostFiltering;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TradingAlerts.Core.Accounts;
using TradingAlerts.Web.Api;
using TradingAlerts.Web.Security;
using TradingAlerts.Web.Views;

namespace TradingAlerts.Web;

/// <summary>
/// The web UI: server-rendered pages (Razor Pages; one script file that only enhances them) and the JSON API, over the services it is handed.
/// <see cref="Build"/> makes the Kestrel application <c>tradingalerts serve</c> and <c>run</c> start; <see cref="AddWebUi"/> and
/// <see cref="UseWebUi"/> are the same application on any host (the tests' in-memory server).
/// </summary>
public static class WebUi
{
    /// <summary>The application listening on <see cref="WebUiOptions.Address"/>:<see cref="WebUiOptions.Port"/>; not started.</summary>
    /// <exception cref="Core.Configuration.ConfigurationException">Off loopback with neither a token nor an account.</exception>
    public static WebApplication Build(WebUiServices services, WebUiOptions options)
    {
        options.Validate();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            // The pages are compiled into this assembly: it is the application, whoever hosts it.
            ApplicationName = typeof(WebUi).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            Args = [],
        });
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(options.Address, options.Port));
        builder.Services.AddWebUi(services, options);
        var app = builder.Build();
        app.UseWebUi();
        return app;
    }

    /// <summary>The address a started application listens on, e.g. http://127.0.0.1:7860.</summary>
    public static Uri AddressOf(WebApplication app) =>
        new(app.Urls.First());

    public static IServiceCollection AddWebUi(this IServiceCollection collection, WebUiServices services, WebUiOptions options)
    {
        collection.AddSingleton(services.Logs);
        collection.AddSingleton(services.Store);
        collection.AddSingleton(services.Accounts);
        collection.AddSingleton(new TeamAccounts(services.Accounts, services.Store, services.Clock));
        collection.AddSingleton<AccountsMode>();
        collection.AddSingleton<AccountSessions>();
        collection.AddSingleton<SignInThrottle>();
        collection.AddSingleton<OwnedSignals>();
        collection.AddSingleton(services.Firings);
        collection.AddSingleton(services.Intake);
        collection.AddSingleton(services.PriceCheck);
        collection.AddSingleton(services.Prices);
        collection.AddSingleton(services.Health);
        collection.AddSingleton(services.CycleLog);
        collection.AddSingleton(services.RecentPrices);
        collection.AddSingleton(services.Backtests);
        collection.AddSingleton(services.Stats);
        collection.AddSingleton(services.History);
        collection.AddSingleton(services.SheetSync);
        collection.AddSingleton(services.Clock);
        collection.AddSingleton(options);
        collection.AddSingleton(new Acknowledgements(services.Receipts));
        collection.AddSingleton(new StatusStrip(services.CycleLog, services.Health, services.PriceCheck, services.Monitor));
        collection.AddSingleton<CurrentPrices>();

        collection.AddRazorPages().AddApplicationPart(typeof(WebUi).Assembly);
        collection.AddProblemDetails();

        collection.AddDataProtection();
        collection.Configure<KeyManagementOptions>(keys =>
        {
            keys.XmlRepository = new MemoryKeys();
            keys.XmlEncryptor = new NullXmlEncryptor();
        });
        collection.AddAntiforgery(antiforgery =>
        {
            antiforgery.Cookie.Name = "tradingalerts_antiforgery";
            antiforgery.Cookie.SameSite = SameSiteMode.Strict;
        });

        collection.AddAuthentication(AccessToken.Scheme)
            .AddPolicyScheme(AccessToken.Scheme, "cookie or bearer", policy => policy.ForwardDefaultSelector = AccessToken.SelectScheme)
            .AddScheme<AuthenticationSchemeOptions, BearerTokenHandler>(AccessToken.BearerScheme, null)
            .AddScheme<AuthenticationSchemeOptions, AccountHandler>(AccountHandler.SchemeName, null)
            .AddCookie(CookieAuthenticationDefaults.AuthenticationScheme, AccessToken.ConfigureCookie);
        collection.AddAuthorization(authorization =>
        {
            authorization.FallbackPolicy = Access.Policy(options, adminsOnly: false);
            authorization.AddPolicy(Access.AdminsOnly, Access.Policy(options, adminsOnly: true));
        });

        collection.Configure<ForwardedHeadersOptions>(forwarded =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedFor;
            // The defaults trust loopback; only the configured proxies are believed.
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var proxy in services.TrustedProxies)
                forwarded.KnownProxies.Add(proxy);
        });

        // On loopback without a token the UI answers only to loopback names, so that a web page cannot reach it by
        // rebinding a DNS name. Off loopback it is reached by whatever name the network gives it, and it started only
        // because a token or an account guards it.
        collection.Configure<HostFilteringOptions>(hosts =>
            hosts.AllowedHosts = options.RequiresToken || !options.IsLoopback ? ["*"] : ["localhost", "127.0.0.1", "[::1]"]);
        return collection;
    }

    public static IApplicationBuilder UseWebUi(this IApplicationBuilder app)
    {
        // With no proxy known the middleware would believe every sender, so it runs only when some are configured.
        if (app.ApplicationServices.GetRequiredService<IOptions<ForwardedHeadersOptions>>().Value.KnownProxies.Count > 0)
            app.UseForwardedHeaders();
        app.UseHostFiltering();
        app.Use(SecurityHeaders.AddAsync);
        app.Use(RequestSize.LimitAsync);
        app.UseStatusCodePages();
        app.Use(AccountsMode.DecideAsync);
        app.UseRouting();
        app.UseAuthentication();
        app.Use(Access.RefuseReadOnlyWritesAsync);
        app.UseAuthorization();
        app.UseEndpoints(endpoints =>
        {
            endpoints.MapGet("/app.css", () => Results.Text(Stylesheet.Css, "text/css")).AllowAnonymous();
            endpoints.MapGet("/app.js", () => Results.Text(Script.Js, "text/javascript")).AllowAnonymous();
            endpoints.MapGet("/favicon.svg", () => Results.Text(Favicon.Svg, Favicon.ContentType)).AllowAnonymous();
            endpoints.MapGet("/favicon.ico", () => Results.Text(Favicon.Svg, Favicon.ContentType)).AllowAnonymous();
            endpoints.MapSignalApi();
            endpoints.MapRazorPages();
        });
        return app;
    }
}
