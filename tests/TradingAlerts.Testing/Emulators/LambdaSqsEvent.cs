using System.Text.Json;
using Amazon.SQS.Model;

namespace TradingAlerts.Testing.Emulators;

/// <summary>
/// The event Lambda's SQS event source mapping builds for received messages, written independently of our own records:
/// every attribute value a string (ApproximateReceiveCount included), eventSource, eventSourceARN, awsRegion.
/// </summary>
public static class LambdaSqsEvent
{
    public static string For(IEnumerable<Message> messages, string queueArn, string region = "eu-central-1") => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["Records"] = messages.Select(m => new Dictionary<string, object?>
        {
            ["messageId"] = m.MessageId,
            ["receiptHandle"] = m.ReceiptHandle,
            ["body"] = m.Body,
            ["attributes"] = m.Attributes ?? [],
            ["messageAttributes"] = new Dictionary<string, object>(),
            ["md5OfBody"] = m.MD5OfBody,
            ["eventSource"] = "aws:sqs",
            ["eventSourceARN"] = queueArn,
            ["awsRegion"] = region,
        }).ToList(),
    });
}
