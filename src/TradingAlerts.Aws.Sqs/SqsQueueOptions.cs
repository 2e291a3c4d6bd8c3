namespace TradingAlerts.Aws.Sqs;

/// <summary>How <see cref="SqsSignalQueue"/> sizes and sends its messages.</summary>
public sealed record SqsQueueOptions
{
    /// <summary>SQS's largest message and largest SendMessageBatch payload since August 2025.</summary>
    public const int OneMebibyte = 1_048_576;

    /// <summary>The queue's <c>MaximumMessageSize</c> attribute: a batch whose body is larger is split in halves.</summary>
    public int MaxMessageBytes { get; init; } = OneMebibyte;

    /// <summary>The most one SendMessageBatch call may carry, all bodies together.</summary>
    public int MaxBatchBytes { get; init; } = OneMebibyte;

    /// <summary>Attempts per message (the first one included) before a per-entry failure is thrown.</summary>
    public int MaxSendAttempts { get; init; } = 4;

    /// <summary>The wait before the first resend of failed entries; it doubles for each further one.</summary>
    public TimeSpan FirstRetryDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Throws, naming the option, when a value is out of range.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxMessageBytes, 1_024, nameof(MaxMessageBytes));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxMessageBytes, OneMebibyte, nameof(MaxMessageBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBatchBytes, MaxMessageBytes, nameof(MaxBatchBytes));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxBatchBytes, OneMebibyte, nameof(MaxBatchBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxSendAttempts, 1, nameof(MaxSendAttempts));
        ArgumentOutOfRangeException.ThrowIfLessThan(FirstRetryDelay, TimeSpan.Zero, nameof(FirstRetryDelay));
    }
}
