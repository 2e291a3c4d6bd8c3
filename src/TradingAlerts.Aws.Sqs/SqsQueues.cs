using System.Globalization;
using Amazon.SQS;
using Amazon.SQS.Model;

namespace TradingAlerts.Aws.Sqs;

/// <summary>
/// Creates the queue and its dead-letter queue as the CDK app does, for <c>tradingalerts init --pipeline sqs</c> on a
/// laptop or an emulator. Idempotent: SQS returns the existing queue when the name and attributes match.
/// </summary>
public static class SqsQueues
{
    public const string DefaultName = "trading-alerts";

    /// <summary>The CDK app's settings: 256 KiB messages, 6 × the Worker's 60 s timeout, 5 receives before the DLQ.</summary>
    public const int MaxMessageBytes = 262_144;
    public const int VisibilityTimeoutSeconds = 360;
    public const int MaxReceiveCount = 5;

    public static async Task<(string QueueUrl, string DeadLetterQueueUrl)> CreateAsync(IAmazonSQS sqs, string name, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(sqs);
        var deadLetters = await sqs.CreateQueueAsync(new CreateQueueRequest { QueueName = $"{name}-dlq" }, ct);
        var deadLetterArn = (await sqs.GetQueueAttributesAsync(deadLetters.QueueUrl, ["QueueArn"], ct)).QueueARN;
        var queue = await sqs.CreateQueueAsync(
            new CreateQueueRequest
            {
                QueueName = name,
                Attributes = new Dictionary<string, string>
                {
                    ["MaximumMessageSize"] = MaxMessageBytes.ToString(CultureInfo.InvariantCulture),
                    ["VisibilityTimeout"] = VisibilityTimeoutSeconds.ToString(CultureInfo.InvariantCulture),
                    ["RedrivePolicy"] = $$"""{"deadLetterTargetArn":"{{deadLetterArn}}","maxReceiveCount":{{MaxReceiveCount}}}""",
                },
            },
            ct);
        return (queue.QueueUrl, deadLetters.QueueUrl);
    }
}
