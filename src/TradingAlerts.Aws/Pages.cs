using System.Runtime.CompilerServices;

namespace TradingAlerts.Aws;

/// <summary>One page of a Query or Scan: its items, and the key to go on from (none or empty after the last page).</summary>
internal readonly record struct Page(List<Dictionary<string, AttributeValue>> Items, Dictionary<string, AttributeValue>? Next);

/// <summary>Fetches the page that starts at <paramref name="start"/> (null for the first) of one paged read.</summary>
internal delegate Task<Page> PageSource(Dictionary<string, AttributeValue>? start, CancellationToken ct);

/// <summary>Reading paged results whole: one source page after page, or several sources at once.</summary>
internal static class Pages
{
    public static async IAsyncEnumerable<Dictionary<string, AttributeValue>> AllAsync(PageSource source, [EnumeratorCancellation] CancellationToken ct)
    {
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var page = await source(start, ct);
            foreach (var item in page.Items)
                yield return item;

            start = page.Next;
        }
        while (start is { Count: > 0 });
    }

    /// <summary>
    /// Reads several paged sources (scan segments, index shards) at once and yields items as pages arrive. Each source
    /// has at most one page in flight, fetched while the previous one is being consumed.
    /// </summary>
    public static async IAsyncEnumerable<Dictionary<string, AttributeValue>> MergeAsync(
        IReadOnlyList<PageSource> sources,
        [EnumeratorCancellation] CancellationToken ct)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var inFlight = sources.Select(source => (Page: source(null, stop.Token), Source: source)).ToList();
        try
        {
            while (inFlight.Count > 0)
            {
                var done = await Task.WhenAny(inFlight.Select(f => f.Page));
                var index = inFlight.FindIndex(f => f.Page == done);
                var source = inFlight[index].Source;
                inFlight.RemoveAt(index);
                var page = await done;
                if (page.Next is { Count: > 0 })
                    inFlight.Add((source(page.Next, stop.Token), source));

                foreach (var item in page.Items)
                    yield return item;
            }
        }
        finally
        {
            // A consumer that stops early, or a failed source, leaves the other requests to cancel quietly.
            await stop.CancelAsync();
            await Task.WhenAll(inFlight.Select(f => (Task)f.Page)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }
}
