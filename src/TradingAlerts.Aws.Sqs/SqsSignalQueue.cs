using System.Globalization;
using System.Text;
using Amazon.SQS;
using Amazon.SQS.Model;
using TradingAlerts.Core.Pipeline;

namespace TradingAlerts.Aws.Sqs;

/// <summary>A SendMessageBatch entry that SQS still refused after every attempt.</summary>
public sealed class SqsSendException(string code, string message) : Exception(message)
{
    /// <summary>The SQS error code of the entry (for example <c>InternalError</c>).</summary>
    public string Code { get; } = code;
}

/// <summary>
/// The cloud's queue between Reader and Workers: one message per <see cref="SignalBatch"/> (split in halves until it
/// fits the queue's maximum message size, never dropped), sent with SendMessageBatch at most 10 entries and
/// <see cref="SqsQueueOptions.MaxBatchBytes"/> per call. Entries SQS refuses are resent with backoff; an entry still
/// refused after <see cref="SqsQueueOptions.MaxSendAttempts"/> throws <see cref="SqsSendException"/> with its code.
/// </summary>
public sealed class SqsSignalQueue : ISignalQueue
{
    /// <summary>SQS's limit on entries per SendMessageBatch call.</summary>
    public const int MaxEntriesPerCall = 10;

    private readonly IAmazonSQS sqs;
    private readonly string queueUrl;
    private readonly SqsQueueOptions options;

    public SqsSignalQueue(IAmazonSQS sqs, string queueUrl, SqsQueueOptions options)
    {
        ArgumentNullException.ThrowIfNull(sqs);
        ArgumentException.ThrowIfNullOrWhiteSpace(queueUrl);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.options = options;
    }

    public async Task EnqueueAsync(IReadOnlyList<SignalBatch> batches, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(batches);
        var bodies = batches.SelectMany(Fit).ToList();
        foreach (var call in Calls(bodies))
            await SendAsync(call, ct);
    }

    /// <summary>The bodies for one batch: itself when it fits, else its halves (of its alerts, or of its markets), each fitted in turn.</summary>
    public IEnumerable<string> Fit(SignalBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var body = SignalBatchMessage.Serialize(batch);
        if (Encoding.UTF8.GetByteCount(body) <= options.MaxMessageBytes)
            return [body];

        if (batch.Signals.Count < 2 && batch.Markets.Count >= 2)
        {
            var halfOfMarkets = batch.Markets.Count / 2;
            return Fit(batch with { Markets = batch.Markets.Take(halfOfMarkets).ToList() })
                .Concat(Fit(batch with { Markets = batch.Markets.Skip(halfOfMarkets).ToList() }));
        }

        if (batch.Signals.Count < 2)
        {
            var alone = batch.Signals.Count == 1 ? $"alert {batch.Signals[0].Id}" : $"market {batch.Markets.FirstOrDefault()?.Symbol}";
            throw new InvalidOperationException(
                $"{alone} alone needs {Encoding.UTF8.GetByteCount(body)} bytes, more than the queue's maximum message size of {options.MaxMessageBytes} bytes");
        }

        var half = batch.Signals.Count / 2;
        return Fit(batch with { Signals = batch.Signals.Take(half).ToList() })
            .Concat(Fit(batch with { Signals = batch.Signals.Skip(half).ToList() }));
    }

    /// <summary>Groups bodies into calls of at most 10 entries and <see cref="SqsQueueOptions.MaxBatchBytes"/> bytes.</summary>
    private IEnumerable<List<string>> Calls(IEnumerable<string> bodies)
    {
        var call = new List<string>();
        var bytes = 0;
        foreach (var body in bodies)
        {
            var size = Encoding.UTF8.GetByteCount(body);
            if (call.Count == MaxEntriesPerCall || (call.Count > 0 && bytes + size > options.MaxBatchBytes))
            {
                yield return call;
                call = [];
                bytes = 0;
            }

            call.Add(body);
            bytes += size;
        }

        if (call.Count > 0)
            yield return call;
    }

    private async Task SendAsync(List<string> bodies, CancellationToken ct)
    {
        // Entry ids are the bodies' positions in the call: unique, and within [A-Za-z0-9_-]{1,80}.
        var pending = bodies.Select((body, i) => new SendMessageBatchRequestEntry { Id = "m" + i.ToString(CultureInfo.InvariantCulture), MessageBody = body }).ToList();
        for (var attempt = 1; ; attempt++)
        {
            var response = await sqs.SendMessageBatchAsync(new SendMessageBatchRequest { QueueUrl = queueUrl, Entries = pending }, ct);
            var failed = response.Failed ?? [];
            if (failed.Count == 0)
                return;

            // A sender fault (a malformed entry) will not succeed on a resend; everything else may.
            var hopeless = failed.FirstOrDefault(f => f.SenderFault == true);
            if (hopeless is not null || attempt >= options.MaxSendAttempts)
            {
                var failure = hopeless ?? failed[0];
                throw new SqsSendException(
                    failure.Code,
                    $"SQS refused {failed.Count} of {pending.Count} messages after {attempt} attempt(s): {failure.Code}: {failure.Message}");
            }

            var failedIds = failed.Select(f => f.Id).ToHashSet(StringComparer.Ordinal);
            pending = pending.Where(e => failedIds.Contains(e.Id)).ToList();
            await Task.Delay(options.FirstRetryDelay * Math.Pow(2, attempt - 1), ct);
        }
    }
}
