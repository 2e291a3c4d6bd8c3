namespace TradingAlerts.Simulation.Processes;

/// <summary>A message as the event source mapping receives it: its id, its body, and the handle that deletes it.</summary>
internal sealed record ReceivedMessage(string Id, string Body, long Receipt);

/// <summary>
/// An SQS standard queue on the world's clock, as the Workers meet it: a received message is hidden for the
/// visibility timeout and comes back unless deleted; delivery is at least once (a message may come twice, to two
/// consumers at once or again later) and in no particular order.
/// </summary>
internal sealed class SimQueue(SimWorld world, TimeSpan visibility)
{
    private sealed class Copy(string id, string body)
    {
        public string Id { get; } = id;
        public string Body { get; } = body;
        public DateTimeOffset VisibleAt { get; set; }
        public long Receipt { get; set; } = -1;
    }

    private readonly List<Copy> copies = [];
    private long sent;
    private long receipts;

    public void Send(string body)
    {
        var id = $"m-{++sent}";
        copies.Add(new Copy(id, body) { VisibleAt = world.Time.Now });

        // At least once: now and then the same message is there twice.
        if (world.Chance("duplicate|" + id) < world.Plan.DuplicateChance)
            copies.Add(new Copy(id, body) { VisibleAt = world.Time.Now + TimeSpan.FromSeconds(world.Chance("duplicate-at|" + id) * 90) });
    }

    /// <summary>Up to <paramref name="max"/> visible messages, in a shuffled order; each hidden for the visibility timeout.</summary>
    public IReadOnlyList<ReceivedMessage> Receive(int max)
    {
        var now = world.Time.Now;
        var visible = copies.Where(c => c.VisibleAt <= now).OrderBy(c => world.Chance($"order|{c.Id}|{c.VisibleAt.UtcTicks}")).Take(max).ToList();
        foreach (var copy in visible)
        {
            copy.VisibleAt = now + visibility;
            copy.Receipt = ++receipts;
        }

        return visible.Select(c => new ReceivedMessage(c.Id, c.Body, c.Receipt)).ToList();
    }

    /// <summary>Deletes what a receipt names, if it still names it (a copy received again since has a new handle).</summary>
    public void Delete(long receipt) => copies.RemoveAll(c => c.Receipt == receipt);

    public bool IsEmpty => copies.Count == 0;
}
