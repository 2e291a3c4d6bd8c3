using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using TradingAlerts.Core.Notifications;

namespace TradingAlerts.Core.Signals;

/// <summary>What an <c>expires_at</c> that has passed means.</summary>
public enum PastExpiry
{
    /// <summary>A mistake: an alert typed now (CLI, sheet, web form) must expire in the future.</summary>
    Refused,

    /// <summary>
    /// An alert restored from a backup (an import) that has expired since: it comes back expired and is never armed
    /// again. No expiry message is sent for it: the import is not when it expired.
    /// </summary>
    Expired,
}

/// <summary>
/// Turns a <see cref="SignalDraft"/> into a new <see cref="Signal"/>, or names every field that is wrong. The pair's base
/// and quote are a first reading of the text (a separator the person typed, or a known quote asset at the end; empty when
/// neither tells); <see cref="SignalIntake"/> settles them against the exchange's listing.
/// </summary>
public sealed partial class SignalValidator(IReadOnlyCollection<ExchangeId> supportedExchanges, TimeProvider clock)
{
    public const int MaxNameLength = 100;
    public const int MaxNotesLength = 500;

    public Signal Create(SignalDraft draft, SignalSource source) => Create(draft, source, PastExpiry.Refused);

    public Signal Create(SignalDraft draft, SignalSource source, PastExpiry pastExpiry)
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

