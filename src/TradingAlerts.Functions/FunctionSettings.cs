using System.Globalization;
using TradingAlerts.Core.Configuration;
using TradingAlerts.Core.Pipeline;
using TradingAlerts.Engine;
using TradingAlerts.Sheets;

namespace TradingAlerts.Functions;

/// <summary>The Lambdas' configuration (README, "The cloud pipeline (Lambda)"), read once per instance and validated.</summary>
public sealed record FunctionSettings
{
    public static readonly Variable<TimeSpan> ScheduleMinutesVariable =
        new("TRADINGALERTS_SCHEDULE_MINUTES", "the EventBridge schedule's period in whole minutes (1 to 1440): a cycle looks for crossings this far back", Minutes)
        {
            Default = "5",
        };

    public static readonly Variable<TimeSpan?> FunctionTimeoutVariable =
        new("TRADINGALERTS_FUNCTION_TIMEOUT", "the function's own timeout in seconds (76 to 900; the CDK app sets it on the Worker and the Monolith): new work stops 75 s before it", Timeout)
        {
            WhenUnset = "no deadline",
        };

    public static readonly Variable<int> MaxMessageBytesVariable =
        new("TRADINGALERTS_MAX_MESSAGE_BYTES", "the queue's maximum message size (1024 to 1048576; the CDK app sets 262144): the Reader splits batches to fit", Bytes)
        {
            Default = "1048576",
        };

    public static readonly Variable<string> SecretIdVariable =
        new("TRADINGALERTS_SECRET_ID", "the Secrets Manager secret, read once per instance through SSM; without it the secrets are environment variables", SettingValues.Text);

    /// <summary>Every variable the functions read, in the README's order.</summary>
    public static readonly IReadOnlyList<Variable> Variables =
        [ScheduleMinutesVariable, FunctionTimeoutVariable, MaxMessageBytesVariable, SecretIdVariable, .. EngineVariables.Shared];

    /// <summary>The pipeline's settings: exchanges, fallback, Pushover and Telegram endpoints, the sheet.</summary>
    public required EngineSettings Engine { get; init; }

    /// <summary>The EventBridge schedule's period (TRADINGALERTS_SCHEDULE_MINUTES): a cycle looks for crossings this far back.</summary>
    public required TimeSpan ScheduleInterval { get; init; }

    /// <summary>
    /// The function's own timeout (TRADINGALERTS_FUNCTION_TIMEOUT, seconds; the CDK app sets it): the Worker and the
    /// Monolith stop taking new work <see cref="WorkDeadline.Reserve"/> before it. Unset: no deadline.
    /// </summary>
    public TimeSpan? FunctionTimeout { get; init; }

    /// <summary>The DynamoDB table (TRADINGALERTS_TABLE, default trading-alerts).</summary>
    public required string TableName { get; init; }

    /// <summary>The queue's maximum message size (TRADINGALERTS_MAX_MESSAGE_BYTES): the Reader splits batches to fit.</summary>
    public int MaxMessageBytes { get; init; } = 1_048_576;

    /// <summary>The SQS queue the Reader sends batches to (TRADINGALERTS_QUEUE_URL); only the Reader needs it.</summary>
    public string? QueueUrl { get; init; }

    /// <summary>The Secrets Manager secret id (TRADINGALERTS_SECRET_ID); without it the secrets come from environment variables.</summary>
    public string? SecretId { get; init; }

    /// <summary>The secrets from environment variables, used only when <see cref="SecretId"/> is unset.</summary>
    public DeploymentSecrets EnvironmentSecrets { get; init; } = new(null, null, null);

    /// <summary>The sheet the Sheets-sync function reads; its key comes from the secret (or GOOGLE_SERVICE_ACCOUNT_JSON without one).</summary>
    public GoogleSheetSettings Sheets => Engine.Sheets;

    public string RequireQueueUrl() =>
        QueueUrl ?? throw new ConfigurationException($"{EngineVariables.QueueUrl.Name} is not set: the Reader sends its batches to that SQS queue URL");

    public static FunctionSettings From(IReadOnlyDictionary<string, string> environment) => new()
    {
        Engine = EngineVariables.Engine(environment),
        ScheduleInterval = ScheduleMinutesVariable.Require(environment),
        FunctionTimeout = FunctionTimeoutVariable.Read(environment),
        TableName = EngineVariables.TableName.Require(environment),
        MaxMessageBytes = MaxMessageBytesVariable.Require(environment),
        QueueUrl = EngineVariables.QueueUrl.Read(environment),
        SecretId = SecretIdVariable.Read(environment),
        EnvironmentSecrets = EngineVariables.Secrets(environment),
    };

    private static int Bytes(string variable, string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var bytes) && bytes is >= 1_024 and <= 1_048_576
            ? bytes
            : throw new ConfigurationException($"{variable} must be a number of bytes from 1024 to 1048576, the queue's maximum message size (got '{text}')");

    private static TimeSpan? Timeout(string variable, string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds > WorkDeadline.Reserve.TotalSeconds && seconds <= 900
            ? TimeSpan.FromSeconds(seconds)
            : throw new ConfigurationException($"{variable} must be the function's timeout in whole seconds, more than {WorkDeadline.Reserve.TotalSeconds:0} (the time kept for the last send) and at most 900 (got '{text}')");

    private static TimeSpan Minutes(string variable, string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var minutes) && minutes is >= 1 and <= 1440
            ? TimeSpan.FromMinutes(minutes)
            : throw new ConfigurationException($"{variable} must be a whole number of minutes from 1 to 1440 (got '{text}')");
}
