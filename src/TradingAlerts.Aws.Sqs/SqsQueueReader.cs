using System.Runtime.CompilerServices;
using Amazon.SQS;
using Amazon.SQS.Model;
using TradingAlerts.Core.Pipeline;

namespace TradingAlerts.Aws.Sqs;

/// <summary>
/// Takes every batch waiting on the queue, ten messages a call, until a receive comes back empty; a processed batch is
/// deleted, a failed or unreadable one stays and comes back after the visibility timeout (then goes to the DLQ).
/// Used by <c>tradingalerts check --pipeline sqs</c> to rehearse the cloud path; in Lambda, the event source does this.
/// </summary>
public sealed class SqsQueueReader(IAmazonSQS sqs, string queueUrl) : ISignalQueueReader
{
    public async IAsyncEnumerable<ReceivedBatch> DrainAsync([EnumeratorCancellation] CancellationToken ct)
    {
        while (true)
        {
            var response = await sqs.ReceiveMessageAsync(
                new ReceiveMessageRequest { QueueUrl = queueUrl, MaxNumberOfMessages = SqsSignalQueue.MaxEntriesPerCall, WaitTimeSeconds = 1 },
                ct);
            var messages = response.Messages ?? [];
            if (messages.Count == 0)
                yield break;

            foreach (var message in messages)
                yield return Read(message);
        }
    }

    private ReceivedBatch Read(Message message)
    {
        Task Delete(CancellationToken ct) => sqs.DeleteMessageAsync(queueUrl, message.ReceiptHandle, ct);
        try
        {
            return new ReceivedBatch(message.MessageId, SignalBatchMessage.Deserialize(message.Body ?? string.Empty), null, Delete);
        }
        catch (FormatException e)
        {
            return new ReceivedBatch(message.MessageId, null, e.Message, Delete);
        }
    }
}
