using System.Net;
using TradingAlerts.Core.Configuration;
using TradingAlerts.Core.Signals;
using TradingAlerts.Engine;
using TradingAlerts.Sheets;

namespace TradingAlerts.Cli;

/// <summary>What the AWS SDK would read from the environment, taken from ours so that <c>.env</c> works too.</summary>
/// <param name="Keys">Static keys when set; otherwise the SDK's own chain (profile, SSO, instance role).</param>
public sealed record AwsSettings(string? Region, Uri? DynamoDbEndpoint, Uri? SqsEndpoint, AwsKeys? Keys);

/// <summary>Secret: never printed.</summary>
public sealed record AwsKeys(string AccessKeyId, string SecretAccessKey, string? SessionToken)
{
    public override string ToString() => "AwsKeys { (masked) }";
}

public enum StoreKind
{
    Sqlite,
    DynamoDb,
}


/// <summary>The CLI's configuration (README, "Configuration"): read once, validated at start.</summary>
public sealed partial record Settings
{
    // Before the variables: static fields are set in the order they are written, and the interval's default reads these.
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(60);

    public static readonly TimeSpan MinimumInterval = TimeSpan.FromSeconds(10);

    /// <summary>The longest time between cycles: an alert checked less than daily is not watched.</summary>
    public static readonly TimeSpan MaximumInterval = TimeSpan.FromDays(1);

    public static readonly Variable<StoreKind> StoreVariable =
        new("TRADINGALERTS_STORE", "sqlite (the embedded default) or dynamodb (the cloud's table; the CLI can manage alerts there)", StoreOf) { Default = "sqlite" };

    public static readonly Variable<string> DatabaseVariable = new("TRADINGALERTS_DB", "the SQLite file", SettingValues.Text) { Default = DefaultDatabasePath() };

    public static readonly Variable<string> QueueNameVariable =
        new("TRADINGALERTS_QUEUE", "the SQS queue for --pipeline sqs, looked up by name when no URL is set", SettingValues.Text) { WhenUnset = "the queue named trading-alerts" };

    public static readonly Variable<string> RegionVariable = new("AWS_REGION", "the AWS region (required for DynamoDB and SQS)", SettingValues.Text) { WhenUnset = "AWS_DEFAULT_REGION" };

    /// <summary>Read when AWS_REGION is not, as the SDK does.</summary>
    public static readonly Variable<string> DefaultRegionVariable = new("AWS_DEFAULT_REGION", "the AWS region when AWS_REGION is not set", SettingValues.Text);
    public static readonly Variable<Uri> DynamoDbEndpointVariable = new("AWS_ENDPOINT_URL_DYNAMODB", "DynamoDB's endpoint (DynamoDB Local)", SettingValues.HttpUrl);
    public static readonly Variable<Uri> SqsEndpointVariable = new("AWS_ENDPOINT_URL_SQS", "SQS's endpoint (an emulator)", SettingValues.HttpUrl);
    public static readonly Variable<string> AccessKeyVariable = new("AWS_ACCESS_KEY_ID", "a static AWS key id", SettingValues.Text) { Shown = Shown.Masked };
    public static readonly Variable<string> SecretKeyVariable = new("AWS_SECRET_ACCESS_KEY", "its secret", SettingValues.Text) { Shown = Shown.Secret };
    public static readonly Variable<string> SessionTokenVariable = new("AWS_SESSION_TOKEN", "its session token", SettingValues.Text) { Shown = Shown.Secret };

    public static readonly Variable<TimeSpan> IntervalVariable =
        new("TRADINGALERTS_INTERVAL", "the time between cycles: run's default --interval, and what the operator health alert counts missed cycles in", IntervalOf)
        {
            Default = DurationText.Format(DefaultInterval),
        };

    public static readonly Variable<string> UiTokenVariable =
        new("TRADINGALERTS_UI_TOKEN", "the web UI's access token (at least 16 characters); required for the web UI (run, serve) off loopback unless the store holds an account", UiTokenOf)
        {
            Shown = Shown.Secret,
            WhenUnset = "the UI serves loopback only, without a token",
        };

    public static readonly Variable<IReadOnlyList<IPAddress>> TrustedProxiesVariable =
        new("TRADINGALERTS_TRUSTED_PROXIES", "the reverse proxies (comma-separated IP addresses) whose X-Forwarded-Proto and X-Forwarded-For the web UI believes", TrustedProxiesOf)
        {
            WhenUnset = "no forwarded header is believed",
        };

    /// <summary>Every variable the CLI reads, in the README's order.</summary>
    public static readonly IReadOnlyList<Variable> Variables =
    [
        StoreVariable, DatabaseVariable, QueueNameVariable, RegionVariable, DefaultRegionVariable, DynamoDbEndpointVariable, SqsEndpointVariable,
        AccessKeyVariable, SecretKeyVariable, SessionTokenVariable, IntervalVariable, UiTokenVariable, TrustedProxiesVariable, .. EngineVariables.Shared,
    ];

    /// <summary>Where alerts live: <see cref="StoreKind.Sqlite"/> (the embedded default) or <see cref="StoreKind.DynamoDb"/>.</summary>
    public StoreKind Store { get; init; }

