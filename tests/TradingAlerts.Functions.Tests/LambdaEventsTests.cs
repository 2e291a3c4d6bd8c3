using System.Text;
using System.Text.Json;

namespace TradingAlerts.Functions.Tests;

/// <summary>Golden JSON: the AWS documentation's samples (shared/reference/api-facts.md, 2.1 and 2.3), verbatim.</summary>
public sealed class LambdaEventsTests
{
    public const string SqsEventSample = """
        {
            "Records": [
                {
                    "messageId": "059f36b4-87a3-44ab-83d2-661975830a7d",
                    "receiptHandle": "AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a...",
                    "body": "test",
                    "attributes": {
                        "ApproximateReceiveCount": "1",
                        "SentTimestamp": "1545082649183",
                        "SenderId": "AIDAIENQZJOLO23YVJ4VO",
                        "ApproximateFirstReceiveTimestamp": "1545082649185"
                    },
                    "messageAttributes": {},
                    "md5OfBody": "098f6bcd4621d373cade4e832627b4f6",
                    "eventSource": "aws:sqs",
                    "eventSourceARN": "arn:aws:sqs:us-east-2:123456789012:my-queue",
                    "awsRegion": "us-east-2"
                }
            ]
        }
        """;

    public const string ScheduledEventSample = """
        {
          "version": "0",
          "account": "123456789012",
          "region": "us-east-2",
          "detail": {},
          "detail-type": "Scheduled Event",
          "source": "aws.events",
          "time": "2019-03-01T01:23:45Z",
          "id": "cdc73f9d-aea9-11e3-9d5a-835b769c0d9c",
          "resources": [
            "arn:aws:events:us-east-2:123456789012:rule/my-schedule"
          ]
        }
        """;

    [Fact]
    public void SqsEvent_DocumentationSample_EveryField()
    {
        var sqsEvent = JsonSerializer.Deserialize(SqsEventSample, LambdaJsonContext.Default.SqsEvent)!;

        var record = sqsEvent.Records.Should().ContainSingle().Subject;
        record.MessageId.Should().Be("059f36b4-87a3-44ab-83d2-661975830a7d");
        record.ReceiptHandle.Should().Be("AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a...");
        record.Body.Should().Be("test");
        record.Attributes.Should().Contain("ApproximateReceiveCount", "1").And.Contain("SenderId", "AIDAIENQZJOLO23YVJ4VO").And.HaveCount(4);
        record.MessageAttributes.Should().BeEmpty();
        record.Md5OfBody.Should().Be("098f6bcd4621d373cade4e832627b4f6");
        record.EventSource.Should().Be("aws:sqs");
        record.EventSourceArn.Should().Be("arn:aws:sqs:us-east-2:123456789012:my-queue");
        record.AwsRegion.Should().Be("us-east-2");
    }

    [Fact]
    public void SqsEvent_MessageAttributes_StringAndBinaryValues()
    {
        const string json = """{"Records":[{"messageId":"m","messageAttributes":{"req-id":{"dataType":"String","stringValue":"24479a02"},"blob":{"dataType":"Binary","binaryValue":"AAE="}}}]}""";

        var attributes = JsonSerializer.Deserialize(json, LambdaJsonContext.Default.SqsEvent)!.Records![0].MessageAttributes!;

        attributes["req-id"].Should().BeEquivalentTo(new SqsMessageAttribute { DataType = "String", StringValue = "24479a02" });
        attributes["blob"].BinaryValue.Should().Be("AAE=");
    }

    [Fact]
    public void ScheduledEvent_DocumentationSample_EveryField()
    {
        var scheduled = JsonSerializer.Deserialize(ScheduledEventSample, LambdaJsonContext.Default.ScheduledEvent)!;

        scheduled.Id.Should().Be("cdc73f9d-aea9-11e3-9d5a-835b769c0d9c");
        scheduled.DetailType.Should().Be("Scheduled Event");
        scheduled.Source.Should().Be("aws.events");
        scheduled.Time.Should().Be(new DateTimeOffset(2019, 3, 1, 1, 23, 45, TimeSpan.Zero));
        scheduled.Account.Should().Be("123456789012");
        scheduled.Region.Should().Be("us-east-2");
        scheduled.Version.Should().Be("0");
        scheduled.Resources.Should().Equal("arn:aws:events:us-east-2:123456789012:rule/my-schedule");
        scheduled.Detail!.Value.ValueKind.Should().Be(JsonValueKind.Object);
    }

    [Fact]
    public void SqsBatchResponse_OneFailure_ExactJson()
    {
        var json = JsonSerializer.Serialize(new SqsBatchResponse([new BatchItemFailure("059f36b4-87a3-44ab-83d2-661975830a7d")]), LambdaJsonContext.Default.SqsBatchResponse);

        json.Should().Be("""{"batchItemFailures":[{"itemIdentifier":"059f36b4-87a3-44ab-83d2-661975830a7d"}]}""");
    }

    [Fact]
    public void SqsBatchResponse_NoFailure_EmptyList()
    {
        var json = JsonSerializer.Serialize(new SqsBatchResponse([]), LambdaJsonContext.Default.SqsBatchResponse);

        json.Should().Be("""{"batchItemFailures":[]}""");
    }

    [Fact]
    public async Task Handlers_NotAScheduledEvent_FormatException()
    {
        using var sheets = SheetsSyncFunctionTests.Harness.Start();
        var function = new SheetsSyncFunction(sheets.Compose([]));

        var handle = () => function.HandleAsync(new MemoryStream(Encoding.UTF8.GetBytes("[1,2]")));

        await handle.Should().ThrowAsync<FormatException>().WithMessage("the input is not a scheduled event*");
    }

    [Fact]
    public void HandlerTypes_RuntimeRules_PublicParameterlessConstructorAndOneStreamMethod()
    {
        foreach (var type in new[] { typeof(ReaderFunction), typeof(WorkerFunction), typeof(SheetsSyncFunction), typeof(MonolithFunction) })
        {
            type.GetConstructor(Type.EmptyTypes).Should().NotBeNull(type.Name);
            var handle = type.GetMethods().Where(m => m.Name == "HandleAsync").Should().ContainSingle(type.Name + " must not overload its handler").Subject;
            handle.ReturnType.Should().Be<Task<Stream>>();
            handle.GetParameters().Select(p => p.ParameterType).Should().Equal(typeof(Stream));
        }
    }
}
