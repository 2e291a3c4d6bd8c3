using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.SQS;
using TradingAlerts.Aws.Sqs;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace TradingAlerts.Functions.Tests;

/// <summary>
/// Per-entry failures (HTTP 200 with <c>Failed[]</c>), which fauxqs never produces: a stub speaking SQS's JSON protocol
/// answers SendMessageBatch as the API documents it.
/// </summary>
public sealed class SqsSignalQueueFailedEntryTests : IDisposable
{
    private static readonly SqsQueueOptions Fast = new() { FirstRetryDelay = TimeSpan.FromMilliseconds(1) };
    private readonly WireMockServer stub = WireMockServer.Start();
    private readonly AmazonSQSClient sqs;

    public SqsSignalQueueFailedEntryTests() => sqs = new AmazonSQSClient(
        new BasicAWSCredentials("test", "test"),
        new AmazonSQSConfig { ServiceURL = stub.Url, AuthenticationRegion = "eu-central-1", MaxErrorRetry = 0 });

    private string QueueUrl => stub.Url + "/000000000000/signals";

    public void Dispose()
    {
        sqs.Dispose();
        stub.Stop();
    }

    [Fact]
    public async Task EnqueueAsync_EntryFailsOnceThenSucceeds_OnlyThatEntryResent()
    {
        var batches = new[] { SqsSignalQueueTests.Batch("a", 1), SqsSignalQueueTests.Batch("b", 1) };
        var bodies = batches.Select(SignalBatchMessage.Serialize).ToArray();
        Answer("first", "second", $$"""{"Successful":[{{Ok("m0", bodies[0])}}],"Failed":[{"Id":"m1","SenderFault":false,"Code":"InternalError","Message":"try again"}]}""");
        Answer("second", "done", $$"""{"Successful":[{{Ok("m1", bodies[1])}}],"Failed":[]}""");

        await new SqsSignalQueue(sqs, QueueUrl, Fast).EnqueueAsync(batches, CancellationToken.None);

        var sent = stub.LogEntries.Select(e => JsonDocument.Parse(e.RequestMessage.Body!).RootElement.GetProperty("Entries").EnumerateArray().Select(x => x.GetProperty("Id").GetString()).ToList()).ToList();
        sent.Should().HaveCount(2);
        sent[0].Should().Equal("m0", "m1");
        sent[1].Should().Equal("m1");
    }

    [Fact]
    public async Task EnqueueAsync_EntryKeepsFailing_ThrowsWithCodeAfterBoundedAttempts()
    {
        stub.Given(Request.Create().UsingPost().WithHeader("X-Amz-Target", "AmazonSQS.SendMessageBatch"))
            .RespondWith(Json("""{"Successful":[],"Failed":[{"Id":"m0","SenderFault":false,"Code":"InternalError","Message":"try again"}]}"""));

        var enqueue = () => new SqsSignalQueue(sqs, QueueUrl, Fast).EnqueueAsync([SqsSignalQueueTests.Batch("a", 1)], CancellationToken.None);

        (await enqueue.Should().ThrowAsync<SqsSendException>()).Which.Code.Should().Be("InternalError");
        stub.LogEntries.Should().HaveCount(Fast.MaxSendAttempts);
    }

    [Fact]
    public async Task EnqueueAsync_SenderFault_ThrowsAtOnceNotResent()
    {
        stub.Given(Request.Create().UsingPost().WithHeader("X-Amz-Target", "AmazonSQS.SendMessageBatch"))
            .RespondWith(Json("""{"Successful":[],"Failed":[{"Id":"m0","SenderFault":true,"Code":"InvalidMessageContents","Message":"bad characters"}]}"""));

        var enqueue = () => new SqsSignalQueue(sqs, QueueUrl, Fast).EnqueueAsync([SqsSignalQueueTests.Batch("a", 1)], CancellationToken.None);

        (await enqueue.Should().ThrowAsync<SqsSendException>().WithMessage("*InvalidMessageContents: bad characters*")).Which.Code.Should().Be("InvalidMessageContents");
        stub.LogEntries.Should().ContainSingle();
    }

    private static string Ok(string id, string body) =>
        $$"""{"Id":"{{id}}","MessageId":"{{Guid.NewGuid()}}","MD5OfMessageBody":"{{Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(body)))}}"}""";

    private static IResponseBuilder Json(string body) =>
        Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/x-amz-json-1.0").WithBody(body);

    private void Answer(string state, string next, string body)
    {
        var request = stub.Given(Request.Create().UsingPost().WithHeader("X-Amz-Target", "AmazonSQS.SendMessageBatch")).InScenario("entries");
        (state == "first" ? request : request.WhenStateIs(state)).WillSetStateTo(next).RespondWith(Json(body));
    }
}
