using TradingAlerts.Core.Accounts;
using TradingAlerts.Core.Prices;

namespace TradingAlerts.Core.Signals;

/// <summary>A new alert, and what the person should know about it (a symbol that could not be checked, a halted market).</summary>
public sealed record IntakeResult(Signal Signal, IReadOnlyList<string> Warnings);

/// <summary>
/// How every new alert enters (CLI, import, sheet, web form): validated field by field, then its symbol checked against
/// the exchange's listing, which settles base and quote and rejects an unknown symbol with the closest listed ones.
/// When the listing cannot be had, the alert is accepted on the text's own split, with a warning. Its owner must name an
/// account; with none named it is the first admin's (nobody's while there is no account, as before teams).
/// </summary>
/// <param name="accounts">Null: a host without accounts (as a store that holds none).</param>
public sealed class SignalIntake(SignalValidator validator, MarketDirectory markets, IAccountStore? accounts = null)
{
    /// <summary>Whose an alert is when its draft names nobody: the first admin, or null with no accounts.</summary>
    public async Task<string?> DefaultOwnerAsync(CancellationToken ct) =>
        accounts is null ? null : (await accounts.FirstAdminAsync(ct))?.Name;

    public Task<IntakeResult> CreateAsync(SignalDraft draft, SignalSource source, CancellationToken ct) =>
        CreateAsync(draft, source, PastExpiry.Refused, ct);

    public async Task<IntakeResult> CreateAsync(SignalDraft draft, SignalSource source, PastExpiry pastExpiry, CancellationToken ct)
    {
        var (owner, ownerError) = await OwnerAsync(draft.Owner, ct);
        Signal signal;
        try
        {
            signal = validator.Create(draft, source, pastExpiry) with { Owner = owner };
        }
        catch (SignalValidationException e) when (ownerError is not null)
        {
            throw new SignalValidationException([.. e.Errors, ownerError]);
        }

        if (ownerError is not null)
            throw new SignalValidationException([ownerError]);

        var text = Symbols.Parse(draft.Symbol);
        Listing listing;
        try
        {
            listing = await markets.GetListingAsync(signal.Exchange, ct);
        }
        catch (ExchangeUnavailableException e)
        {
            if (text.Base.Length == 0)
                throw Invalid($"cannot tell base from quote in '{draft.Symbol?.Trim()}' and {e.Message}; write it as BASE/QUOTE, e.g. BTC/USDT");

            return new IntakeResult(signal, [$"{signal.Symbol} could not be checked against {signal.Exchange.ToWire()}'s listing ({e.Reason}); accepted as {text.Base}/{text.Quote}"]);
        }

        var instrument = listing.Find(signal.Symbol);
        if (instrument is null || (text.SplitByUser && (instrument.Base, instrument.Quote) != (text.Base, text.Quote)))
        {
            var closest = listing.Closest(signal.Symbol);
            var hint = closest.Count > 0 ? $"; closest: {string.Join(", ", closest)}" : string.Empty;
            throw Invalid($"{(text.SplitByUser ? $"{text.Base}/{text.Quote}" : signal.Symbol)} is not listed on {signal.Exchange.ToWire()}{hint}");
        }

        var warnings = instrument.IsTrading
            ? []
            : new[] { $"{signal.Symbol} is listed on {signal.Exchange.ToWire()} but not trading now; other exchanges' prices are used until it is" };
        return new IntakeResult(signal with { Base = instrument.Base, Quote = instrument.Quote }, warnings);
    }

    private async Task<(string? Owner, ValidationError? Error)> OwnerAsync(string? text, CancellationToken ct)
    {
        var name = string.IsNullOrWhiteSpace(text) ? null : text.Trim();
        if (name is null)
            return (await DefaultOwnerAsync(ct), null);

        return AccountNames.Refusal(name) is null && accounts is not null && await accounts.GetAccountAsync(name, ct) is not null
            ? (name, null)
            : (null, new ValidationError("owner", $"no account named '{name}'"));
    }

    private static SignalValidationException Invalid(string message) => new([new ValidationError("symbol", message)]);
}
