using Microsoft.Extensions.Logging;
using TradingAlerts.Core.Configuration;

namespace TradingAlerts.Cli;

/// <summary>What every command gets: its output, the clock, logging and, on first use, the composed adapters.</summary>
public sealed class CliContext(IReadOnlyDictionary<string, string> environment, TextWriter output, TextWriter error, TimeProvider clock, ILoggerFactory logs)
    : IDisposable
{
    private Settings? settings;
    private Composition? composition;

    /// <summary>The variables the settings are read from (the process environment and <c>.env</c>).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; } = environment;

    /// <summary>Standard input (<c>--password-stdin</c>); a test gives its own.</summary>
    public TextReader In { get; init; } = Console.In;

    public TextWriter Out { get; } = output;
    public TextWriter Error { get; } = error;
    public TimeProvider Clock { get; } = clock;
    public ILoggerFactory Logs { get; } = logs;

    /// <summary>Test seam: how the adapters are composed (the CLI uses the defaults).</summary>
    public Func<Settings, CliContext, Composition> Compose { get; init; } =
        (s, c) => new Composition(s, c.Clock, c.Logs, c.Out);

    /// <summary>Read and validated on first use; a bad variable throws <see cref="ConfigurationException"/>.</summary>
    public Settings Settings => settings ??= Settings.From(Environment);

    public async Task<Composition> ComposeAsync(CancellationToken ct)
    {
        if (composition is null)
        {
            composition = Compose(Settings, this);
            if (composition.CreatesStoreOnFirstUse)
                await composition.InitializeStoreAsync(ct);
        }

        return composition;
    }

    public void Dispose() => composition?.Dispose();
}
