
namespace TradingAlerts.Aws;

/// <summary>
/// The read and write capacity units DynamoDB reported for a store's calls (indexes included), so a benchmark can set
/// them against the lower bound. Thread-safe. A write refused by its condition reports nothing to the SDK, so those
/// (1 WCU each on AWS) are not in <see cref="Write"/>.
/// </summary>
public sealed class ConsumedCapacityCounter
{
    private readonly Lock gate = new();
    private double read;
    private double write;

    public double Read
    {
        get
        {
            lock (gate)
                return read;
        }
    }

    public double Write
    {
        get
        {
            lock (gate)
                return write;
        }
    }

    public void Reset()
    {
        lock (gate)
        {
            read = 0;
            write = 0;
        }
    }

    internal void AddRead(ConsumedCapacity? consumed) => Add(ref read, consumed?.CapacityUnits);

    internal void AddWrite(ConsumedCapacity? consumed) => Add(ref write, consumed?.CapacityUnits);

    internal void AddWrite(List<ConsumedCapacity>? consumed) => Add(ref write, consumed?.Sum(c => c.CapacityUnits ?? 0));

    private void Add(ref double total, double? units)
    {
        if (units is not { } value)
            return;

        lock (gate)
            total += value;
    }
}