        var target = Price(draft.TargetPrice, "target_price", errors);
        var rule = RuleOf(draft, errors);
        if (conditionText is not null && errors.All(e => e.Field != "condition"))
            CheckConditionFields(condition, draft, target, rule, errors);

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
            else if (parsed <= now && pastExpiry == PastExpiry.Refused)
                errors.Add(new("expires_at", $"must be in the future (got {parsed:u})"));
            else if (parsed >= LatestExpiry)
                errors.Add(new("expires_at", $"must be before {LatestExpiry:yyyy-MM-dd} (got {parsed:u})"));
            else
                expiresAt = parsed;
        }

        if (errors.Count > 0)
            throw new SignalValidationException(errors);

        var status = expiresAt <= now ? SignalStatus.Expired : Conditions.InitialStatus(condition);
        return new Signal
        {
            Id = id ?? NewId(),
            Name = name ?? $"{symbol} {condition.ToWire()} {DefaultNameDetail(condition, target, rule)}",
            Exchange = exchange,
            Symbol = symbol,
            Base = symbolText.Base,
            Quote = symbolText.Quote,
            Condition = condition,
            TargetPrice = target,
            Rule = rule,
            Status = status,
            ArmedAt = status.IsWatched() ? now : null,

            // Not 1: an id removed and created again must never meet a version of its predecessor, or a delayed
            // batch's snapshot of the old alert could claim the new one. Ticks only grow, and an alert takes far fewer
            // writes in its life than ticks pass before the next one is created.
            Version = now.UtcTicks,
            Active = active,
            CreatedAt = now,
            UserId = userId,
            Notes = notes,
            ExpiresAt = expiresAt,
            Source = source,
        };
    }

    /// <summary>The limits people can set: a band needs both bounds, a move a percentage and a window of candles.</summary>
    public static readonly TimeSpan MaxWindow = TimeSpan.FromDays(7);

    public const decimal MaxHysteresisPercent = 50m;

    public const int MaxTemplateLength = 1000;

    /// <summary>An expiry from here on is no expiry a person means, and the time arithmetic around it would overflow.</summary>
    public static readonly DateTimeOffset LatestExpiry = new(9000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static decimal? Price(string? text, string field, List<ValidationError> errors)
    {
        var value = Optional(text);
        if (value is null)
            return null;
        if (PriceText.TryParse(value, out var price) && price > 0m)
            return price;

        errors.Add(new(field, $"must be a positive number such as 65000.5 or 65,000.50 (got '{value}')"));
        return null;
    }

    private static SignalRule RuleOf(SignalDraft draft, List<ValidationError> errors)
    {
        var rule = SignalRule.Default with { Low = Price(draft.Low, "low", errors), High = Price(draft.High, "high", errors) };

        if (Optional(draft.Pct) is { } pctText)
        {
            if (decimal.TryParse(pctText.TrimEnd('%'), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var pct) && pct > 0m && pct <= 1000m)
                rule = rule with { MovePercent = pct };
            else
                errors.Add(new("pct", $"must be a percentage above 0 and at most 1000, such as 5 or 2.5% (got '{pctText}')"));
        }

        if (Optional(draft.Window) is { } windowText)
        {
            if (DurationText.TryParse(windowText, out var window) && window >= TimeSpan.FromMinutes(1) && window <= MaxWindow && window.Ticks % TimeSpan.TicksPerMinute == 0)
                rule = rule with { Window = window };
            else
                errors.Add(new("window", $"must be whole minutes from 1m to 7d, such as 15m, 1h or 24h (got '{windowText}')"));
        }

        if (Optional(draft.Direction) is { } directionText)
        {
            if (WireNames.TryParseDirection(directionText, out var direction))
                rule = rule with { Direction = direction };
            else
                errors.Add(new("direction", $"must be one of {WireNames.Choices<MoveDirection>(WireNames.ToWire)} (got '{directionText}')"));
        }

        if (Optional(draft.Frequency) is { } frequencyText)
        {
            if (WireNames.TryParseFrequency(frequencyText, out var frequency))
                rule = rule with { Frequency = frequency };
            else
                errors.Add(new("frequency", $"must be one of {WireNames.Choices<Frequency>(WireNames.ToWire)} (got '{frequencyText}')"));
        }

        if (Optional(draft.Hysteresis) is { } hysteresisText)
        {
            if (decimal.TryParse(hysteresisText.TrimEnd('%'), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var hysteresis) && hysteresis < MaxHysteresisPercent)
                rule = rule with { HysteresisPercent = hysteresis };
            else
                errors.Add(new("hysteresis", $"must be a percentage from 0 to below {MaxHysteresisPercent}, such as 0.5% (got '{hysteresisText}')"));
        }

        if (Optional(draft.Channels) is { } channelsText)
        {
            if (ChannelNames.TryParseList(channelsText, out var channels))
                rule = rule with { Channels = channels };
            else
                errors.Add(new("channels", $"must list channels ({ChannelNames.Choices}) separated by commas (got '{channelsText}')"));
        }

        if (Optional(draft.Urgent) is { } urgentText)
        {
            if (Flags.TryParse(urgentText, out var urgent))
                rule = rule with { Urgent = urgent };
            else
                errors.Add(new("urgent", $"must be true or false (also yes/no, 1/0; got '{urgentText}')"));
        }

        if (Optional(draft.Template) is { } template)
        {
            var problems = MessageTemplate.Validate(template);
            if (template.Length > MaxTemplateLength)
                errors.Add(new("template", $"must be at most {MaxTemplateLength} characters (got {template.Length})"));
            else if (problems.Count > 0)
                errors.Add(new("template", string.Join("; ", problems)));
            else
                rule = rule with { Template = template };
        }

        if (Optional(draft.Cooldown) is { } cooldownText)
        {
            if (DurationText.TryParse(cooldownText, out var cooldown) && cooldown <= MaxWindow)
                rule = rule with { Cooldown = cooldown };
            else
                errors.Add(new("cooldown", $"must be {DurationText.Example}, at most 7d (got '{cooldownText}')"));
        }

        return rule;
    }

    /// <summary>Each condition takes its own fields and refuses the others', so a typo in the condition is not silently a different alert.</summary>
    private static void CheckConditionFields(Condition condition, SignalDraft draft, decimal? target, SignalRule rule, List<ValidationError> errors)
    {
        var wire = condition.ToWire();
        void Needs(string field, bool present, string example)
        {
            if (!present && errors.All(e => e.Field != field))
                errors.Add(new(field, $"is required for {wire}, e.g. {example}"));
        }

        void Refuses(string field, string? text, string usedBy)
        {
            if (Optional(text) is not null)
                errors.Add(new(field, $"is only for {usedBy}, not {wire}"));
        }

        var isBand = condition == Condition.ChannelExit;
        var isMove = condition == Condition.PctMove;
        if (isBand || isMove)
            Refuses("target_price", draft.TargetPrice, "above, below and the crossing conditions");
        else
            Needs("target_price", target is not null, "65000.5");

        if (isBand)
        {
            Needs("low", rule.Low is not null, "60000");
            Needs("high", rule.High is not null, "70000");
            if (rule.Low >= rule.High)
                errors.Add(new("high", $"must be above low ({PriceText.Format(rule.Low!.Value)})"));
        }
        else
        {
            Refuses("low", draft.Low, "channel_exit");
            Refuses("high", draft.High, "channel_exit");
        }

        if (isMove)
        {
            Needs("pct", rule.MovePercent is not null, "5");
            Needs("window", rule.Window is not null, "1h");
        }
        else
        {
            Refuses("pct", draft.Pct, "pct_move");
            Refuses("window", draft.Window, "pct_move");
            Refuses("direction", draft.Direction, "pct_move");
        }
    }

    private static string DefaultNameDetail(Condition condition, decimal? target, SignalRule rule) => condition switch
    {
        Condition.ChannelExit => $"{PriceText.Format(rule.Low!.Value)}-{PriceText.Format(rule.High!.Value)}",
        Condition.PctMove => $"{PriceText.Format(rule.MovePercent!.Value)}% {DurationText.Format(rule.Window!.Value)}",
        _ => PriceText.Format(target!.Value),
    };

    /// <summary>Whether the text is a Pushover user or group key: an alert's recipient, an account's default.</summary>
    public static bool IsPushoverKey(string key) => PushoverKeyPattern().IsMatch(key);

    public static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));

    private string Choices() => string.Join(" | ", supportedExchanges.Order().Select(e => e.ToWire()));

    private static string? Optional(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>A date alone means midnight UTC at its start; a time without an offset is UTC.</summary>
    public static bool TryParseTime(string text, out DateTimeOffset time) =>
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
