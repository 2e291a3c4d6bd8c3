using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace TradingAlerts.Testing.Stubs;

/// <summary>
/// Google on loopback: an OAuth2 token endpoint for a service-account key generated here (RSA), the Sheets API v4
/// <c>values.get</c> / <c>values:batchUpdate</c> / <c>values:append</c> endpoints with their documented shapes, and a
/// CSV export URL. Every request is in <see cref="Server"/>'s log.
/// </summary>
public sealed class GoogleSheetsStub : IDisposable
{
    public const string SheetId = "1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms";
    public const string ClientEmail = "sheets-sync@trading-alerts-test.iam.gserviceaccount.com";
    public const string AccessToken = "ya29.stub-access-token";

    /// <summary>Fixed, so that serving another sheet replaces the previous answer.</summary>
    private static readonly Guid ValuesMapping = Guid.Parse("5f1c6a4e-0000-4000-8000-000000000001");
    private static readonly Guid CsvMapping = Guid.Parse("5f1c6a4e-0000-4000-8000-000000000002");

    private readonly RSA rsa = RSA.Create(2048);

    public GoogleSheetsStub()
    {
        Server = WireMockServer.Start();
        Server.Given(Request.Create().WithPath("/token").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json")
                .WithBody($$"""{"access_token":"{{AccessToken}}","expires_in":3599,"token_type":"Bearer"}"""));
        Server.Given(Request.Create().WithPath($"/v4/spreadsheets/{SheetId}/values:batchUpdate").UsingPost())
            .RespondWith(Json(200, $$"""{"spreadsheetId":"{{SheetId}}","totalUpdatedRows":1,"totalUpdatedColumns":1,"totalUpdatedCells":1,"totalUpdatedSheets":1,"responses":[]}"""));
        Server.Given(Request.Create().WithPath($"/v4/spreadsheets/{SheetId}/values/*:append").UsingPost())
            .RespondWith(Json(200, $$$"""{"spreadsheetId":"{{{SheetId}}}","tableRange":"Alerts!A1:J3","updates":{"spreadsheetId":"{{{SheetId}}}","updatedRange":"Alerts!A4:J4","updatedRows":1,"updatedColumns":10,"updatedCells":10}}"""));
        KeyJson = new JsonObject
        {
            ["type"] = "service_account",
            ["project_id"] = "trading-alerts-test",
            ["private_key_id"] = "0123456789abcdef0123456789abcdef01234567",
            ["private_key"] = rsa.ExportPkcs8PrivateKeyPem(),
            ["client_email"] = ClientEmail,
            ["client_id"] = "109876543210987654321",
            ["auth_uri"] = "https://accounts.google.com/o/oauth2/auth",
            ["token_uri"] = $"{Server.Url}/token",
        }.ToJsonString();
    }

    public WireMockServer Server { get; }

    /// <summary>The service account key file's JSON (its token_uri is this stub).</summary>
    public string KeyJson { get; }

    public string CsvUrl => $"{Server.Url}/spreadsheets/d/{SheetId}/export?format=csv";

    /// <summary>The variables that point the sync at this stub through the Sheets API.</summary>
    public Dictionary<string, string> ApiEnvironment() => new()
    {
        ["GOOGLE_SHEET_ID"] = SheetId,
        ["GOOGLE_SERVICE_ACCOUNT_JSON"] = KeyJson,
        ["GOOGLE_SHEETS_API_URL"] = Server.Url!,
    };

    public int TokenRequests => Server.LogEntries.Count(e => e.RequestMessage.Path == "/token");

    public int ValuesGets => Server.LogEntries.Count(e => e.RequestMessage.Method == "GET" && e.RequestMessage.Path.StartsWith($"/v4/spreadsheets/{SheetId}/values/", StringComparison.Ordinal));

    /// <summary>Every request to Google's token endpoint, the API and the CSV export.</summary>
    public int Requests => Server.LogEntries.Count();

    public IReadOnlyList<JsonElement> BatchUpdates => Bodies(p => p.EndsWith(":batchUpdate", StringComparison.Ordinal));

    public IReadOnlyList<JsonElement> Appends => Bodies(p => p.EndsWith(":append", StringComparison.Ordinal));

    /// <summary>The Authorization headers the API requests carried.</summary>
    public IReadOnlyList<string> ApiAuthorizations => Server.LogEntries
        .Where(e => e.RequestMessage.Path.StartsWith("/v4/", StringComparison.Ordinal))
        .Select(e => e.RequestMessage.Headers!["Authorization"].Single())
        .ToList();

