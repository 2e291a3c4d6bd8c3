using System.Text.Json;
using Google.Apis.Auth.OAuth2;
using Google.Apis.Auth.OAuth2.Responses;
using TradingAlerts.Core.Configuration;
using TradingAlerts.Core.Sheets;

namespace TradingAlerts.Sheets;

/// <summary>
/// A service account key (Google.Apis.Auth): an OAuth2 access token for the Sheets API, fetched from the key's own
/// <c>token_uri</c> with a signed JWT and cached until shortly before it expires. The key is never printed.
/// </summary>
public sealed class ServiceAccountKey
{
    public const string ReadOnlyScope = "https://www.googleapis.com/auth/spreadsheets.readonly";
    public const string ReadWriteScope = "https://www.googleapis.com/auth/spreadsheets";

    private readonly ITokenAccess token;

    private ServiceAccountKey(ServiceAccountCredential credential, string scope)
    {
        ClientEmail = credential.Id;
        token = credential.ToGoogleCredential().CreateScoped(scope);
    }

    /// <summary>The service account's address: the sheet must be shared with it.</summary>
    public string ClientEmail { get; }

    /// <param name="pathOrJson">The key file's path, or its JSON (GOOGLE_SERVICE_ACCOUNT_JSON, or the secret's google_service_account_json).</param>
    /// <param name="origin">Where the key came from, for errors: the variable or the secret's field.</param>
    /// <param name="write">Ask for the read-write scope (status column, append) instead of the read-only one.</param>
    public static ServiceAccountKey Load(string pathOrJson, string origin, bool write)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pathOrJson);
        var json = pathOrJson.TrimStart().StartsWith('{') ? pathOrJson : ReadFile(pathOrJson, origin);
        try
        {
            using (var document = JsonDocument.Parse(json))
            {
                if (!document.RootElement.TryGetProperty("type", out var type) || type.GetString() != "service_account")
                    throw new ConfigurationException($"{origin} is not a service account key (its \"type\" must be \"service_account\"; create a key for a service account in the Google Cloud console)");
            }

            return new ServiceAccountKey(CredentialFactory.FromJson<ServiceAccountCredential>(json), write ? ReadWriteScope : ReadOnlyScope);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or ArgumentException or FormatException or System.Security.Cryptography.CryptographicException)
        {
            // The message names the problem's kind only: the key's text is never repeated.
            throw new ConfigurationException($"{origin} is not a readable service account key ({e.GetType().Name}); it needs client_email, private_key and token_uri");
        }
    }

    public async Task<string> GetAccessTokenAsync(CancellationToken ct)
    {
        try
        {
            return await token.GetAccessTokenForRequestAsync(cancellationToken: ct);
        }
        catch (TokenResponseException e)
        {
            throw new SheetUnavailableException($"the token endpoint refused the service account {ClientEmail}: {e.Error?.Error} {e.Error?.ErrorDescription}".TrimEnd(), e);
        }
        catch (HttpRequestException e)
        {
            throw new SheetUnavailableException($"cannot get an access token for {ClientEmail}: {e.Message}", e);
        }
    }

    private static string ReadFile(string path, string origin)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new ConfigurationException($"{origin} is neither a service account key's JSON nor a readable file ({e.GetType().Name}: {e.Message})");
        }
    }
}
