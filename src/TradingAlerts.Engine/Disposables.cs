namespace TradingAlerts.Engine;

/// <summary>What a host or the engine made and must dispose of with itself (HTTP and AWS clients), in one list.</summary>
public sealed class Disposables : IDisposable
{
    private readonly List<IDisposable> items = [];

    /// <summary>Keeps <paramref name="item"/> to dispose of later, and returns it.</summary>
    public T Add<T>(T item)
        where T : IDisposable
    {
        items.Add(item);
        return item;
    }

    public void Dispose()
    {
        foreach (var item in items)
            item.Dispose();
        items.Clear();
    }
}
