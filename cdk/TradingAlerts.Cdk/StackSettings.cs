using System.Globalization;
using Constructs;

namespace TradingAlerts.Cdk;

/// <summary>
/// What an operator may set with <c>cdk deploy -c key=value</c> (or in cdk.json's context), validated at synth with a
/// message that names the key.
/// </summary>
public sealed record StackSettings
{
    /// <summary>Binance, Bybit and Coinbase refuse requests from US IP addresses, so the default is Frankfurt.</summary>
    public string Region { get; init; } = "eu-central-1";

    /// <summary>The AWS account; null lets the CLI use the credentials' account (an environment-agnostic stack).</summary>
    public string? Account { get; init; }

    /// <summary><c>fanout</c>: Reader → SQS → Worker. <c>monolithic</c>: one scheduled function, no queue (fewer than about 100 alerts).</summary>
    public string Mode { get; init; } = "fanout";

    public int ScheduleMinutes { get; init; } = 5;

    /// <summary>Receives of one message before it goes to the dead-letter queue.</summary>
    public int MaxReceiveCount { get; init; } = 5;

    /// <summary>Messages (batches of up to 500 alerts each) per Worker invocation.</summary>
    public int WorkerBatchSize { get; init; } = 10;

    public int WorkerBatchingWindowSeconds { get; init; }

    /// <summary>Concurrent Worker invocations the queue may start (2 to 1000); each asks each exchange once per cycle.</summary>
    public int WorkerMaxConcurrency { get; init; } = 5;

    /// <summary>The Google Sheet to sync; the Sheets-sync function exists only when it is set.</summary>
    public string? SheetId { get; init; }

    public int SheetsScheduleMinutes { get; init; } = 15;

    /// <summary>Where alarms are e-mailed; without it the topic has no subscription (subscribe later).</summary>
    public string? AlarmEmail { get; init; }

    /// <summary>The published Functions assembly (cdk.json's build step writes it).</summary>
    public string HandlersAssetPath { get; init; } = "artifacts/functions";

    public bool Monolithic => Mode == "monolithic";

    public static StackSettings FromContext(Node node)
    {
        string? Text(string key) => node.TryGetContext(key)?.ToString() is { Length: > 0 } value ? value : null;
        int Number(string key, int fallback) => Text(key) is { } value
            ? int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : throw new ArgumentException($"context '{key}' must be a whole number (got '{value}')")
            : fallback;

        var defaults = new StackSettings();
        return new StackSettings
        {
            Region = Text("region") ?? defaults.Region,
            Account = Text("account"),
            Mode = Text("mode") ?? defaults.Mode,
            ScheduleMinutes = Number("scheduleMinutes", defaults.ScheduleMinutes),
            MaxReceiveCount = Number("maxReceiveCount", defaults.MaxReceiveCount),
            WorkerBatchSize = Number("workerBatchSize", defaults.WorkerBatchSize),
            WorkerBatchingWindowSeconds = Number("workerBatchingWindowSeconds", defaults.WorkerBatchingWindowSeconds),
            WorkerMaxConcurrency = Number("workerMaxConcurrency", defaults.WorkerMaxConcurrency),
            SheetId = Text("sheetId"),
            SheetsScheduleMinutes = Number("sheetsScheduleMinutes", defaults.SheetsScheduleMinutes),
            AlarmEmail = Text("alarmEmail"),
            HandlersAssetPath = Text("handlersAssetPath") ?? defaults.HandlersAssetPath,
        }.Validated();
    }

    public StackSettings Validated()
    {
        if (Region.StartsWith("us-", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException(
                $"context 'region' is {Region}: Binance, Bybit and Coinbase refuse requests from US IP addresses (Binance answers HTTP 451, " +
                "Bybit 403), so the alerts would never be checked. Deploy to a non-US region such as eu-central-1 (the default).");
        }

        Require(Mode is "fanout" or "monolithic", "mode", "must be fanout or monolithic", Mode);
        Require(ScheduleMinutes is >= 1 and <= 1440, "scheduleMinutes", "must be 1 to 1440", ScheduleMinutes);
        Require(MaxReceiveCount is >= 1 and <= 1000, "maxReceiveCount", "must be 1 to 1000", MaxReceiveCount);
        Require(WorkerBatchSize is >= 1 and <= 10_000, "workerBatchSize", "must be 1 to 10000", WorkerBatchSize);
        Require(WorkerBatchSize <= 10 || WorkerBatchingWindowSeconds >= 1, "workerBatchingWindowSeconds", "must be at least 1 when workerBatchSize is over 10 (an SQS rule)", WorkerBatchingWindowSeconds);
        Require(WorkerBatchingWindowSeconds is >= 0 and <= 300, "workerBatchingWindowSeconds", "must be 0 to 300", WorkerBatchingWindowSeconds);
        Require(WorkerMaxConcurrency is >= 2 and <= 1000, "workerMaxConcurrency", "must be 2 to 1000", WorkerMaxConcurrency);
        Require(SheetsScheduleMinutes is >= 1 and <= 1440, "sheetsScheduleMinutes", "must be 1 to 1440", SheetsScheduleMinutes);
        return this;
    }

    private static void Require(bool rule, string key, string message, object value)
    {
        if (!rule)
            throw new ArgumentException($"context '{key}' {message} (got '{value}')");
    }
}
