using System.Text.RegularExpressions;
using TradingAlerts.Core.Configuration;
using TradingAlerts.Core.Signals;
using TradingAlerts.Notifications;
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


/// <summary>The configuration contract (README, "Configuration"): read once, validated at start.</summary>
public sealed partial record Settings
{
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
    public required Uri BinanceApiUrl { get; init; }
    public required Uri BybitApiUrl { get; init; }
    public required Uri CoinbaseApiUrl { get; init; }

    /// <summary>The exchanges asked, in order, when an alert's own exchange cannot answer (TRADINGALERTS_FALLBACK).</summary>
    public required IReadOnlyList<ExchangeId> FallbackOrder { get; init; }
    public required Uri PushoverApiUrl { get; init; }

    /// <summary>Secret: never printed.</summary>
    public string? PushoverAppToken { get; init; }

    /// <summary>The default recipient for alerts that name none.</summary>
    public string? PushoverUserKey { get; init; }

    /// <summary>Who is told when the monitor is in trouble (TRADINGALERTS_OPERATOR_USER_KEY, default <see cref="PushoverUserKey"/>).</summary>
    public string? OperatorUserKey { get; init; }

    /// <summary>The time between cycles (TRADINGALERTS_INTERVAL): <c>run</c>'s default, and what the operator alert counts in.</summary>
    public TimeSpan Interval { get; init; } = DefaultInterval;

    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(60);

    public static readonly TimeSpan MinimumInterval = TimeSpan.FromSeconds(10);

    /// <summary>The longest time between cycles: an alert checked less than daily is not watched.</summary>
    public static readonly TimeSpan MaximumInterval = TimeSpan.FromDays(1);

    /// <summary>Secret: the web UI's access token (TRADINGALERTS_UI_TOKEN), required to listen off loopback.</summary>
    public string? UiToken { get; init; }

    /// <summary>Secrets and endpoints of Telegram and the webhook (TELEGRAM_BOT_TOKEN, TELEGRAM_API_URL, WEBHOOK_SECRET).</summary>
    public ChannelSecrets Channels { get; init; } = new(null, ChannelSecrets.DefaultTelegramApiUrl, null);
    /// <summary>The Google Sheet the sync reads (GOOGLE_SHEET_*, GOOGLE_SERVICE_ACCOUNT_JSON, GOOGLE_SHEETS_API_URL).</summary>
    public GoogleSheetSettings Sheets { get; init; } = new();

    public static string DefaultDatabasePath()
    {
        var dataHome = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
        if (string.IsNullOrEmpty(dataHome))
            dataHome = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
        return Path.Combine(dataHome, "TradingAlerts", "tradingalerts.db");
    }

