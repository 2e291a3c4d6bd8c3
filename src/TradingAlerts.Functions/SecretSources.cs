using System.Text.Json;
using System.Text.Json.Serialization;
using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;

using TradingAlerts.Engine;

namespace TradingAlerts.Functions;

public interface ISecretSource
{
    Task<DeploymentSecrets> GetAsync(CancellationToken ct);
}

/// <summary>Secrets known up front: from environment variables when running outside AWS, or in tests.</summary>
public sealed class FixedSecrets(DeploymentSecrets secrets) : ISecretSource
{
    public Task<DeploymentSecrets> GetAsync(CancellationToken ct) => Task.FromResult(secrets);
}

/// <summary>
/// Reads the one Secrets Manager secret (JSON with <c>pushover_app_token</c>, <c>pushover_user_key</c>,
/// <c>google_service_account_json</c>, and optionally <c>telegram_bot_token</c>, <c>webhook_secret</c>) through SSM's reference path <c>/aws/reference/secretsmanager/&lt;id&gt;</c>
/// with decryption, once per instance: a successful read is kept, a failed one is tried again on the next call.
/// </summary>
public sealed class SsmSecretReader(IAmazonSimpleSystemsManagement ssm, string secretId) : ISecretSource, IDisposable
{
    public const string ReferencePrefix = "/aws/reference/secretsmanager/";

    private readonly SemaphoreSlim gate = new(1, 1);
    private DeploymentSecrets? cached;

    public string ParameterName { get; } = ReferencePrefix + (string.IsNullOrWhiteSpace(secretId) ? throw new ArgumentException("a secret id is required", nameof(secretId)) : secretId);

    public async Task<DeploymentSecrets> GetAsync(CancellationToken ct)
    {
        if (cached is { } known)
            return known;

        await gate.WaitAsync(ct);
        try
        {
            return cached ??= await ReadAsync(ct);
        }
        finally
        {
            gate.Release();
        }
    }

    public void Dispose() => gate.Dispose();

    private async Task<DeploymentSecrets> ReadAsync(CancellationToken ct)
    {
        var response = await ssm.GetParameterAsync(new GetParameterRequest { Name = ParameterName, WithDecryption = true }, ct);
        var value = response.Parameter?.Value;
        if (string.IsNullOrWhiteSpace(value))
            throw new InvalidOperationException($"the secret {secretId} is empty");

        SecretWire? wire;
        try
        {
            wire = JsonSerializer.Deserialize(value, SecretJsonContext.Default.SecretWire);
        }
        catch (JsonException)
        {
            // The value itself is never repeated: it is the secret.
            throw new InvalidOperationException($"the secret {secretId} is not a JSON object with the keys pushover_app_token, pushover_user_key, google_service_account_json");
        }

        return wire is null
            ? throw new InvalidOperationException($"the secret {secretId} is JSON null")
            : new DeploymentSecrets(Blank(wire.PushoverAppToken), Blank(wire.PushoverUserKey), Blank(wire.GoogleServiceAccountJson switch { { ValueKind: JsonValueKind.String } text => text.GetString(), { ValueKind: JsonValueKind.Object } key => key.GetRawText(), _ => null }))
            {
                TelegramBotToken = Blank(wire.TelegramBotToken),
                WebhookSecret = Blank(wire.WebhookSecret),
                OperatorUserKey = Blank(wire.OperatorUserKey),
            };
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

/// <remarks>The service-account key may be stored as a JSON string or as the JSON object itself.</remarks>
internal sealed record SecretWire(string? PushoverAppToken, string? PushoverUserKey, JsonElement? GoogleServiceAccountJson, string? TelegramBotToken = null, string? WebhookSecret = null, string? OperatorUserKey = null);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(SecretWire))]
internal sealed partial class SecretJsonContext : JsonSerializerContext;