    /// <summary>The claims of every JWT assertion sent to the token endpoint, after checking its RS256 signature with the key's public half.</summary>
    public IReadOnlyList<JsonElement> VerifiedAssertionClaims() => Server.LogEntries
        .Where(e => e.RequestMessage.Path == "/token")
        .Select(e => System.Web.HttpUtility.ParseQueryString(e.RequestMessage.Body!)["assertion"]!)
        .Select(jwt =>
        {
            var parts = jwt.Split('.');
            var signed = Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}");
            if (!rsa.VerifyData(signed, Base64Url(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))
                throw new InvalidOperationException("the assertion's signature does not verify with the service account's public key");
            return JsonDocument.Parse(Base64Url(parts[1])).RootElement.Clone();
        })
        .ToList();

    /// <summary><c>values.get</c> answers this ValueRange (cells as given: strings, or booleans for checkboxes); rows may be short.</summary>
    public void ServesValues(string range, IEnumerable<IEnumerable<object?>> rows)
    {
        var body = new JsonObject
        {
            ["range"] = range,
            ["majorDimension"] = "ROWS",
            ["values"] = new JsonArray(rows.Select(r => (JsonNode)new JsonArray(r.Select(c => JsonValue.Create(c)).ToArray<JsonNode?>())).ToArray<JsonNode?>()),
        };
        Server.Given(Request.Create().WithPath($"/v4/spreadsheets/{SheetId}/values/*").UsingGet()).WithGuid(ValuesMapping).AtPriority(100).RespondWith(Json(200, body.ToJsonString()));
    }

    /// <summary><c>values.get</c> answers an error first <paramref name="times"/> times, then as configured.</summary>
    public void ValuesFailFirst(int status, int times, string? retryAfter = null)
    {
        for (var i = 0; i < times; i++)
        {
            var response = Json(status, $$$"""{"error":{"code":{{{status}}},"message":"Quota exceeded for quota metric 'Read requests'","status":"RESOURCE_EXHAUSTED"}}""");
            if (retryAfter is not null)
                response = response.WithHeader("Retry-After", retryAfter);
            var step = Server.Given(Request.Create().WithPath($"/v4/spreadsheets/{SheetId}/values/*").UsingGet()).InScenario("values").AtPriority(1);
            if (i > 0)
                step = step.WhenStateIs($"failed {i}");
            step.WillSetStateTo($"failed {i + 1}").RespondWith(response);
        }
    }

    public void ValuesAnswer(int status, string body) =>
        Server.Given(Request.Create().WithPath($"/v4/spreadsheets/{SheetId}/values/*").UsingGet()).AtPriority(50).RespondWith(Json(status, body));

    public void ServesCsv(string body, string contentType = "text/csv; charset=utf-8") =>
        Server.Given(Request.Create().WithPath($"/spreadsheets/d/{SheetId}/export").UsingGet()).WithGuid(CsvMapping)
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", contentType).WithBody(body));

    /// <summary>
    /// A team sheet of <paramref name="rows"/> rows over COIN0..COIN999 (every other row with an id, formatted prices,
    /// checkboxes); the rows whose index divides by <paramref name="editEvery"/> have edited notes.
    /// </summary>
    public static IEnumerable<IEnumerable<object?>> TeamSheet(int rows, int editEvery = 0) =>
        new[] { new object?[] { "id", "name", "symbol", "condition", "target_price", "exchange", "active", "pushover_user_key", "notes" } }
            .Concat(Enumerable.Range(0, rows).Select(i => new object?[]
            {
                i % 2 == 0 ? $"row-{i}" : "", $"alert {i}", $"COIN{i % 1000}USDT", i % 3 == 0 ? "below" : "above ",
                string.Create(System.Globalization.CultureInfo.InvariantCulture, $"${1000 + i:N2}"),
                i % 2 == 0 ? "binance" : "bybit", i % 10 != 0, i % 4 == 0 ? SignalFactory.UserKey : "",
                editEvery > 0 && i % editEvery == 0 ? "edited" : "as planned",
            }));

    public void Dispose()
    {
        Server.Stop();
        Server.Dispose();
        rsa.Dispose();
    }

    private static IResponseBuilder Json(int status, string body) =>
        Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json; charset=UTF-8").WithBody(body);

    private IReadOnlyList<JsonElement> Bodies(Func<string, bool> path) => Server.LogEntries
        .Where(e => e.RequestMessage.Method == "POST" && path(e.RequestMessage.Path))
        .Select(e => JsonDocument.Parse(e.RequestMessage.Body!).RootElement.Clone())
        .ToList();

    private static byte[] Base64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded.PadRight(padded.Length + ((4 - (padded.Length % 4)) % 4), '='));
    }
}
