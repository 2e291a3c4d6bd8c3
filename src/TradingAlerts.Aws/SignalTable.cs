using Amazon.DynamoDBv2;

namespace TradingAlerts.Aws;

/// <summary>
/// The one DynamoDB table that holds alerts, firings and cycle records, told apart by the <c>kind</c> attribute and by
/// the partition key <c>id</c>:
/// <list type="bullet">
/// <item><description>an alert keeps its plain id (<c>eth-dip</c>): alert ids are letters, digits, '-' and '_', so they
/// never contain '#' and cannot collide with the prefixed kinds;</description></item>
/// <item><description>a firing is <c>firing#&lt;trigger id&gt;</c>;</description></item>
/// <item><description>a cycle record is <c>cycle#&lt;cycle id&gt;</c>;</description></item>
/// <item><description>a recipient is <c>recipient#&lt;id&gt;</c>;</description></item>
/// <item><description>an exchange's coverage is <c>coverage#&lt;exchange&gt;</c> (<c>coverage#binance</c>);</description></item>
/// <item><description>a day's cycle tally is <c>tally#&lt;day&gt;</c> (<c>tally#2026-12-01</c>), a count per attribute
/// <c>count_&lt;name&gt;</c>;</description></item>
/// <item><description>a fan-out batch's outcome is <c>batch#&lt;cycle id&gt;#&lt;batch&gt;</c>, forgotten by the table's
/// time to live (<c>forget_at</c>, epoch seconds) <see cref="Core.Pipeline.BatchOutcome.KeptFor"/> after it finished.</description></item>
/// <item><description>an account is <c>account#&lt;name&gt;</c> (its settings as JSON, as a recipient's);</description></item>
/// <item><description>a credential (a session, an API token) is <c>credential#&lt;SHA-256 of the secret&gt;</c>, with its
/// account, forgotten by the time to live when it expires.</description></item>
/// <item><description>an alert's place in the trigger book is up to three items <c>book#&lt;alert id&gt;#rises</c>,
/// <c>#falls</c> and <c>#due</c> (<see cref="BookItems"/>), written in the same transaction as the alert;</description></item>
/// <item><description>the markets that have placed alerts are a string set per exchange, <c>markets#&lt;exchange&gt;</c>, and
/// the groups of their percent moves another, <c>moves#&lt;exchange&gt;</c>.</description></item>
/// </list>
/// Six sparse global secondary indexes, each keyed on attributes only some items carry (projection ALL but for the
/// last two, so no query goes back to the table):
/// <list type="bullet">
/// <item><description><c>armed</c> on <c>armed_shard</c> (N, 0..<see cref="ArmedShards"/>-1 from a stable hash of the
/// id): present only while an alert is active and pending, so the Reader reads armed alerts only, and the shards
/// spread a large armed set over several index partitions that are queried in parallel;</description></item>
/// <item><description><c>due</c> on <c>due_shard</c> (N, always 0) + <c>due_at</c> (S): present only while a firing's
/// delivery is pending; <c>due_at</c> is <c>next_attempt_at</c>, or the earliest time when there is none (due at
/// once). Pending deliveries are few, so one partition suffices;</description></item>
/// <item><description><c>firings_by_signal</c> on <c>signal_id</c> (S) + <c>fired_at</c> (S): an alert's history,
/// newest first; only firings carry <c>signal_id</c>;</description></item>
/// <item><description><c>cycles</c> on <c>cycle_log</c> (S) + <c>finished_at</c> (S): the constant <c>cycle_log</c> holds
/// the recent cycles, newest first, and the ones to forget; the constant <c>batches</c> (<see cref="BatchLog"/>) the
/// fan-out batches' outcomes by when they finished, for the cycle watch;</description></item>
/// <item><description><c>firings_by_day</c> on <c>fired_day</c> (S, the UTC day of <c>fired_at</c>) + <c>fired_at</c>
/// (S): the firings of a period, for the dashboard; keys only, so a delivery's lease and record (which change no key)
/// never write to it, and the dashboard reads the items it lists from the table;</description></item>
/// <item><description><c>book</c> on <c>book</c> (S, <c>&lt;exchange&gt;#&lt;symbol&gt;#up</c>, <c>#down</c> or
/// <c>#move#&lt;window ms&gt;#&lt;direction&gt;</c>) + <c>book_at</c> (N: a level, minus the due time in epoch milliseconds,
/// or a percent move's percent): the trigger book, so a check reads only the alerts its
/// price reached; keys only (the alerts are then read by id, consistently).</description></item>
/// </list>
/// Index reads are eventually consistent on AWS (usually well under a second behind); every write that matters is
/// conditional on the table item itself, so a stale index entry can cost a lost claim, never a double one.
/// </summary>
public static class SignalTable
{
    public const string DefaultName = "trading-alerts";

