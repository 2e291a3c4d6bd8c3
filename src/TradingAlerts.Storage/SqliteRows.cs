using TradingAlerts.Core.Notifications;

namespace TradingAlerts.Storage;

/// <summary>
/// An alert as a row of signals, a firing as a row of firings: the alerts' claim writes firings as the deliveries do,
/// so both read and bind them here.
/// </summary>
internal static class SqliteRows
{
    public static void BindSignal(SqliteCommand command, Signal signal)
    {
        Bind(command, "$id", signal.Id);
        Bind(command, "$name", signal.Name);
        Bind(command, "$exchange", signal.Exchange.ToWire());
        Bind(command, "$symbol", signal.Symbol);
        Bind(command, "$condition", signal.Condition.ToWire());
        Bind(command, "$target_price", signal.TargetPrice is { } target ? StoredText.FromPrice(target) : null);
        Bind(command, "$status", signal.Status.ToWire());
        Bind(command, "$active", signal.Active);
        Bind(command, "$created_at", StoredText.FromTime(signal.CreatedAt));
        Bind(command, "$triggered_at", TimeOrNull(signal.TriggeredAt));
        Bind(command, "$triggered_count", signal.TriggeredCount);
        Bind(command, "$user_id", signal.UserId);
        Bind(command, "$notes", signal.Notes);
        Bind(command, "$expires_at", TimeOrNull(signal.ExpiresAt));
        Bind(command, "$source", signal.Source.ToWire());
        Bind(command, "$version", signal.Version);
        Bind(command, "$base_asset", signal.Base);
        Bind(command, "$quote_asset", signal.Quote);
        Bind(command, "$sheet_key", signal.SheetKey);
        Bind(command, "$rule", signal.Rule == SignalRule.Default ? null : signal.Rule.ToJson());
        Bind(command, "$side", signal.Side?.ToWire());
        Bind(command, "$armed_at", TimeOrNull(signal.ArmedAt));
        Bind(command, "$owner", signal.Owner);
        BindPlace(command, TriggerBook.PlaceOf(signal));
    }

    /// <summary>
    /// An alert's place in the trigger book: the levels and a percent move's percent as REAL (their order is all the
    /// index needs), the due time as text, a percent move's window in milliseconds.
    /// </summary>
    public static void BindPlace(SqliteCommand command, BookPlace place)
    {
        Bind(command, "$rises_to", place.RisesTo is { } rises ? (double)rises : null);
        Bind(command, "$falls_to", place.FallsTo is { } falls ? (double)falls : null);
        Bind(command, "$book_due", TimeOrNull(place.DueAt));
        Bind(command, "$move_window", place.Move is { } move ? move.Group.Window.Ticks / TimeSpan.TicksPerMillisecond : null);
        Bind(command, "$move_direction", place.Move?.Group.Direction.ToWire());
        Bind(command, "$move_percent", place.Move is { } moving ? (double)moving.Percent : null);
    }

    public static Signal ReadSignal(SqliteDataReader row) => new()
    {
        Id = row.Text("id"),
        Name = row.Text("name"),
        Exchange = row.Word<ExchangeId>("exchange"),
        Symbol = row.Text("symbol"),
        Condition = row.Word<Condition>("condition"),
        TargetPrice = row.PriceOrNull("target_price"),
        Status = row.Word<SignalStatus>("status"),
        Active = row.Flag("active"),
        CreatedAt = row.Time("created_at"),
        TriggeredAt = row.TimeOrNull("triggered_at"),
        TriggeredCount = row.GetInt32(row.GetOrdinal("triggered_count")),
        UserId = row.TextOrNull("user_id"),
        Notes = row.TextOrNull("notes"),
        ExpiresAt = row.TimeOrNull("expires_at"),
        Source = row.Word<SignalSource>("source"),
        Version = row.GetInt64(row.GetOrdinal("version")),
        Base = row.Text("base_asset"),
        Quote = row.Text("quote_asset"),
        SheetKey = row.TextOrNull("sheet_key"),
        Rule = SignalRule.FromJson(row.TextOrNull("rule")),
        Side = row.WordOrNull<PriceSide>("side"),
        ArmedAt = row.TimeOrNull("armed_at"),
        Owner = row.TextOrNull("owner"),
    };

    public static void BindDelivery(SqliteCommand insert, Delivery firing)
    {
        Bind(insert, "$trigger_id", firing.TriggerId);
        Bind(insert, "$signal_id", firing.SignalId);
        Bind(insert, "$cycle_id", firing.CycleId);
        Bind(insert, "$fired_at", StoredText.FromTime(firing.FiredAt));
        Bind(insert, "$price", StoredText.FromPrice(firing.Price));
        Bind(insert, "$price_exchange", firing.PriceExchange.ToWire());
        Bind(insert, "$recipient", firing.Recipient);
        Bind(insert, "$title", firing.Title);
        Bind(insert, "$message", firing.Message);
        Bind(insert, "$attempts", firing.Attempts);
        Bind(insert, "$next_attempt_at", TimeOrNull(firing.NextAttemptAt));
        Bind(insert, "$last_response", firing.LastResponse);
        Bind(insert, "$sent_at", TimeOrNull(firing.SentAt));
        Bind(insert, "$channel", firing.Channel.ToWire());
        Bind(insert, "$urgent", firing.Urgent);
        Bind(insert, "$receipt", firing.Receipt);
        Bind(insert, "$held", firing.Held);
        Bind(insert, "$facts", FiringFactsJson.Write(firing.Facts));
        Bind(insert, "$maybe_sent", firing.MaybeSent);
    }

    public static Delivery ReadDelivery(SqliteDataReader row) => new()
    {
        TriggerId = row.Text("trigger_id"),
        SignalId = row.Text("signal_id"),
        CycleId = row.Text("cycle_id"),
        FiredAt = row.Time("fired_at"),
        Price = row.Price("price"),
        PriceExchange = row.Word<ExchangeId>("price_exchange"),
        Recipient = row.TextOrNull("recipient"),
        Title = row.Text("title"),
        Message = row.Text("message"),
        DeliveryStatus = row.Word<DeliveryStatus>("delivery_status"),
        Attempts = row.GetInt32(row.GetOrdinal("attempts")),
        NextAttemptAt = row.TimeOrNull("next_attempt_at"),
        LastResponse = row.TextOrNull("last_response"),
        SentAt = row.TimeOrNull("sent_at"),
        Channel = row.Word<Channels>("channel"),
        Urgent = row.Flag("urgent"),
        Receipt = row.TextOrNull("receipt"),
        Held = row.Flag("held"),
        Facts = FiringFactsJson.Read(row.TextOrNull("facts")),
        MaybeSent = row.Flag("maybe_sent"),
    };
}
