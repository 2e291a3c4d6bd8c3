using Microsoft.Extensions.Logging;
using TradingAlerts.Aws.Sqs;
using TradingAlerts.Core.Pipeline;

namespace TradingAlerts.Functions;

/// <summary>Every record of the batch failed, so the invocation fails and Lambda retries the whole batch.</summary>
public sealed class BatchFailedException(int records) : Exception($"all {records} records of the SQS batch failed");

/// <summary>
/// The SQS consumer: checks each message's batch of alerts (Core's <see cref="QueueConsumer"/>) and keeps its outcome
/// for the cycle watch (<see cref="FanOutConsumer"/>, <see cref="WatchFunction"/>). Powertools' batch
/// rules: every record counts as failed until it succeeds; each record fails on its own, so a malformed body fails that
/// record only; only the failed records are returned (<c>batchItemFailures</c>, needs ReportBatchItemFailures); if every
/// record failed the invocation throws. Before its timeout (TRADINGALERTS_FUNCTION_TIMEOUT) it stops taking new work:
/// the records it has not started go back as failures.
/// Handler: <c>TradingAlerts.Functions::TradingAlerts.Functions.WorkerFunction::HandleAsync</c>.
/// </summary>
public sealed class WorkerFunction
{
    private readonly FunctionComposition composition;
    private readonly ILogger<WorkerFunction> logger;

    public WorkerFunction()
        : this(FunctionComposition.FromEnvironment(CloudStore.Create))
    {
    }

    public WorkerFunction(FunctionComposition composition)
    {
        ArgumentNullException.ThrowIfNull(composition);
        this.composition = composition;
        logger = composition.Logs.CreateLogger<WorkerFunction>();
    }

    public async Task<Stream> HandleAsync(Stream input)
    {
        composition.StartInvocation();
        var sqsEvent = await LambdaJson.ReadAsync(input, LambdaJsonContext.Default.SqsEvent, "SQS event");
        var records = sqsEvent.Records ?? [];
        var ct = CancellationToken.None;
        var consumer = (await composition.GetSendersAsync(ct)).FanOutConsumer;
        var failures = new List<BatchItemFailure>();
        foreach (var record in records)
        {
            using var scope = logger.BeginScope(new Dictionary<string, object?>
            {
                ["SqsMessageId"] = record.MessageId,
                ["ApproximateReceiveCount"] = record.Attributes?.GetValueOrDefault("ApproximateReceiveCount"),
            });
            if (!(await consumer.ConsumeAsync(SignalBatchMessage.ToQueueMessage(record.MessageId ?? string.Empty, record.Body), ct)).Done && !string.IsNullOrEmpty(record.MessageId))
                failures.Add(new BatchItemFailure(record.MessageId));
        }

        if (records.Count > 0 && failures.Count == records.Count)
            throw new BatchFailedException(records.Count);

        await consumer.RetryDueAsync(ct);
        return LambdaJson.Write(new SqsBatchResponse(failures), LambdaJsonContext.Default.SqsBatchResponse);
    }
}
