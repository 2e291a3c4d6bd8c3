using System.Globalization;
using System.Text.RegularExpressions;
using TradingAlerts.Core.Configuration;
using TradingAlerts.Core.Prices;
using TradingAlerts.Core.Signals;
using TradingAlerts.Notifications;
using TradingAlerts.Sheets;

namespace TradingAlerts.Engine;

/// <summary>
/// The variables both hosts read (README, "Configuration"), each declared once. A host's list is these, the Google
/// Sheets ones (<see cref="GoogleSheetSettings.Variables"/>) and its own (the CLI's store and UI, the Lambdas'
/// schedule and secret).
/// </summary>
public static partial class EngineVariables
{
    public static readonly Variable<Uri> BinanceApiUrl = new("BINANCE_API_URL", "Binance base URL", SettingValues.HttpUrl) { Default = "https://data-api.binance.vision" };
    public static readonly Variable<Uri> BybitApiUrl = new("BYBIT_API_URL", "Bybit v5 base URL", SettingValues.HttpUrl) { Default = "https://api.bybit.com" };
    public static readonly Variable<Uri> CoinbaseApiUrl = new("COINBASE_API_URL", "Coinbase base URL", SettingValues.HttpUrl) { Default = "https://api.coinbase.com" };

    public static readonly Variable<IReadOnlyList<ExchangeId>> Fallback =
        new("TRADINGALERTS_FALLBACK", "the exchanges asked, in this order, when an alert's own exchange cannot answer; none turns fallback off", SettingValues.ExchangeList)
        {
            Default = "binance,bybit,coinbase",
        };

    public static readonly Variable<Uri> PushoverApiUrl = new("PUSHOVER_API_URL", "Pushover base URL", SettingValues.HttpUrl) { Default = "https://api.pushover.net" };

    public static readonly Variable<string> PushoverAppToken =
        new("PUSHOVER_APP_TOKEN", "the Pushover application token (30 letters/digits)", PushoverKey("a 30-character Pushover application token"))
        {
            Shown = Shown.Secret,
            WhenUnset = "notifications are printed to the console",
        };

    public static readonly Variable<string> PushoverUserKey =
        new("PUSHOVER_USER_KEY", "the default recipient (user or group key) for alerts without --user-key", PushoverKey("a 30-character Pushover user or group key")) { Shown = Shown.Masked };

    public static readonly Variable<string> OperatorUserKey =
        new("TRADINGALERTS_OPERATOR_USER_KEY", "who gets the operator health alert (user or group key); default PUSHOVER_USER_KEY", PushoverKey("a 30-character Pushover user or group key"))
        {
            Shown = Shown.Masked,
            WhenUnset = "the default recipient, PUSHOVER_USER_KEY",
        };

    public static readonly Variable<string> TelegramBotToken = new("TELEGRAM_BOT_TOKEN", "the Telegram bot token", SettingValues.Text) { Shown = Shown.Secret, WhenUnset = "no Telegram deliveries" };

    public static readonly Variable<Uri> TelegramApiUrl =
        new("TELEGRAM_API_URL", "the Telegram Bot API's base URL", SettingValues.HttpUrl) { Default = ChannelSecrets.DefaultTelegramApiUrl.ToString() };

    public static readonly Variable<string> WebhookSecret = new("WEBHOOK_SECRET", "the key that signs webhook requests", SettingValues.Text) { Shown = Shown.Secret, WhenUnset = "no webhook deliveries" };

    public static readonly Variable<string> TableName = new("TRADINGALERTS_TABLE", "the DynamoDB table", SettingValues.Text) { Default = "trading-alerts" };

    public static readonly Variable<string> QueueUrl =
        new("TRADINGALERTS_QUEUE_URL", "the SQS queue's URL", (name, text) => SettingValues.HttpUrl(name, text).ToString());

    public static readonly Variable<PriceHistoryOptions> PriceHistoryDays =
        new("TRADINGALERTS_PRICE_HISTORY_DAYS", "how many days the prices each cycle saw are kept (history, the alert page's chart); 0 keeps none", PriceHistoryOf)
        {
            Default = PriceHistoryOptions.DefaultDays.ToString(CultureInfo.InvariantCulture),
        };

    /// <summary>Every variable declared here and by the Google Sheets adapter, in the README's order.</summary>
    public static readonly IReadOnlyList<Variable> Shared =
    [
        TableName, QueueUrl, BinanceApiUrl, BybitApiUrl, CoinbaseApiUrl, Fallback, PushoverApiUrl, PushoverAppToken, PushoverUserKey,
        OperatorUserKey, TelegramBotToken, TelegramApiUrl, WebhookSecret, PriceHistoryDays, .. GoogleSheetSettings.Variables,
    ];

    /// <summary>The pipeline's settings from <paramref name="environment"/>.</summary>
    public static EngineSettings Engine(IReadOnlyDictionary<string, string> environment) => new()
    {
        BinanceApiUrl = BinanceApiUrl.Require(environment),
        BybitApiUrl = BybitApiUrl.Require(environment),
        CoinbaseApiUrl = CoinbaseApiUrl.Require(environment),
        FallbackOrder = Fallback.Require(environment),
        PushoverApiUrl = PushoverApiUrl.Require(environment),
        TelegramApiUrl = TelegramApiUrl.Require(environment),
        PriceHistory = PriceHistoryDays.Require(environment),
        Sheets = GoogleSheetSettings.From(environment),
    };

    /// <summary>The secrets and personal keys as environment variables (the CLI, or a Lambda without a secret).</summary>
    public static DeploymentSecrets Secrets(IReadOnlyDictionary<string, string> environment) =>
        new(PushoverAppToken.Read(environment), PushoverUserKey.Read(environment), GoogleSheetSettings.ServiceAccountJsonVariable.Read(environment))
        {
            TelegramBotToken = TelegramBotToken.Read(environment),
            WebhookSecret = WebhookSecret.Read(environment),
            OperatorUserKey = OperatorUserKey.Read(environment),
        };

    /// <summary>A Pushover key or token: the error never repeats it.</summary>
    /// <summary>Whole days, up to ten years (a DynamoDB time to live further off is of no use).</summary>
    private static PriceHistoryOptions PriceHistoryOf(string variable, string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var days) && days <= 3650
            ? new PriceHistoryOptions { Keep = TimeSpan.FromDays(days) }
            : throw new ConfigurationException($"{variable} must be a whole number of days from 0 to 3650 (got '{text}')");

    private static Func<string, string, string> PushoverKey(string what) => (variable, text) =>
        PushoverKeyPattern().IsMatch(text)
            ? text
            : throw new ConfigurationException($"{variable} must be {what} (letters and digits; the value set has {text.Length} characters)");

    [GeneratedRegex("^[A-Za-z0-9]{30}$")]
    private static partial Regex PushoverKeyPattern();
}
