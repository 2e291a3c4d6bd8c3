using TradingAlerts.Core.Prices;
using TradingAlerts.Core.Signals;
using TradingAlerts.Http;
using TradingAlerts.Notifications;
using TradingAlerts.Sheets;

namespace TradingAlerts.Engine;

/// <summary>What the pipeline needs to know from the configuration, whichever host reads it (README, "Configuration").</summary>
public sealed record EngineSettings
{
    public required Uri BinanceApiUrl { get; init; }
    public required Uri BybitApiUrl { get; init; }
    public required Uri CoinbaseApiUrl { get; init; }

    /// <summary>The exchanges asked, in order, when an alert's own exchange cannot answer.</summary>
    public required IReadOnlyList<ExchangeId> FallbackOrder { get; init; }
    public required Uri PushoverApiUrl { get; init; }
    public Uri TelegramApiUrl { get; init; } = ChannelSecrets.DefaultTelegramApiUrl;

    /// <summary>How long the prices the checks saw are kept.</summary>
    public PriceHistoryOptions PriceHistory { get; init; } = new();

    /// <summary>The Google Sheet the sync reads; its key may come from the host's secret instead.</summary>
    public GoogleSheetSettings Sheets { get; init; } = new();
}

/// <summary>
/// How the adapters retry and reach the network: the defaults in production; tests make retries fast, and the
/// simulation gives its own time, wire and randomness.
/// </summary>
public sealed record EngineTuning
{
    public HttpRetryOptions ExchangeRetry { get; init; } = new();
    public HttpRetryOptions PushoverRetry { get; init; } = NotificationRetry.Pushover;

    /// <summary>Null: the Sheets adapter's default.</summary>
    public HttpRetryOptions? SheetsRetry { get; init; }

    /// <summary>Null: the real clock, network and randomness.</summary>
    public HttpRuntime? Runtime { get; init; }
}
