namespace TradingAlerts.Engine;

/// <summary>
/// The deployment's secrets and personal keys, from wherever the host keeps them (the CLI's environment, the Lambdas'
/// secret): never logged, never in the template.
/// </summary>
public sealed record DeploymentSecrets(string? PushoverAppToken, string? PushoverUserKey, string? GoogleServiceAccountJson)
{
    public string? TelegramBotToken { get; init; }

    public string? WebhookSecret { get; init; }

    /// <summary>Who is told when the monitor is in trouble (<c>operator_user_key</c>, TRADINGALERTS_OPERATOR_USER_KEY); null: <see cref="PushoverUserKey"/>.</summary>
    public string? OperatorUserKey { get; init; }

    /// <summary>Keeps the values out of logs and exception texts that print the record.</summary>
    public override string ToString() =>
        $"DeploymentSecrets {{ pushover_app_token: {Has(PushoverAppToken)}, pushover_user_key: {Has(PushoverUserKey)}, google_service_account_json: {Has(GoogleServiceAccountJson)}, " +
        $"telegram_bot_token: {Has(TelegramBotToken)}, webhook_secret: {Has(WebhookSecret)}, operator_user_key: {Has(OperatorUserKey)} }}";

    private static string Has(string? value) => value is null ? "unset" : "set";
}
