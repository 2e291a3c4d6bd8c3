using System.Globalization;
using System.Text;
using Amazon.DynamoDBv2.Model;
using TradingAlerts.Testing.Emulators;

namespace TradingAlerts.PipelineBench;

/// <summary>The SQS calls since the previous <see cref="Take"/>, per action, from the counting HTTP handler.</summary>
internal sealed class SqsTally(SqsCallCounter counter)
{
    public static readonly string[] Actions = ["SendMessageBatch", "ReceiveMessage", "DeleteMessageBatch"];

    private readonly Dictionary<string, int> seen = Actions.ToDictionary(a => a, _ => 0, StringComparer.Ordinal);

    public Dictionary<string, int> Take()
    {
        var delta = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var action in Actions)
        {
            var now = counter.Count(action);
            delta[action] = now - seen[action];
            seen[action] = now;
        }

        return delta;
    }
}

internal sealed record Phase(string Name, TimeSpan Wall, Dictionary<string, int> SqsCalls, double Rcu, double Wcu)
{
    public string Row() => string.Create(
        CultureInfo.InvariantCulture,
        $"| {Name} | {Wall.TotalSeconds:0.00} s | {SqsCalls.GetValueOrDefault("SendMessageBatch")} | {SqsCalls.GetValueOrDefault("ReceiveMessage")} | {SqsCalls.GetValueOrDefault("DeleteMessageBatch")} | {Rcu:0.#} | {Wcu:0.#} |");
}

/// <summary>An item's size by DynamoDB's rules: each attribute's name bytes plus its value's bytes.</summary>
internal static class ItemSize
{
    public static long Of(Dictionary<string, AttributeValue> item) => item.Sum(a => Encoding.UTF8.GetByteCount(a.Key) + Value(a.Value));

    private static long Value(AttributeValue value) => value switch
    {
        { S: { } s } => Encoding.UTF8.GetByteCount(s),
        { N: { } n } => (n.Count(char.IsAsciiDigit) + 1) / 2 + 1,
        { BOOL: not null } => 1,
        { NULL: true } => 1,
        { M: { Count: > 0 } m } => 3 + m.Sum(e => Encoding.UTF8.GetByteCount(e.Key) + Value(e.Value) + 1),
        { L: { Count: > 0 } l } => 3 + l.Sum(e => Value(e) + 1),
        _ => 1,
    };
}
