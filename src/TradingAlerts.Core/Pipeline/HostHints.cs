using TradingAlerts.Core.Notifications;

namespace TradingAlerts.Core.Pipeline;

/// <summary>
/// What a message tells a person to do, in the host's words: Core's messages name no command and no environment
/// variable; the engine fills these in (the CLI's commands, the variables a channel needs). Left null, a message says
/// nothing of it.
/// </summary>
public sealed record HostHints
{
    public static readonly HostHints None = new();

    /// <summary>How to arm a paused alert again; <c>{0}</c> stands for its id.</summary>
    public string? Rearm { get; init; }

    /// <summary>How to give a recipient a channel's address.</summary>
    public string? SetRecipient { get; init; }

    /// <summary>Where the operator sees the monitor's state.</summary>
    public string? Status { get; init; }

    /// <summary>What each channel needs before it can send, for the refusal of a channel that is not configured.</summary>
    public IReadOnlyDictionary<Channels, string> ChannelNeeds { get; init; } = new Dictionary<Channels, string>();
}
