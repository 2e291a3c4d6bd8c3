namespace TradingAlerts.Aws;

/// <summary>Tuning for <see cref="DynamoSignalStore"/>; the defaults suit production.</summary>
public sealed record DynamoStoreOptions
{
    /// <summary>Items per Query/Scan page (<c>Limit</c>); null lets DynamoDB fill pages up to 1 MB. Small values force paging in tests.</summary>
    public int? PageSize { get; init; }

    /// <summary>Parallel scan segments for listing every alert (<see cref="Core.Signals.ISignalStore.ListAsync"/>).</summary>
    public int ScanSegments { get; init; } = 4;
}
