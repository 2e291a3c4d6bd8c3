using Amazon.Runtime;
using Amazon.SimpleSystemsManagement;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace TradingAlerts.Functions.Tests;

/// <summary>The reader against a stub speaking SSM's JSON protocol (X-Amz-Target: AmazonSSM.GetParameter).</summary>
public sealed class SsmSecretReaderTests : IDisposable
{
    private const string AppToken = "azGDORePK8gMaC0QOYAMyEEuzJnyUi";
    private readonly WireMockServer ssm = WireMockServer.Start();
    private readonly AmazonSimpleSystemsManagementClient client;

    public SsmSecretReaderTests() => client = new AmazonSimpleSystemsManagementClient(
        new BasicAWSCredentials("test", "test"),
        new AmazonSimpleSystemsManagementConfig { ServiceURL = ssm.Url, AuthenticationRegion = "eu-central-1", MaxErrorRetry = 0 });

    public void Dispose()
    {
        client.Dispose();
        ssm.Stop();
    }

    [Fact]
    public async Task GetAsync_SecretJson_ReadsKeysThroughReferencePathWithDecryptionOnce()
    {
        Answer(200, Parameter($$$"""{"pushover_app_token":"{{{AppToken}}}","pushover_user_key":"uQiRzpo4DXghDmr9QzzfQu27cmVRsG","google_service_account_json":{"type":"service_account","client_email":"a@b.iam.gserviceaccount.com"}}"""));
        using var reader = new SsmSecretReader(client, "trading-alerts");

        var first = await reader.GetAsync(CancellationToken.None);
        var second = await reader.GetAsync(CancellationToken.None);

        first.PushoverAppToken.Should().Be(AppToken);
        first.PushoverUserKey.Should().Be("uQiRzpo4DXghDmr9QzzfQu27cmVRsG");
        first.GoogleServiceAccountJson.Should().Contain("\"client_email\":\"a@b.iam.gserviceaccount.com\"");
        second.Should().BeSameAs(first);
        var request = ssm.LogEntries.Should().ContainSingle("the secret is read once per instance").Subject.RequestMessage;
        request.Headers!["X-Amz-Target"].Should().Equal("AmazonSSM.GetParameter");
        var body = System.Text.Json.JsonDocument.Parse(request.Body!).RootElement;
        body.GetProperty("Name").GetString().Should().Be("/aws/reference/secretsmanager/trading-alerts");
        body.GetProperty("WithDecryption").GetBoolean().Should().BeTrue();
        first.ToString().Should().NotContain(AppToken);
    }

    [Fact]
    public async Task GetAsync_ValueNotJson_ErrorNamesTheSecretNotItsValue()
    {
        Answer(200, Parameter("Fl*MEishm!al875"));
        using var reader = new SsmSecretReader(client, "trading-alerts");

        var read = () => reader.GetAsync(CancellationToken.None);

        (await read.Should().ThrowAsync<InvalidOperationException>().WithMessage("the secret trading-alerts is not a JSON object*"))
            .Which.Message.Should().NotContain("Fl*MEishm");
    }

    [Fact]
    public async Task GetAsync_AccessDeniedThenGranted_FailureNotCached()
    {
        Answer(400, """{"__type":"com.amazonaws.ssm#ValidationException","message":"An error occurred while calling one AWS dependency service."}""");
        using var reader = new SsmSecretReader(client, "trading-alerts");

        var first = () => reader.GetAsync(CancellationToken.None);
        await first.Should().ThrowAsync<AmazonSimpleSystemsManagementException>();
        Answer(200, Parameter($$"""{"pushover_app_token":"{{AppToken}}"}"""));
        var secrets = await reader.GetAsync(CancellationToken.None);

        secrets.PushoverAppToken.Should().Be(AppToken);
        secrets.PushoverUserKey.Should().BeNull();
    }

    /// <summary>GetParameter's documented response shape, the value as the secret's string.</summary>
    private static string Parameter(string value) => System.Text.Json.JsonSerializer.Serialize(new
    {
        Parameter = new
        {
            Name = "/aws/reference/secretsmanager/trading-alerts",
            Value = value,
            Type = "SecureString",
            LastModifiedDate = 1526334434.743,
            ARN = "arn:aws:secretsmanager:eu-central-1:123456789012:secret:trading-alerts-E18LRP",
            SourceResult = "{\"Name\": \"trading-alerts\", \"VersionStages\": [\"AWSCURRENT\"]}",
            Version = 0,
            DataType = "text",
        },
    });

    private void Answer(int status, string body)
    {
        ssm.Reset();
        ssm.Given(Request.Create().UsingPost().WithHeader("X-Amz-Target", "AmazonSSM.GetParameter"))
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/x-amz-json-1.1").WithBody(body));
    }
}