    /// <summary>How many partitions the armed index spreads over. Every writer and reader must agree: do not change it on a live table.</summary>
    public const int ArmedShards = 4;

    public const string ArmedIndex = "armed";
    public const string DueIndex = "due";
    public const string FiringsBySignalIndex = "firings_by_signal";
    public const string CyclesIndex = "cycles";
    public const string FiringsByDayIndex = "firings_by_day";
    public const string BookIndex = "book";

    /// <summary>
    /// Where a placed alert's armed shard starts: alerts written with their place in this version's trigger book go to
    /// shards <see cref="PlacedShards"/> and up, so the shards below hold only the armed alerts an earlier version wrote
    /// (0 to 3: before the book; 4 to 7: in the book's first layout, three partitions a market, whose Workers this version
    /// does not read), which the Reader still sends whole until a write places them.
    /// </summary>
    public const int PlacedShards = 2 * ArmedShards;

    public const string FiringPrefix = "firing#";
    public const string CyclePrefix = "cycle#";
    public const string RecipientPrefix = "recipient#";
    public const string CoveragePrefix = "coverage#";
    public const string TallyPrefix = "tally#";
    public const string BatchPrefix = "batch#";
    public const string PricesPrefix = "prices#";
    public const string CandlesPrefix = "candles#";
    public const string AccountPrefix = "account#";
    public const string CredentialPrefix = "credential#";
    public const string BookPrefix = "book#";
    public const string MarketsPrefix = "markets#";
    public const string MovesPrefix = "moves#";

    /// <summary>The <see cref="Attr.CycleLog"/> of the batch outcomes: their partition of the cycles index.</summary>
    public const string BatchLog = "batches";