    public static Settings From(IReadOnlyDictionary<string, string> environment)
    {
        string? Get(string name) => environment.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

        var userKey = Key("PUSHOVER_USER_KEY", Get("PUSHOVER_USER_KEY"), "a 30-character Pushover user or group key");
        return new Settings
        {
            Store = (Get("TRADINGALERTS_STORE") ?? "sqlite").ToLowerInvariant() switch
            {
                "sqlite" => StoreKind.Sqlite,
                "dynamodb" => StoreKind.DynamoDb,
                var other => throw new ConfigurationException($"TRADINGALERTS_STORE must be sqlite or dynamodb (got '{other}')"),
            },
            DatabasePath = Get("TRADINGALERTS_DB") ?? DefaultDatabasePath(),
            TableName = Get("TRADINGALERTS_TABLE") ?? "trading-alerts",
            QueueUrl = Get("TRADINGALERTS_QUEUE_URL") is { } queueUrl ? SettingValues.HttpUrl("TRADINGALERTS_QUEUE_URL", queueUrl).ToString() : null,
            QueueName = Get("TRADINGALERTS_QUEUE"),
            Aws = new AwsSettings(
                Get("AWS_REGION") ?? Get("AWS_DEFAULT_REGION"),
                Get("AWS_ENDPOINT_URL_DYNAMODB") is { } dynamo ? SettingValues.HttpUrl("AWS_ENDPOINT_URL_DYNAMODB", dynamo) : null,
                Get("AWS_ENDPOINT_URL_SQS") is { } sqs ? SettingValues.HttpUrl("AWS_ENDPOINT_URL_SQS", sqs) : null,
                Get("AWS_ACCESS_KEY_ID") is { } key && Get("AWS_SECRET_ACCESS_KEY") is { } secret ? new AwsKeys(key, secret, Get("AWS_SESSION_TOKEN")) : null),
            BinanceApiUrl = SettingValues.HttpUrl("BINANCE_API_URL", Get("BINANCE_API_URL") ?? "https://data-api.binance.vision"),
            BybitApiUrl = SettingValues.HttpUrl("BYBIT_API_URL", Get("BYBIT_API_URL") ?? "https://api.bybit.com"),
            CoinbaseApiUrl = SettingValues.HttpUrl("COINBASE_API_URL", Get("COINBASE_API_URL") ?? "https://api.coinbase.com"),
            FallbackOrder = SettingValues.ExchangeList("TRADINGALERTS_FALLBACK", Get("TRADINGALERTS_FALLBACK") ?? "binance,bybit,coinbase"),
            PushoverApiUrl = SettingValues.HttpUrl("PUSHOVER_API_URL", Get("PUSHOVER_API_URL") ?? "https://api.pushover.net"),
            PushoverAppToken = Key("PUSHOVER_APP_TOKEN", Get("PUSHOVER_APP_TOKEN"), "a 30-character Pushover application token"),
            PushoverUserKey = userKey,
            OperatorUserKey = Key("TRADINGALERTS_OPERATOR_USER_KEY", Get("TRADINGALERTS_OPERATOR_USER_KEY"), "a 30-character Pushover user or group key") ?? userKey,
            Interval = Get("TRADINGALERTS_INTERVAL") is not { } text ? DefaultInterval
                : IntervalProblem(text, out var interval) is { } problem ? throw new ConfigurationException($"TRADINGALERTS_INTERVAL {problem}")
                : interval,
            UiToken = Get("TRADINGALERTS_UI_TOKEN") is { } token ? UiTokenOf(token) : null,
            Channels = new ChannelSecrets(
                Get("TELEGRAM_BOT_TOKEN"),
                SettingValues.HttpUrl("TELEGRAM_API_URL", Get("TELEGRAM_API_URL") ?? ChannelSecrets.DefaultTelegramApiUrl.ToString()),
                Get("WEBHOOK_SECRET")),
            Sheets = GoogleSheetSettings.From(environment),
        };
    }

    /// <summary>What is wrong with <paramref name="text"/> as a time between cycles (at least <see cref="MinimumInterval"/>), or null.</summary>
    public static string? IntervalProblem(string? text, out TimeSpan interval) =>
        DurationText.TryParse(text, out interval) && interval >= MinimumInterval && interval <= MaximumInterval ? null
        : DurationText.IsDuration(text) ? $"must be from {DurationText.Format(MinimumInterval)} to {DurationText.Format(MaximumInterval)} (got '{text}')"
        : $"must be {DurationText.Example} (got '{text}')";

    /// <summary>The value is a secret or a personal key: the error never repeats it.</summary>
    private static string? Key(string variable, string? text, string what)
    {
        if (text is null || PushoverKey().IsMatch(text))
            return text;

        throw new ConfigurationException($"{variable} must be {what} (letters and digits; the value set has {text.Length} characters)");
    }

    /// <summary>Long enough not to be guessed; the error never repeats it.</summary>
    private static string UiTokenOf(string token) =>
        token.Length >= MinUiTokenLength
            ? token
            : throw new ConfigurationException($"TRADINGALERTS_UI_TOKEN must be at least {MinUiTokenLength} characters (the value set has {token.Length}); e.g. the output of: openssl rand -hex 24");

    public const int MinUiTokenLength = 16;

    [GeneratedRegex("^[A-Za-z0-9]{30}$")]
    private static partial Regex PushoverKey();
}
