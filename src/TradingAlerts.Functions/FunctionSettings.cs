using System.Globalization;
using TradingAlerts.Core.Configuration;
using TradingAlerts.Core.Pipeline;
using TradingAlerts.Core.Signals;
using TradingAlerts.Notifications;
using TradingAlerts.Sheets;

namespace TradingAlerts.Functions;

/// <summary>A missing or malformed environment variable: one line that names it.</summary>

/// <summary>The Lambdas' configuration (README, "Configuration"), read once per instance and validated.</summary>
public sealed record FunctionSettings
{
    public required Uri BinanceApiUrl { get; init; }
    public required Uri BybitApiUrl { get; init; }
    public required Uri CoinbaseApiUrl { get; init; }
    public required IReadOnlyList<ExchangeId> FallbackOrder { get; init; }
    public required Uri PushoverApiUrl { get; init; }

    public required Uri TelegramApiUrl { get; init; }

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
    public AlertSecrets EnvironmentSecrets { get; init; } = new(null, null, null);

    /// <summary>The sheet the Sheets-sync function reads; its key comes from the secret (or GOOGLE_SERVICE_ACCOUNT_JSON without one).</summary>
    public GoogleSheetSettings Sheets { get; init; } = new();

    public string RequireQueueUrl() =>
        QueueUrl ?? throw new ConfigurationException("TRADINGALERTS_QUEUE_URL is not set: the Reader sends its batches to that SQS queue URL");

    public static FunctionSettings From(IReadOnlyDictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        string? Get(string name) => environment.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

        return new FunctionSettings
        {
            BinanceApiUrl = SettingValues.HttpUrl("BINANCE_API_URL", Get("BINANCE_API_URL") ?? "https://data-api.binance.vision"),
            BybitApiUrl = SettingValues.HttpUrl("BYBIT_API_URL", Get("BYBIT_API_URL") ?? "https://api.bybit.com"),
            CoinbaseApiUrl = SettingValues.HttpUrl("COINBASE_API_URL", Get("COINBASE_API_URL") ?? "https://api.coinbase.com"),
            FallbackOrder = SettingValues.ExchangeList("TRADINGALERTS_FALLBACK", Get("TRADINGALERTS_FALLBACK") ?? "binance,bybit,coinbase"),
            PushoverApiUrl = SettingValues.HttpUrl("PUSHOVER_API_URL", Get("PUSHOVER_API_URL") ?? "https://api.pushover.net"),
            TelegramApiUrl = SettingValues.HttpUrl("TELEGRAM_API_URL", Get("TELEGRAM_API_URL") ?? ChannelSecrets.DefaultTelegramApiUrl.ToString()),
            ScheduleInterval = Minutes("TRADINGALERTS_SCHEDULE_MINUTES", Get("TRADINGALERTS_SCHEDULE_MINUTES") ?? "5"),
            FunctionTimeout = Get("TRADINGALERTS_FUNCTION_TIMEOUT") is { } timeout ? Timeout("TRADINGALERTS_FUNCTION_TIMEOUT", timeout) : null,
            TableName = Get("TRADINGALERTS_TABLE") ?? "trading-alerts",
            MaxMessageBytes = Bytes("TRADINGALERTS_MAX_MESSAGE_BYTES", Get("TRADINGALERTS_MAX_MESSAGE_BYTES") ?? "1048576"),
            QueueUrl = Get("TRADINGALERTS_QUEUE_URL"),
            SecretId = Get("TRADINGALERTS_SECRET_ID"),
            EnvironmentSecrets = new AlertSecrets(Get("PUSHOVER_APP_TOKEN"), Get("PUSHOVER_USER_KEY"), Get("GOOGLE_SERVICE_ACCOUNT_JSON"))
            {
                TelegramBotToken = Get("TELEGRAM_BOT_TOKEN"),
                WebhookSecret = Get("WEBHOOK_SECRET"),
                OperatorUserKey = Get("TRADINGALERTS_OPERATOR_USER_KEY"),
            },
            Sheets = GoogleSheetSettings.From(environment),
        };
    }

    private static int Bytes(string variable, string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var bytes) && bytes is >= 1_024 and <= 1_048_576
            ? bytes
            : throw new ConfigurationException($"{variable} must be a number of bytes from 1024 to 1048576, the queue's maximum message size (got '{text}')");

    private static TimeSpan Timeout(string variable, string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds > WorkDeadline.Reserve.TotalSeconds && seconds <= 900
            ? TimeSpan.FromSeconds(seconds)
            : throw new ConfigurationException($"{variable} must be the function's timeout in whole seconds, more than {WorkDeadline.Reserve.TotalSeconds:0} (the time kept for the last send) and at most 900 (got '{text}')");

    private static TimeSpan Minutes(string variable, string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var minutes) && minutes is >= 1 and <= 1440
            ? TimeSpan.FromMinutes(minutes)
            : throw new ConfigurationException($"{variable} must be a whole number of minutes from 1 to 1440 (got '{text}')");
}
