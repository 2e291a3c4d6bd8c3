using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using TradingAlerts.Core.Pipeline;
using TradingAlerts.Core.Signals;

namespace TradingAlerts.Aws.Sqs;

/// <summary>
/// The body of one queue message: one <see cref="SignalBatch"/> as snake_case JSON. Prices travel as strings so that
/// every digit of a <see cref="decimal"/> arrives; enums travel as the model's lowercase wire words.
/// </summary>
public static class SignalBatchMessage
{
    public static string Serialize(SignalBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var wire = new SignalBatchWire
        {
            CycleId = batch.CycleId,
            Since = batch.Since,
            CycleStart = batch.CycleStart,
            SinceGap = batch.SinceGap ? true : null,
            CycleAlerts = batch.CycleAlerts,
            FirstLook = batch.FirstLook ? true : null,
            Exchange = batch.Exchange.ToWire(),
            Markets = batch.Markets.Count == 0 ? null : [.. batch.Markets.Select(m => (MarketWire?)new MarketWire { Symbol = m.Symbol, Base = m.Base, Quote = m.Quote })],
            Signals = batch.Signals.Select(s => (SignalSnapshotWire?)new SignalSnapshotWire
            {
                Id = s.Id,
                Version = s.Version,
                Name = s.Name,
                Exchange = s.Exchange.ToWire(),
                Symbol = s.Symbol,
                Base = s.Base,
                Quote = s.Quote,
                Condition = s.Condition.ToWire(),
                TargetPrice = s.TargetPrice?.ToString(CultureInfo.InvariantCulture),
                Status = s.Status.ToWire(),
                UserId = s.UserId,
                Notes = s.Notes,
                CreatedAt = s.CreatedAt,
                ExpiresAt = s.ExpiresAt,
                Rule = s.Rule == SignalRule.Default ? null : s.Rule.ToJson(),
                Side = s.Side?.ToWire(),
                TriggeredAt = s.TriggeredAt,
                ArmedAt = s.ArmedAt,
                Owner = s.Owner,
            }).ToList(),
        };
        return JsonSerializer.Serialize(wire, SignalBatchJsonContext.Default.SignalBatchWire);
    }

    /// <summary>A received message for Core's <see cref="QueueConsumer"/>: its batch, or why its body is not one.</summary>
    public static QueueMessage ToQueueMessage(string id, string? body)
    {
        try
        {
            return new QueueMessage(id, Deserialize(body ?? string.Empty));
        }
        catch (FormatException e)
        {
            return new QueueMessage(id, null, e.Message);
        }
    }

    /// <summary>Reads a body written by <see cref="Serialize"/>.</summary>
    /// <exception cref="FormatException">The body is not such a message; the text says what is wrong.</exception>
    public static SignalBatch Deserialize(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
            throw new FormatException("signal batch message: the body is empty");

        SignalBatchWire? wire;
        try
        {
            wire = JsonSerializer.Deserialize(body, SignalBatchJsonContext.Default.SignalBatchWire);
        }
        catch (JsonException e)
        {
            throw new FormatException($"signal batch message: not the expected JSON ({e.Message})", e);
        }

        if (wire is null)
            throw new FormatException("signal batch message: the body is JSON null");
        if (string.IsNullOrWhiteSpace(wire.CycleId))
            throw new FormatException("signal batch message: cycle_id is missing");

        if (wire.CycleAlerts < 0)
            throw new FormatException($"signal batch message: cycle_alerts {wire.CycleAlerts} is negative");

        var exchange = Exchange(wire.Exchange, "exchange");
        if (wire.Signals is null)
            throw new FormatException("signal batch message: signals is missing");

        var signals = wire.Signals.Select((s, i) => Snapshot(s, $"signals[{i}]")).ToList();
        var markets = (wire.Markets ?? []).Select((m, i) => Market(exchange, m, $"markets[{i}]")).ToList();
        return new SignalBatch(wire.CycleId, exchange, signals, wire.Since)
        {
            CycleStart = wire.CycleStart,
            SinceGap = wire.SinceGap == true,
            CycleAlerts = wire.CycleAlerts,
            Markets = markets,
            FirstLook = wire.FirstLook == true,
        };
    }

    private static Market Market(ExchangeId exchange, MarketWire? m, string where)
    {
        if (m is null)
            throw new FormatException($"signal batch message: {where} is null");

        string Required(string? value, string field) =>
            string.IsNullOrWhiteSpace(value) ? throw new FormatException($"signal batch message: {where}.{field} is missing") : value;
        return new Market(exchange, Required(m.Symbol, "symbol"), Required(m.Base, "base"), Required(m.Quote, "quote"));
    }

