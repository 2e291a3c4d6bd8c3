using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace TradingAlerts.Core.Signals;

/// <summary>
/// Turns a <see cref="SignalDraft"/> into a new <see cref="Signal"/>, or names every field that is wrong. The pair's base
/// and quote are a first reading of the text (a separator the person typed, or a known quote asset at the end; empty when
/// neither tells); <see cref="SignalIntake"/> settles them against the exchange's listing.
/// </summary>
public sealed partial class SignalValidator(IReadOnlyCollection<ExchangeId> supportedExchanges, TimeProvider clock)
{
    public const int MaxNameLength = 100;
    public const int MaxNotesLength = 500;

    public Signal Create(SignalDraft draft, SignalSource source)
    {
        var errors = new List<ValidationError>();
        var now = clock.GetUtcNow();

        var id = Optional(draft.Id);
        if (id is not null && !IdPattern().IsMatch(id))
            errors.Add(new("id", $"must be 1 to 64 letters, digits, '-' or '_' (got '{id}')"));

        var exchange = ExchangeId.Binance;
        var exchangeText = Optional(draft.Exchange);
        if (exchangeText is null)
            errors.Add(new("exchange", $"is required ({Choices()})"));
        else if (!WireNames.TryParseExchange(exchangeText, out exchange))
            errors.Add(new("exchange", $"must be one of {Choices()} (got '{exchangeText}')"));
        else if (!supportedExchanges.Contains(exchange))
            errors.Add(new("exchange", $"{exchange.ToWire()} has no price source in this installation (available: {Choices()})"));

        var symbolText = Symbols.Parse(draft.Symbol);
        var symbol = symbolText.Normalized;
        if (string.IsNullOrEmpty(symbol))
            errors.Add(new("symbol", "is required, e.g. BTCUSDT"));
        else if (!Symbols.IsWellFormed(symbol))
            errors.Add(new("symbol", $"must be 2 to 30 letters or digits, optionally split by '/', '-' or '_' (got '{draft.Symbol?.Trim()}')"));

        var condition = Condition.Above;
        var conditionText = Optional(draft.Condition);
        if (conditionText is null)
            errors.Add(new("condition", $"is required ({WireNames.Choices<Condition>(WireNames.ToWire)})"));
        else if (!WireNames.TryParseCondition(conditionText, out condition))
            errors.Add(new("condition", $"must be one of {WireNames.Choices<Condition>(WireNames.ToWire)} (got '{conditionText}')"));

        var target = 0m;
        var targetText = Optional(draft.TargetPrice);
        if (targetText is null)
            errors.Add(new("target_price", "is required, e.g. 65000.5"));
        else if (!PriceText.TryParse(targetText, out target) || target <= 0m)
            errors.Add(new("target_price", $"must be a positive number such as 65000.5 or 65,000.50 (got '{targetText}')"));

        var active = true;
        var activeText = Optional(draft.Active);
        if (activeText is not null && !Flags.TryParse(activeText, out active))
            errors.Add(new("active", $"must be true or false (also yes/no, 1/0; got '{activeText}')"));

        var userId = Optional(draft.UserId);
        if (userId is not null && !PushoverKeyPattern().IsMatch(userId))
            errors.Add(new("user_id", "must be a 30-character Pushover user or group key (letters and digits)"));

        var name = Optional(draft.Name);
        if (name is { Length: > MaxNameLength })
            errors.Add(new("name", $"must be at most {MaxNameLength} characters (got {name.Length})"));

        var notes = Optional(draft.Notes);
        if (notes is { Length: > MaxNotesLength })
            errors.Add(new("notes", $"must be at most {MaxNotesLength} characters (got {notes.Length})"));

        DateTimeOffset? expiresAt = null;
        var expiresText = Optional(draft.ExpiresAt);
        if (expiresText is not null)
        {
            if (!TryParseTime(expiresText, out var parsed))
                errors.Add(new("expires_at", $"must be a date or time such as 2026-12-31 or 2026-12-31T18:00:00Z (got '{expiresText}')"));
            else if (parsed <= now)
                errors.Add(new("expires_at", $"must be in the future (got {parsed:u})"));
            else
                expiresAt = parsed;
        }

        if (errors.Count > 0)
            throw new SignalValidationException(errors);

        return new Signal
        {
            Id = id ?? NewId(),
            Name = name ?? $"{symbol} {condition.ToWire()} {PriceText.Format(target)}",
            Exchange = exchange,
            Symbol = symbol,
            Base = symbolText.Base,
            Quote = symbolText.Quote,
            Condition = condition,
            TargetPrice = target,
            Active = active,
            CreatedAt = now,
            UserId = userId,
            Notes = notes,
            ExpiresAt = expiresAt,
            Source = source,
        };
    }

    public static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));

    private string Choices() => string.Join(" | ", supportedExchanges.Order().Select(e => e.ToWire()));

    private static string? Optional(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>A date alone means midnight UTC at its start; a time without an offset is UTC.</summary>
    private static bool TryParseTime(string text, out DateTimeOffset time) =>
        DateTimeOffset.TryParse(
            text,
            CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal,
            out time);

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("^[A-Za-z0-9]{30}$")]
    private static partial Regex PushoverKeyPattern();
}
