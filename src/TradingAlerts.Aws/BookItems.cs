using System.Globalization;

namespace TradingAlerts.Aws;

/// <summary>
/// The trigger book on DynamoDB. An alert's place (<see cref="TriggerBook"/>) is up to three items, one per side:
/// <c>book#&lt;id&gt;#rises</c>, <c>#falls</c>, <c>#due</c>, in the <see cref="SignalTable.BookIndex"/> under two partitions a
/// market, each with a number sort key: <c>&lt;exchange&gt;#&lt;symbol&gt;#up</c> holds the levels it waits to rise to and,
/// below zero, minus the times it is due (epoch milliseconds); <c>#down</c> the levels it waits to fall to. Prices are
/// positive, so one range, from minus the time a check reaches up to the level it rises to, reads both what the price
/// rose to and what is due: two queries a market, each billed at least half a read unit. A pending percent move has no
/// level: its first item holds its percent under <c>#move#&lt;window ms&gt;#&lt;direction&gt;</c>, one partition per group of
/// the market (<see cref="MoveGroup"/>), which the <c>moves#&lt;exchange&gt;</c> item names. A GSI holds an item once, and
/// a channel or a crossing not yet armed waits on both sides, so the sides are items of their own; they are written in
/// the alert's own transaction, so the book never disagrees with the alert it indexes. (The book's first layout kept
/// the due times in a third partition, <c>#due</c>, beside <c>#rises</c> and <c>#falls</c>, which this version reads
/// nothing of: its alerts sit in lower armed shards until a write places them, <see cref="SignalTable.PlacedShards"/>.)
/// </summary>
internal static class BookItems
{
    private const string Rises = "rises";
    private const string Falls = "falls";
    private const string Due = "due";

    /// <summary>The partition of what a rising price or the passing time reaches.</summary>
    private const string Up = "up";

    /// <summary>The partition of what a falling price reaches.</summary>
    private const string Down = "down";

    /// <summary>The start of a percent-move group's partition.</summary>
    private const string Move = "move";

    private static readonly string[] Sides = [Rises, Falls, Due];

    /// <summary>The transaction's writes that leave the alert's book items at <paramref name="place"/>: a put per side it has, a delete per side it has not.</summary>
    public static IEnumerable<TransactWriteItem> Writes(string tableName, string id, ExchangeId exchange, string symbol, BookPlace place)
    {
        foreach (var side in Sides)
        {
            yield return AtOf(place, side) is var (partition, value)
                ? new TransactWriteItem
                {
                    Put = new Put
                    {
                        TableName = tableName,
                        Item = new()
                        {
                            [Attr.Id] = S(ItemId(id, side)),
                            [Attr.Kind] = S(Kinds.Book),
                            [Attr.Book] = S(BookKey(exchange, symbol, partition)),
                            [Attr.BookAt] = value,
                        },
                    },
                }
                : Delete(tableName, id, side);
        }
    }

    /// <summary>The transaction's deletes of every book item of the alert: for its removal.</summary>
    public static IEnumerable<TransactWriteItem> Deletes(string tableName, string id) => Sides.Select(side => Delete(tableName, id, side));

    private static TransactWriteItem Delete(string tableName, string id, string side) =>
        new() { Delete = new Delete { TableName = tableName, Key = Key(ItemId(id, side)) } };

    /// <summary>Only the puts of <see cref="Writes"/>: for a new alert, which has no book items to delete.</summary>
    public static IEnumerable<TransactWriteItem> Puts(string tableName, string id, ExchangeId exchange, string symbol, BookPlace place) =>
        Writes(tableName, id, exchange, symbol, place).Where(w => w.Put is not null);

    /// <summary>The two queries of one market's book a window reaches: what is due and the levels up to where it rises, then the levels down to where it falls.</summary>
    public static IEnumerable<QueryRequest> Queries(ExchangeId exchange, string symbol, BookWindow window)
    {
        yield return Query(BookKey(exchange, symbol, Up), "BETWEEN :due AND :rises", new() { [":due"] = N(-window.DueBy.ToUnixTimeMilliseconds()), [":rises"] = N(window.RisesUpTo) });
        yield return Query(BookKey(exchange, symbol, Down), ">= :falls", new() { [":falls"] = N(window.FallsDownTo) });
    }

