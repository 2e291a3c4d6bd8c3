using System.Globalization;
using TradingAlerts.Core.Notifications;
using TradingAlerts.Core.Signals;
using TradingAlerts.Core.Transfer;
using TradingAlerts.Simulation.World;
using TradingAlerts.Storage;

namespace TradingAlerts.Simulation.Processes;

/// <summary>
/// The people: they add alerts as <c>signals add</c> does (the same validation), edit them as an import or a sheet row
/// does, disable, enable and remove them, on the same store the monitor uses, whenever the plan says.
/// </summary>
internal sealed class Users(SimWorld world)
{
    private readonly SqliteSignalStore store = new(world.DatabasePath);
    private readonly SignalValidator validator = new([ExchangeId.Binance, ExchangeId.Bybit, ExchangeId.Coinbase], world.Time);

    public async Task SetUpAsync()
    {
        await store.InitializeAsync(CancellationToken.None);
        foreach (var recipient in world.Plan.Recipients)
        {
            var quiet = recipient.QuietStart is { } from && recipient.QuietEnd is { } to ? $"{from:HH\\:mm}-{to:HH\\:mm}" : null;
            await store.PutRecipientAsync(new Recipient { Id = recipient.Key }.With(null, null, recipient.WebhookUrl, quiet, quiet is null ? null : "UTC"), CancellationToken.None);
        }
    }

    public async Task ApplyAsync(WorldEvent change)
    {
        var ct = CancellationToken.None;
        switch (change)
        {
            case AlertAdded added:
                await store.AddAsync(validator.Create(Draft(added.Alert), SignalSource.Cli), ct);
                break;
            case AlertEdited edited:
                var draft = Draft(edited.Alert);
                var candidate = validator.Create(draft, SignalSource.Cli);
                while (await store.GetAsync(edited.Alert.Id, ct) is { } existing && !await store.UpdateAsync(existing.WithRowValues(candidate, draft), ct))
                {
                    // Written by the monitor since it was read: read it again.
                }

                break;
            case AlertRemoved removed:
                await store.RemoveAsync(removed.Id, ct);
                break;
            case AlertDisabled disabled:
                await store.SetActiveAsync(disabled.Id, false, world.Time, ct);
                break;
            case AlertEnabled enabled:
                await store.SetActiveAsync(enabled.Id, true, world.Time, ct);
                break;
        }
    }

    /// <summary>The alert as a person types it: the flags of <c>signals add</c>, as text.</summary>
    public static SignalDraft Draft(AlertPlan alert)
    {
        var d = alert.Definition;
        string? Text(decimal? value) => value?.ToString(CultureInfo.InvariantCulture);
        return new SignalDraft
        {
            Id = alert.Id,
            Name = alert.Name,
            Exchange = alert.Exchange.ToWire(),
            Symbol = $"{alert.Pair.Base}/{alert.Pair.Quote}",
            Condition = d.Condition,
            TargetPrice = Text(d.Target),
            Low = Text(d.Low),
            High = Text(d.High),
            Pct = Text(d.Pct),
            Window = d.Window is { } window ? DurationText.Format(window) : null,
            Direction = d.Condition == "pct_move" ? d.Direction : null,
            Frequency = d.Rearm ? "rearm" : "once",
            Hysteresis = $"{Text(d.Hysteresis)}%",
            Cooldown = DurationText.Format(d.Cooldown),
            Channels = string.Join(',', d.Channels),
            Urgent = d.Urgent ? "true" : "false",
            UserId = alert.Recipient,
            ExpiresAt = alert.ExpiresAt?.ToString("O", CultureInfo.InvariantCulture),
        };
    }
}