    public required string DatabasePath { get; init; }

    /// <summary>The DynamoDB table (TRADINGALERTS_TABLE) when <see cref="Store"/> is DynamoDB.</summary>
    public required string TableName { get; init; }

    /// <summary>The SQS queue for <c>--pipeline sqs</c>: a URL (TRADINGALERTS_QUEUE_URL) or a name (TRADINGALERTS_QUEUE).</summary>
    public string? QueueUrl { get; init; }

    public string? QueueName { get; init; }

    /// <summary>The AWS SDK's own variables, read from the same environment as ours (and .env).</summary>
    public AwsSettings Aws { get; init; } = new(null, null, null, null);

    /// <summary>The pipeline's settings: exchanges, fallback, Pushover and Telegram endpoints, the sheet.</summary>
    public required EngineSettings Engine { get; init; }

    /// <summary>Secrets and personal keys (the Pushover token and keys, the Telegram token, the webhook secret): never printed.</summary>
    public DeploymentSecrets Secrets { get; init; } = new(null, null, null);

    /// <summary>The time between cycles (TRADINGALERTS_INTERVAL): <c>run</c>'s default, and what the operator alert counts in.</summary>
    public TimeSpan Interval { get; init; } = DefaultInterval;

    /// <summary>Secret: the web UI's access token (TRADINGALERTS_UI_TOKEN), required to listen off loopback unless the store holds an account.</summary>
    public string? UiToken { get; init; }

    /// <summary>The web UI's trusted reverse proxies (TRADINGALERTS_TRUSTED_PROXIES); none unless set.</summary>
    public IReadOnlyList<IPAddress> TrustedProxies { get; init; } = [];

    /// <summary>The Google Sheet the sync reads (GOOGLE_SHEET_*, GOOGLE_SERVICE_ACCOUNT_JSON, GOOGLE_SHEETS_API_URL).</summary>
    public GoogleSheetSettings Sheets => Engine.Sheets;

    public static string DefaultDatabasePath()
    {
        var dataHome = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
        if (string.IsNullOrEmpty(dataHome))
            dataHome = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
        return Path.Combine(dataHome, "TradingAlerts", "tradingalerts.db");
    }

    public static Settings From(IReadOnlyDictionary<string, string> environment) => new()
    {
        Store = StoreVariable.Require(environment),
        DatabasePath = DatabaseVariable.Require(environment),
        TableName = EngineVariables.TableName.Require(environment),
        QueueUrl = EngineVariables.QueueUrl.Read(environment),
        QueueName = QueueNameVariable.Read(environment),
        Aws = new AwsSettings(
            RegionVariable.Read(environment) ?? DefaultRegionVariable.Read(environment),
            DynamoDbEndpointVariable.Read(environment),
            SqsEndpointVariable.Read(environment),
            AccessKeyVariable.Read(environment) is { } key && SecretKeyVariable.Read(environment) is { } secret ? new AwsKeys(key, secret, SessionTokenVariable.Read(environment)) : null),
        Engine = EngineVariables.Engine(environment),
        Secrets = EngineVariables.Secrets(environment),
        Interval = IntervalVariable.Require(environment),
        UiToken = UiTokenVariable.Read(environment),
        TrustedProxies = TrustedProxiesVariable.Read(environment) ?? [],
    };

    /// <summary>What is wrong with <paramref name="text"/> as a time between cycles (at least <see cref="MinimumInterval"/>), or null.</summary>
    public static string? IntervalProblem(string? text, out TimeSpan interval) =>
        DurationText.TryParse(text, out interval) && interval >= MinimumInterval && interval <= MaximumInterval ? null
        : DurationText.IsDuration(text) ? $"must be from {DurationText.Format(MinimumInterval)} to {DurationText.Format(MaximumInterval)} (got '{text}')"
        : $"must be {DurationText.Example} (got '{text}')";

    private static TimeSpan IntervalOf(string variable, string text) =>
        IntervalProblem(text, out var interval) is { } problem ? throw new ConfigurationException($"{variable} {problem}") : interval;

    private static StoreKind StoreOf(string variable, string text) => text.ToLowerInvariant() switch
    {
        "sqlite" => StoreKind.Sqlite,
        "dynamodb" => StoreKind.DynamoDb,
        var other => throw new ConfigurationException($"{variable} must be sqlite or dynamodb (got '{other}')"),
    };

    /// <summary>Long enough not to be guessed; the error never repeats it.</summary>
    private static string UiTokenOf(string variable, string token) =>
        token.Length >= MinUiTokenLength
            ? token
            : throw new ConfigurationException($"{variable} must be at least {MinUiTokenLength} characters (the value set has {token.Length}); e.g. the output of: openssl rand -hex 24");

    public const int MinUiTokenLength = 16;

    private static IReadOnlyList<IPAddress> TrustedProxiesOf(string variable, string text) =>
        text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(item => IPAddress.TryParse(item, out var address) ? address : throw new ConfigurationException($"{variable} is a comma-separated list of IP addresses ('{item}' is not one)"))
            .ToList();
}
