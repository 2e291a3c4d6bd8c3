using Microsoft.Extensions.Logging;
using TradingAlerts.Aws.Sqs;

namespace TradingAlerts.Functions;

/// <summary>Every record of the batch failed, so the invocation fails and Lambda retries the whole batch.</summary>
public sealed class BatchFailedException(int records) : Exception($"all {records} records of the SQS batch failed");

/// <summary>
/// The SQS consumer: checks each message's batch of alerts. Powertools' batch rules: every record counts as failed
/// until it succeeds; each record has its own try/catch, so a malformed body fails that record only; only the
/// failed records are returned (<c>batchItemFailures</c>, needs ReportBatchItemFailures); if every record failed the
/// invocation throws. A redelivered record finds its claimed firings and sends nothing twice. Before its timeout
/// (TRADINGALERTS_FUNCTION_TIMEOUT) it stops taking new work: the records it has not started go back as failures.
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
        var failures = new List<BatchItemFailure>();
        foreach (var record in records)
        {
            if (!await ProcessAsync(record, ct) && !string.IsNullOrEmpty(record.MessageId))
                failures.Add(new BatchItemFailure(record.MessageId));
        }

        if (records.Count > 0 && failures.Count == records.Count)
            throw new BatchFailedException(records.Count);

        await RetryDueDeliveriesAsync(ct);

        return LambdaJson.Write(new SqsBatchResponse(failures), LambdaJsonContext.Default.SqsBatchResponse);
    }

    /// <summary>
    /// Deliveries that failed for now (Pushover 5xx, timeouts) are retried here, under their leases, whatever batch woke
    /// the Worker: the Reader may not write. A failure here is logged and does not fail the records already done.
    /// </summary>
    private async Task RetryDueDeliveriesAsync(CancellationToken ct)
    {
        try
        {
            var retried = await (await composition.GetDeliveriesAsync(ct)).RetryDueAsync(ct);
            if (retried.Count > 0)
                logger.LogInformation("{RetriedDeliveries} due deliveries retried", retried.Count);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Retrying the due deliveries failed; the next invocation tries again");
        }
    }

    private async Task<bool> ProcessAsync(SqsMessage record, CancellationToken ct)
    {
        using var scope = logger.BeginScope(new Dictionary<string, object?>
        {
            ["SqsMessageId"] = record.MessageId,
            ["ApproximateReceiveCount"] = record.Attributes?.GetValueOrDefault("ApproximateReceiveCount"),
        });
        try
        {
            var batch = SignalBatchMessage.Deserialize(record.Body ?? string.Empty);
            var worker = await composition.GetWorkerAsync(ct);

            // No time left to start it: it goes back to the queue, and its span is a gap the next cycle looks back over.
            if (composition.Deadline.Passed)
            {
                await worker.LeaveAsync(batch, ct);
                return false;
            }

            var report = await worker.ProcessAsync(batch, ct);
            logger.LogInformation(
                "Message {SqsMessageId} of cycle {CycleId}: {Checked} checked, {Fired} fired, {Notified} notified, {NotificationFailures} notification failures, {NotChecked} not checked",
                record.MessageId, batch.CycleId, report.Checked, report.Fired, report.Notified, report.NotificationFailures, report.CheckFailures.Count);
            return true;
        }
        catch (FormatException e)
        {
            logger.LogError("Message {SqsMessageId} is not a signal batch and goes back to the queue (then to the DLQ): {Reason}", record.MessageId, e.Message);
            return false;
        }
        catch (Exception e)
        {
            logger.LogError(e, "Message {SqsMessageId} failed and goes back to the queue", record.MessageId);
            return false;
        }
    }
}
