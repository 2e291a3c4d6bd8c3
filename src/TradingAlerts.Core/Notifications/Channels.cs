using System.Text.Json.Serialization;

namespace TradingAlerts.Core.Notifications;

/// <summary>Where an alert's notifications go: one or more channels.</summary>
[Flags]
public enum Channels
{
    None = 0,
    [JsonStringEnumMemberName("pushover")]
    Pushover = 1,
    [JsonStringEnumMemberName("telegram")]
    Telegram = 2,
    [JsonStringEnumMemberName("discord")]
    Discord = 4,
    [JsonStringEnumMemberName("webhook")]
    Webhook = 8,
}

/// <summary>The channels' wire words (<c>pushover</c>, <c>telegram</c>, <c>discord</c>, <c>webhook</c>) and lists of them.</summary>
public static class ChannelNames
{
    public static readonly IReadOnlyList<Channels> All = [Channels.Pushover, Channels.Telegram, Channels.Discord, Channels.Webhook];

    public static string ToWire(this Channels channel) => channel switch
    {
        Channels.Pushover => "pushover",
        Channels.Telegram => "telegram",
        Channels.Discord => "discord",
        Channels.Webhook => "webhook",
        _ => string.Join(',', Each(channel).Select(ToWire)),
    };

    /// <summary>Each channel of a set, in a fixed order.</summary>
    public static IEnumerable<Channels> Each(Channels set) => All.Where(c => set.HasFlag(c));

    public static string Choices => string.Join(" | ", All.Select(ToWire));

    /// <summary>A comma-separated list such as <c>pushover,telegram</c>; at least one, no unknown word.</summary>
    public static bool TryParseList(string? text, out Channels channels)
    {
        channels = Channels.None;
        foreach (var word in (text ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var channel = All.FirstOrDefault(c => string.Equals(c.ToWire(), word, StringComparison.OrdinalIgnoreCase));
            if (channel == Channels.None)
                return false;
            channels |= channel;
        }

        return channels != Channels.None;
    }
}