    /// <summary>The table as <see cref="DynamoSignalStore.CreateTableAsync"/> creates it; the CDK stack mirrors this shape.</summary>
    public static CreateTableRequest Definition(string tableName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tableName);
        return new CreateTableRequest
        {
            TableName = tableName,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            KeySchema = [new KeySchemaElement(Attr.Id, KeyType.HASH)],
            AttributeDefinitions =
            [
                new AttributeDefinition(Attr.Id, ScalarAttributeType.S),
                new AttributeDefinition(Attr.ArmedShard, ScalarAttributeType.N),
                new AttributeDefinition(Attr.DueShard, ScalarAttributeType.N),
                new AttributeDefinition(Attr.DueAt, ScalarAttributeType.S),
                new AttributeDefinition(Attr.SignalId, ScalarAttributeType.S),
                new AttributeDefinition(Attr.FiredAt, ScalarAttributeType.S),
                new AttributeDefinition(Attr.CycleLog, ScalarAttributeType.S),
                new AttributeDefinition(Attr.FinishedAt, ScalarAttributeType.S),
                new AttributeDefinition(Attr.FiredDay, ScalarAttributeType.S),
                new AttributeDefinition(Attr.Book, ScalarAttributeType.S),
                new AttributeDefinition(Attr.BookAt, ScalarAttributeType.N),
            ],
            GlobalSecondaryIndexes =
            [
                Index(ArmedIndex, Attr.ArmedShard),
                Index(DueIndex, Attr.DueShard, Attr.DueAt),
                Index(FiringsBySignalIndex, Attr.SignalId, Attr.FiredAt),
                Index(CyclesIndex, Attr.CycleLog, Attr.FinishedAt),
                Index(FiringsByDayIndex, Attr.FiredDay, Attr.FiredAt, ProjectionType.KEYS_ONLY),
                Index(BookIndex, Attr.Book, Attr.BookAt, ProjectionType.KEYS_ONLY),
            ],
        };
    }

    private static GlobalSecondaryIndex Index(string name, string hashKey, string? rangeKey = null, ProjectionType? projection = null)
    {
        var keys = new List<KeySchemaElement> { new(hashKey, KeyType.HASH) };
        if (rangeKey is not null)
            keys.Add(new KeySchemaElement(rangeKey, KeyType.RANGE));

        return new GlobalSecondaryIndex
        {
            IndexName = name,
            KeySchema = keys,
            Projection = new Projection { ProjectionType = projection ?? ProjectionType.ALL },
        };
    }

    /// <summary>Attribute names: the data model's snake_case names, plus the store's own bookkeeping.</summary>
    public static class Attr
    {
        public const string Id = "id";
        public const string Kind = "kind";
        public const string Version = "version";

        public const string Name = "name";
        public const string Exchange = "exchange";
        public const string Symbol = "symbol";
        public const string Base = "base";
        public const string Quote = "quote";
        public const string Condition = "condition";
        public const string TargetPrice = "target_price";
        public const string Status = "status";
        public const string Active = "active";
        public const string CreatedAt = "created_at";
        public const string TriggeredAt = "triggered_at";
        public const string TriggeredCount = "triggered_count";
        public const string UserId = "user_id";
        public const string Notes = "notes";
        public const string ExpiresAt = "expires_at";
        public const string Source = "source";
        public const string Rule = "rule";
        public const string Side = "side";
        public const string ArmedAt = "armed_at";
        public const string SheetKey = "sheet_key";
        public const string Owner = "owner";
        public const string ArmedShard = "armed_shard";
        public const string Book = "book";
        public const string BookAt = "book_at";
        public const string Markets = "markets";
        public const string Moves = "moves";

        public const string TriggerId = "trigger_id";
        public const string SignalId = "signal_id";
        public const string CycleId = "cycle_id";
        public const string FiredAt = "fired_at";
        public const string FiredDay = "fired_day";
        public const string Price = "price";
        public const string PriceExchange = "price_exchange";
        public const string Recipient = "recipient";
        public const string Title = "title";
        public const string Message = "message";
        public const string DeliveryStatus = "delivery_status";
        public const string Attempts = "attempts";
        public const string NextAttemptAt = "next_attempt_at";
        public const string LastResponse = "last_response";
        public const string SentAt = "sent_at";
        public const string DueShard = "due_shard";
        public const string DueAt = "due_at";
        public const string Channel = "channel";
        public const string Urgent = "urgent";
        public const string Receipt = "receipt";
        public const string Held = "held";
        public const string MaybeSent = "maybe_sent";
        public const string Facts = "facts";

        public const string Settings = "settings";
        public const string Account = "account";
        public const string CredentialKind = "credential_kind";

        public const string Through = "through";
        public const string GapSince = "gap_since";
        public const string GapCycle = "gap_cycle";

        public const string CycleLog = "cycle_log";
        public const string FinishedAt = "finished_at";
        public const string Record = "record";
        public const string TallyDay = "day";

        /// <summary>What a tally's counts are named by (<see cref="Core.Pipeline.CycleTally"/>): <c>count_cycles</c>, …</summary>
        public const string CountPrefix = "count_";

        public const string Done = "done";

        /// <summary>What a price sample's symbols are named by: <c>seen_BTCUSDT</c>, …</summary>
        public const string SeenPrefix = "seen_";
        public const string Candles = "candles";
        public const string Since = "since";

        /// <summary>The table's time-to-live attribute: when DynamoDB may delete the item (N, epoch seconds).</summary>
        public const string ForgetAt = "forget_at";
    }

    /// <summary>The values of <see cref="Attr.Kind"/>.</summary>
    public static class Kinds
    {
        public const string Signal = "signal";
        public const string Firing = "firing";
        public const string Cycle = "cycle";
        public const string Recipient = "recipient";
        public const string Coverage = "coverage";
        public const string Tally = "tally";
        public const string Batch = "batch";
        public const string Prices = "prices";
        public const string Candles = "candles";
        public const string Since = "since";
        public const string Account = "account";
        public const string Credential = "credential";
        public const string Book = "book";
        public const string Markets = "markets";
        public const string Moves = "moves";
    }
}
