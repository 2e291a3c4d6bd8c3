using System.Collections;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using TradingAlerts.Cli;

// A .env file in the working directory fills in variables the environment does not already set.
if (File.Exists(".env"))
    DotNetEnv.Env.NoClobber().Load(".env");

var environment = Environment.GetEnvironmentVariables()
    .Cast<DictionaryEntry>()
    .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? string.Empty, StringComparer.Ordinal);

using var stop = new CancellationTokenSource();
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);

using var logs = LoggerFactory.Create(builder => builder
    .SetMinimumLevel(LogLevel.Warning)
    .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace)
    .AddSimpleConsole(o =>
    {
        o.SingleLine = true;
        o.TimestampFormat = "HH:mm:ss ";
    })
    .AddFilter("TradingAlerts", LogLevel.Information));

using var context = new CliContext(environment, Console.Out, Console.Error, TimeProvider.System, logs);
return await CliApp.RunAsync(args, context, stop.Token);

void Stop(PosixSignalContext signal)
{
    // Let the cycle in progress finish: the monitor loop stops at the next wait.
    signal.Cancel = true;
    stop.Cancel();
}