    private static SignalSnapshot Snapshot(SignalSnapshotWire? s, string where)
    {
        if (s is null)
            throw new FormatException($"signal batch message: {where} is null");

        string Required(string? value, string field) =>
            string.IsNullOrWhiteSpace(value) ? throw new FormatException($"signal batch message: {where}.{field} is missing") : value;

        var id = Required(s.Id, "id");
        if (!WireNames.TryParseCondition(s.Condition, out var condition))
            throw new FormatException($"signal batch message: {where}.condition '{s.Condition}' is not one of {WireNames.Choices<Condition>(WireNames.ToWire)}");
        if (!WireNames.TryParseStatus(s.Status, out var status))
            throw new FormatException($"signal batch message: {where}.status '{s.Status}' is not one of {WireNames.Choices<SignalStatus>(WireNames.ToWire)}");

        decimal? target = null;
        if (s.TargetPrice is { } price)
        {
            target = decimal.TryParse(price, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var parsed)
                ? parsed
                : throw new FormatException($"signal batch message: {where}.target_price '{price}' is not a decimal number");
        }

        PriceSide? side = null;
        if (s.Side is { } sideText)
        {
            side = WireNames.TryParseSide(sideText, out var parsed)
                ? parsed
                : throw new FormatException($"signal batch message: {where}.side '{sideText}' is not one of {WireNames.Choices<PriceSide>(WireNames.ToWire)}");
        }

        SignalRule rule;
        try
        {
            rule = SignalRule.FromJson(s.Rule);
        }
        catch (JsonException e)
        {
            throw new FormatException($"signal batch message: {where}.rule is not a rule ({e.Message})", e);
        }

        return new SignalSnapshot(
            id,
            s.Version ?? throw new FormatException($"signal batch message: {where}.version is missing"),
            s.Name ?? throw new FormatException($"signal batch message: {where}.name is missing"),
            Exchange(s.Exchange, $"{where}.exchange"),
            Required(s.Symbol, "symbol"),
            Required(s.Base, "base"),
            Required(s.Quote, "quote"),
            condition,
            target,
            status,
            s.UserId,
            s.Notes,
            s.CreatedAt ?? throw new FormatException($"signal batch message: {where}.created_at is missing"),
            s.ExpiresAt)
        {
            Rule = rule,
            Side = side,
            TriggeredAt = s.TriggeredAt,
            ArmedAt = s.ArmedAt,
            Owner = s.Owner,
        };
    }

    private static ExchangeId Exchange(string? text, string field)
    {
        if (string.IsNullOrWhiteSpace(text))
            throw new FormatException($"signal batch message: {field} is missing");
        if (!WireNames.TryParseExchange(text, out var exchange))
            throw new FormatException($"signal batch message: {field} '{text}' is not a known exchange ({WireNames.Choices<ExchangeId>(WireNames.ToWire)})");
        return exchange;
    }
}

internal sealed record SignalBatchWire
{
    public string? CycleId { get; init; }
    public DateTimeOffset? Since { get; init; }

    /// <summary>When the cycle started; absent in messages of a Reader that did not send it (the batch then records no coverage).</summary>
    public DateTimeOffset? CycleStart { get; init; }

    /// <summary>True when since is the start of a gap the batch closes if it evaluates whole; absent otherwise.</summary>
    public bool? SinceGap { get; init; }

    /// <summary>How many alerts the whole cycle queued; absent in messages of a Reader that did not send it (the batch then keeps no outcome).</summary>
    public int? CycleAlerts { get; init; }

    /// <summary>True when the exchange has no coverage yet (see <see cref="SignalBatch.FirstLook"/>); absent otherwise.</summary>
    public bool? FirstLook { get; init; }

    public string? Exchange { get; init; }
    public List<SignalSnapshotWire?>? Signals { get; init; }

    /// <summary>The markets whose alerts the Worker reads from the trigger book; absent in a batch of alerts sent whole.</summary>
    public List<MarketWire?>? Markets { get; init; }
}

internal sealed record MarketWire
{
    public string? Symbol { get; init; }
    public string? Base { get; init; }
    public string? Quote { get; init; }
}

internal sealed record SignalSnapshotWire
{
    public string? Id { get; init; }
    public long? Version { get; init; }
    public string? Name { get; init; }
    public string? Exchange { get; init; }
    public string? Symbol { get; init; }
    public string? Base { get; init; }
    public string? Quote { get; init; }
    public string? Condition { get; init; }
    public string? TargetPrice { get; init; }
    public string? Status { get; init; }
    public string? UserId { get; init; }
    public string? Notes { get; init; }
    public DateTimeOffset? CreatedAt { get; init; }

    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>The alert's rule as its own JSON (see <see cref="SignalRule.ToJson"/>); absent for the default rule.</summary>
    public string? Rule { get; init; }
    public string? Side { get; init; }
    public DateTimeOffset? TriggeredAt { get; init; }

    /// <summary>Since when the alert has been armed; absent while it waits, and in messages of a Reader that did not send it.</summary>
    public DateTimeOffset? ArmedAt { get; init; }

    /// <summary>The account the alert belongs to; absent for an alert of no account, and in messages of a Reader that did not send it.</summary>
    public string? Owner { get; init; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SignalBatchWire))]
internal sealed partial class SignalBatchJsonContext : JsonSerializerContext;