    /// <summary>For each percent-move group of the window, the query of the percent moves its move reaches.</summary>
    public static IEnumerable<QueryRequest> MoveQueries(ExchangeId exchange, string symbol, BookWindow window) =>
        window.MovesUpTo.Select(move => Query(BookKey(exchange, symbol, MovePartition(move.Key)), "<= :up_to", new() { [":up_to"] = N(move.Value) }));

    /// <summary>The query that finds whether a percent-move group still holds an alert: one key, the least percent.</summary>
    public static QueryRequest MoveGroupHeld(ExchangeId exchange, string symbol, MoveGroup group)
    {
        var query = Query(BookKey(exchange, symbol, MovePartition(group)), "<= :up_to", new() { [":up_to"] = N(decimal.MaxValue) });
        query.Limit = 1;
        return query;
    }

    /// <summary>The moves item of an exchange holds each percent-move group of its markets as one string: the symbol, the window in milliseconds and the direction.</summary>
    public static string MovesItemId(ExchangeId exchange) => MovesPrefix + exchange.ToWire();

    public static string MoveEntry(string symbol, MoveGroup group) =>
        string.Create(CultureInfo.InvariantCulture, $"{symbol} {WindowMs(group)} {group.Direction.ToWire()}");

    public static (string Symbol, MoveGroup Group) MoveGroupOf(string entry)
    {
        var parts = entry.Split(' ');
        return parts.Length == 3 && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var ms) && WireNames.TryParseDirection(parts[2], out var direction)
            ? (parts[0], new MoveGroup(TimeSpan.FromMilliseconds(ms), direction))
            : throw Unreadable(Attr.Moves, $"holding '{entry}', not 'symbol window-ms direction'");
    }

    /// <summary>The alert id a book item belongs to (its key is <c>book#&lt;id&gt;#&lt;side&gt;</c>; alert ids hold no '#').</summary>
    public static string SignalIdOf(Dictionary<string, AttributeValue> bookItem)
    {
        var key = Text(bookItem, Attr.Id);
        return key[BookPrefix.Length..key.LastIndexOf('#')];
    }

    /// <summary>The markets item of an exchange holds each market as one string: its symbol, base and quote, space-separated (none holds a space).</summary>
    public static string MarketsItemId(ExchangeId exchange) => MarketsPrefix + exchange.ToWire();

    public static string MarketEntry(Market market) => string.Join(' ', market.Symbol, market.Base, market.Quote);

    public static Market MarketOf(ExchangeId exchange, string entry)
    {
        var parts = entry.Split(' ');
        return parts.Length == 3 ? new Market(exchange, parts[0], parts[1], parts[2]) : throw Unreadable(Attr.Markets, $"holding '{entry}', not 'symbol base quote'");
    }

    /// <summary>A query of one partition of the book over a range of its sort key, <paramref name="bounds"/> the range's values.</summary>
    private static QueryRequest Query(string book, string range, Dictionary<string, AttributeValue> bounds)
    {
        bounds[":book"] = S(book);
        return new()
        {
            IndexName = BookIndex,
            KeyConditionExpression = $"#book = :book AND #book_at {range}",
            ExpressionAttributeNames = new() { ["#book"] = Attr.Book, ["#book_at"] = Attr.BookAt },
            ExpressionAttributeValues = bounds,
        };
    }

    /// <summary>Where one side's item of the place goes: its partition and sort key; null when the place has no such side.</summary>
    private static (string Partition, AttributeValue At)? AtOf(BookPlace place, string side) => side switch
    {
        Rises when place.RisesTo is { } rises => (Up, N(rises)),
        Rises when place.Move is { } move => (MovePartition(move.Group), N(move.Percent)),
        Falls when place.FallsTo is { } falls => (Down, N(falls)),
        Due when place.DueAt is { } due => (Up, N(-due.ToUnixTimeMilliseconds())),
        _ => null,
    };

    private static string MovePartition(MoveGroup group) => string.Create(CultureInfo.InvariantCulture, $"{Move}#{WindowMs(group)}#{group.Direction.ToWire()}");

    private static long WindowMs(MoveGroup group) => group.Window.Ticks / TimeSpan.TicksPerMillisecond;

    private static string ItemId(string id, string side) => $"{BookPrefix}{id}#{side}";

    private static string BookKey(ExchangeId exchange, string symbol, string partition) =>
        string.Create(CultureInfo.InvariantCulture, $"{exchange.ToWire()}#{symbol}#{partition}");
}
