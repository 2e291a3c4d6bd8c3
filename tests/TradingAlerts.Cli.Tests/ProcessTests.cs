using System.Diagnostics;

namespace TradingAlerts.Cli.Tests;

/// <summary>The built <c>tradingalerts</c> program as an operator runs it: its own process, environment and working directory.</summary>
public sealed class ProcessTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("tradingalerts-process-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task Config_DotEnvInWorkingDirectory_IsLoadedButTheEnvironmentWins()
    {
        await File.WriteAllTextAsync(Path.Combine(folder, ".env"), $"TRADINGALERTS_DB={folder}/from-dotenv.db\nBINANCE_API_URL=http://127.0.0.1:9/\n");

        var (exit, output, _) = await RunAsync(new() { ["BINANCE_API_URL"] = "http://127.0.0.1:8/" }, "config");

        exit.Should().Be(0);
        output.Should().Contain($"{folder}/from-dotenv.db").And.Contain("http://127.0.0.1:8/").And.NotContain("127.0.0.1:9");
    }

    [Fact]
    public async Task AnyCommand_MalformedVariable_OneLineNamingItAndExitCode3()
    {
        var (exit, _, error) = await RunAsync(new() { ["PUSHOVER_API_URL"] = "ftp://pushover" }, "signals", "list");

        exit.Should().Be(ExitCodes.Configuration);
        error.Trim().Should().Be("configuration: PUSHOVER_API_URL must be an absolute http(s) URL such as https://example.com (got 'ftp://pushover')");
    }

    private async Task<(int Exit, string Out, string Error)> RunAsync(Dictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "tradingalerts.dll"));
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        foreach (var name in new[] { "TRADINGALERTS_DB", "BINANCE_API_URL", "PUSHOVER_API_URL", "PUSHOVER_APP_TOKEN", "PUSHOVER_USER_KEY" })
            start.Environment.Remove(name);
        start.Environment["TRADINGALERTS_DB"] = Path.Combine(folder, "default.db");
        foreach (var (name, value) in environment)
            start.Environment[name] = value;
        if (File.Exists(Path.Combine(folder, ".env")))
            start.Environment.Remove("TRADINGALERTS_DB");

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }
}
