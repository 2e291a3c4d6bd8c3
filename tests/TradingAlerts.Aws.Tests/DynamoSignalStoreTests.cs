using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using TradingAlerts.Testing.Emulators;
using TradingAlerts.Core.Pipeline;
using TradingAlerts.Core.Prices;
using TradingAlerts.Core.Signals;
using TradingAlerts.Testing;
using static TradingAlerts.Aws.SignalTable;

namespace TradingAlerts.Aws.Tests;

/// <summary>
/// The store contract on AWS's DynamoDB Local, plus what only the DynamoDB store has: the table and its sparse indexes,
/// paging, the claim transaction, consumed capacity. Every store gets its own table in the one shared emulator.
/// </summary>
[Collection(DynamoDbLocal.Collection)]
public sealed class DynamoSignalStoreTests(DynamoDbLocal emulator) : SignalStoreContract, IAsyncLifetime
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    private readonly List<AmazonDynamoDBClient> clients = [];
    private readonly List<string> tables = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        // Dropping the tables keeps the emulator's memory flat over the run.
        using var client = emulator.CreateClient();
        foreach (var table in tables)
            await client.DeleteTableAsync(table, Ct);

        foreach (var created in clients)
            created.Dispose();
    }

    protected override async Task<IStore> CreateStoreAsync() => await CreateDynamoStoreAsync();

    protected override Task<ISignalStore> OpenSameStoreAsync(ISignalStore store) =>
        Task.FromResult<ISignalStore>(new DynamoSignalStore(NewClient(), ((DynamoSignalStore)store).TableName));

    [Fact]
    public async Task ArmedIndex_ClaimedDisabledOrExpired_HoldsOnlyTheArmedAlerts()
    {
        var store = await CreateDynamoStoreAsync();
        foreach (var id in new[] { "claimed", "disabled", "expired", "armed" })
            await store.AddAsync(SignalFactory.Armed(id), Ct);
        await store.AddAsync(SignalFactory.Armed("added-disabled") with { Active = false }, Ct);
        var claimed = SignalSnapshot.From((await store.GetAsync("claimed", Ct))!);

        (await store.ClaimTriggerAsync(claimed, SignalFactory.FiringFor(claimed, SignalFactory.Now), new SignalState(SignalStatus.Triggered), Ct)).Should().BeTrue();
        (await store.UpdateAsync((await store.GetAsync("disabled", Ct))! with { Active = false }, Ct)).Should().BeTrue();
        (await store.UpdateAsync((await store.GetAsync("expired", Ct))! with { Status = SignalStatus.Expired }, Ct)).Should().BeTrue();

        (await IndexIdsAsync(store, ArmedIndex)).Should().Equal("armed");
        var kept = await RawItemAsync(store, "armed");
        kept[Attr.ArmedShard].N.Should().Be(DynamoSignalStore.ShardOf("armed").ToString(System.Globalization.CultureInfo.InvariantCulture));

        (await store.UpdateAsync((await store.GetAsync("disabled", Ct))! with { Active = true }, Ct)).Should().BeTrue();
        (await IndexIdsAsync(store, ArmedIndex)).Should().BeEquivalentTo("armed", "disabled");
    }

    [Fact]
    public async Task ListArmedAsync_PageSizeThree_QueriesEveryShardPageByPage()
    {
        var client = NewClient();
        var queries = CountRequests<QueryRequest>(client);
        var store = await CreateDynamoStoreAsync(client, new DynamoStoreOptions { PageSize = 3 });
        for (var i = 0; i < 30; i++)
            await store.AddAsync(i % 3 == 0 ? SignalFactory.Armed($"off-{i}") with { Active = false } : SignalFactory.Armed($"on-{i}"), Ct);

        var armed = await store.ListArmedAsync(Ct).ToListAsync(Ct);

        armed.Select(s => s.Id).Should().BeEquivalentTo(Enumerable.Range(0, 30).Where(i => i % 3 != 0).Select(i => $"on-{i}"));
        queries().Should().BeGreaterThanOrEqualTo(20 / 3 + ArmedShards - 1, "each shard is read in pages of three");
    }

    [Fact]
    public async Task ListArmedAsync_MoreThanOneMegabytePerShard_PagesPastTheResponseLimit()
    {
        // 150 kB of notes per alert and at least eight alerts per shard: every shard holds over 1 MB, which one response cannot carry.
        var client = NewClient();
        var queries = CountRequests<QueryRequest>(client);
        var store = await CreateDynamoStoreAsync(client);
        var notes = new string('n', 150_000);
        var ids = Enumerable.Range(0, 200).Select(i => $"big-{i}").GroupBy(DynamoSignalStore.ShardOf).SelectMany(shard => shard.Take(8)).ToList();
        ids.Should().HaveCount(8 * ArmedShards);
        await Task.WhenAll(ids.Select(id => store.AddAsync(SignalFactory.Armed(id) with { Notes = notes }, Ct)));

        var armed = await store.ListArmedAsync(Ct).ToListAsync(Ct);

        armed.Select(s => s.Id).Should().BeEquivalentTo(ids);
        armed.Should().OnlyContain(s => s.Notes == notes);
        queries().Should().BeGreaterThan(ArmedShards, "at least one shard needed a second page");
    }

    [Fact]
    public async Task ListAsync_SmallPagesWithFiringsAndCyclesInTheTable_ReturnsEverySignalAndNothingElse()
    {
        var store = await CreateDynamoStoreAsync(NewClient(), new DynamoStoreOptions { PageSize = 2, ScanSegments = 4 });
        var signals = Enumerable.Range(0, 17).Select(i => SignalFactory.Armed($"s-{i}")).ToList();
        foreach (var signal in signals)
            await store.AddAsync(signal, Ct);
        var snapshot = SignalSnapshot.From(signals[0]);
        (await store.ClaimTriggerAsync(snapshot, SignalFactory.FiringFor(snapshot, SignalFactory.Now), new SignalState(SignalStatus.Triggered), Ct)).Should().BeTrue();
        await store.RecordAsync(CycleRecordAt(1), keep: 5, Ct);

        var listed = await store.ListAsync(Ct).ToListAsync(Ct);

        listed.Select(s => s.Id).Should().BeEquivalentTo(signals.Select(s => s.Id));
        listed.Single(s => s.Id == "s-0").Status.Should().Be(SignalStatus.Triggered);
    }

    [Fact]
    public async Task ListAsync_ConsumerStopsEarly_EndsWithoutError()
    {
        var store = await CreateDynamoStoreAsync(NewClient(), new DynamoStoreOptions { PageSize = 1 });
        for (var i = 0; i < 10; i++)
            await store.AddAsync(SignalFactory.Armed($"s-{i}"), Ct);

        var firstTwo = await store.ListAsync(Ct).Take(2).ToListAsync(Ct);

        firstTwo.Should().HaveCount(2);
    }

    [Fact]
    public async Task ClaimTriggerAsync_FiringPutFails_LeavesTheAlertUntouched()
    {
        // A trigger id already taken fails the firing's put after the alert's update matched: the transaction writes neither.
        var store = await CreateDynamoStoreAsync();
        var first = SignalFactory.Armed("btc");
        await store.AddAsync(first, Ct);
        var firstSnapshot = SignalSnapshot.From(first);
        var firstFiring = SignalFactory.FiringFor(firstSnapshot, SignalFactory.Now);
        (await store.ClaimTriggerAsync(firstSnapshot, firstFiring, new SignalState(SignalStatus.Triggered), Ct)).Should().BeTrue();
        var other = SignalFactory.Armed("eth", "ETHUSDT");
        await store.AddAsync(other, Ct);
        var otherSnapshot = SignalSnapshot.From(other);
        var clashing = SignalFactory.FiringFor(otherSnapshot, SignalFactory.Now.AddMinutes(1)) with { TriggerId = firstFiring.TriggerId };

        var claiming = () => store.ClaimTriggerAsync(otherSnapshot, clashing, new SignalState(SignalStatus.Triggered), Ct);

        (await claiming.Should().ThrowAsync<TransactionCanceledException>())
            .Which.CancellationReasons.Select(r => r.Code).Should().Equal(["None", "ConditionalCheckFailed", "None", "None", "None"], "the alert, its firing, then its three book items");
        (await store.GetAsync("eth", Ct)).Should().Be(other);
        (await store.GetDeliveryAsync(firstFiring.TriggerId, Ct)).Should().Be(firstFiring);
        (await IndexIdsAsync(store, ArmedIndex)).Should().Equal("eth");
    }

    [Fact]
    public async Task CreateTableAsync_Twice_IsHarmlessAndKeepsTheData()
    {
        var store = await CreateDynamoStoreAsync();
        var signal = SignalFactory.EveryFieldSet("eth-dip");
        await store.AddAsync(signal, Ct);

        await store.CreateTableAsync(Ct);
        await new DynamoSignalStore(NewClient(), store.TableName).InitializeAsync(Ct);

        (await store.GetAsync("eth-dip", Ct)).Should().Be(signal);
        var table = (await NewClient().DescribeTableAsync(store.TableName, Ct)).Table;
        table.TableStatus.Should().Be(TableStatus.ACTIVE);
        table.KeySchema.Should().ContainSingle().Which.AttributeName.Should().Be("id");
        table.GlobalSecondaryIndexes.Select(i => i.IndexName).Should().BeEquivalentTo(ArmedIndex, DueIndex, FiringsBySignalIndex, CyclesIndex, FiringsByDayIndex, BookIndex);
        table.GlobalSecondaryIndexes.Should().OnlyContain(i => i.Projection.ProjectionType == (i.IndexName == FiringsByDayIndex || i.IndexName == BookIndex ? ProjectionType.KEYS_ONLY : ProjectionType.ALL));
    }

    [Fact]
    public async Task BatchOutcome_ItemForgottenByTheTablesTimeToLive_ADayAfterItFinished()
    {
        var store = await CreateDynamoStoreAsync();
        var outcome = new BatchOutcome("2026-03-14T09:25:00Z", SignalFactory.Now, "binance:btc", 3, 3, true, SignalFactory.Now.AddSeconds(9), new Dictionary<ExchangeId, long>(), []);

        await store.RecordOutcomeAsync(outcome, Ct);

        var ttl = (await NewClient().DescribeTimeToLiveAsync(new DescribeTimeToLiveRequest { TableName = store.TableName }, Ct)).TimeToLiveDescription;
        (ttl.AttributeName, ttl.TimeToLiveStatus).Should().Be((Attr.ForgetAt, TimeToLiveStatus.ENABLED), "the store turns the time to live on when it creates the table");
        var item = await RawItemAsync(store, "batch#2026-03-14T09:25:00Z#binance:btc");
        item[Attr.ForgetAt].N.Should().Be((SignalFactory.Now.AddSeconds(9) + BatchOutcome.KeptFor).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
        (await store.ListAsync(Ct).ToListAsync(Ct)).Should().BeEmpty("an outcome is not an alert");
    }

    [Fact]
    public async Task CreateTableAsync_TableOfAnEarlierVersionWithoutTheDayIndex_AddsItAndKeepsTheData()
    {
        var (client, name) = await CreateEarlierTableAsync(FiringsByDayIndex, Attr.FiredDay);
        var store = new DynamoSignalStore(client, name);
        await store.AddAsync(SignalFactory.Armed("btc"), Ct);

        await store.InitializeAsync(Ct);

        var table = (await client.DescribeTableAsync(name, Ct)).Table;
        table.GlobalSecondaryIndexes.Select(i => i.IndexName).Should().Contain(FiringsByDayIndex);
        table.GlobalSecondaryIndexes.Should().OnlyContain(i => i.IndexStatus == IndexStatus.ACTIVE);
        (await store.GetAsync("btc", Ct)).Should().NotBeNull();
        var snapshot = SignalSnapshot.From((await store.GetAsync("btc", Ct))!);
        (await store.ClaimTriggerAsync(snapshot, SignalFactory.FiringFor(snapshot, SignalFactory.Now), new SignalState(SignalStatus.Triggered), Ct)).Should().BeTrue();
        (await store.ListDeliveriesFiredAsync(SignalFactory.Now.AddHours(-1), SignalFactory.Now.AddHours(1), Ct).ToListAsync(Ct)).Should().ContainSingle();
    }

    [Fact]
    public async Task InitializeAsync_TableOfAnEarlierVersionWithoutTheBook_AddsItsIndexAndPlacesTheAlertsItHeld()
    {
        var (client, name) = await CreateEarlierTableAsync(BookIndex, Attr.Book, Attr.BookAt);
        // The alert as the earlier version wrote it: in an armed shard below the placed ones, with no book item and no market.
        var legacy = SignalFactory.Armed("old") with { TargetPrice = 100m, ExpiresAt = null };
        var item = SignalItems.ToItem(legacy, legacy.Version);
        item[Attr.ArmedShard] = new AttributeValue { N = (DynamoSignalStore.ShardOf(legacy.Id) - PlacedShards).ToString(System.Globalization.CultureInfo.InvariantCulture) };
        await client.PutItemAsync(name, item, Ct);
        var store = new DynamoSignalStore(client, name);

        (await store.ListUnplacedAsync(Ct).Select(s => s.Id).ToListAsync(Ct)).Should().Equal(["old"], "until it is placed, the Reader sends it whole");
        (await store.ListArmedAsync(Ct).Select(s => s.Id).ToListAsync(Ct)).Should().Equal("old");
        (await store.ListMarketsAsync(Ct).ToListAsync(Ct)).Should().BeEmpty();

        await store.InitializeAsync(Ct);

        (await client.DescribeTableAsync(name, Ct)).Table.GlobalSecondaryIndexes.Should().Contain(i => i.IndexName == BookIndex && i.IndexStatus == IndexStatus.ACTIVE);
        (await store.ListUnplacedAsync(Ct).ToListAsync(Ct)).Should().BeEmpty();
        (await store.ListMarketsAsync(Ct).ToListAsync(Ct)).Should().Equal(new Market(ExchangeId.Binance, "BTCUSDT", "BTC", "USDT"));
        (await store.ReachedAsync(ExchangeId.Binance, "BTCUSDT", BookWindow.Around(100m, 0m, SignalFactory.Now), Ct)).Select(s => s.Id).Should().Equal("old");
        (await store.ListArmedAsync(Ct).Select(s => s.Id).ToListAsync(Ct)).Should().Equal("old");
    }

    [Fact]
    public async Task InitializeAsync_AlertInTheBooksFirstLayout_IsSentWholeUntilPlacedInTheCurrentOne()
    {
        var store = await CreateDynamoStoreAsync();
        var client = NewClient();
        // A percent move as the book's first layout wrote it: in an armed shard between the unplaced and the placed
        // ones, due at every check in a market's third partition, which this version does not read.
        var legacy = SignalFactory.Armed("move") with { Condition = TradingAlerts.Core.Signals.Condition.PctMove, TargetPrice = null, ExpiresAt = null, Rule = SignalRule.Default with { MovePercent = 5m, Window = TimeSpan.FromHours(1) } };
        var item = SignalItems.ToItem(legacy, legacy.Version);
        item[Attr.ArmedShard] = new AttributeValue { N = (DynamoSignalStore.ShardOf(legacy.Id) - ArmedShards).ToString(System.Globalization.CultureInfo.InvariantCulture) };
        await client.PutItemAsync(store.TableName, item, Ct);
        await client.PutItemAsync(
            store.TableName,
            new()
            {
                [Attr.Id] = new AttributeValue("book#move#due"),
                [Attr.Kind] = new AttributeValue("book"),
                [Attr.Book] = new AttributeValue("binance#BTCUSDT#due"),
                [Attr.BookAt] = new AttributeValue { N = SignalSnapshot.From(legacy).ArmedSince.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture) },
            },
            Ct);
        await store.AddAsync(SignalFactory.Armed("placed") with { TargetPrice = 100m, ExpiresAt = null }, Ct);
        var hourEither = new MoveGroup(TimeSpan.FromHours(1), MoveDirection.Either);
        var everyCheck = BookWindow.Around(100m, 0m, SignalFactory.Now) with { MovesUpTo = new Dictionary<MoveGroup, decimal> { [hourEither] = 6m } };

        (await store.ListUnplacedAsync(Ct).Select(s => s.Id).ToListAsync(Ct)).Should().Equal(["move"], "until it is placed anew, the Reader sends it whole");
        (await store.ReachedAsync(ExchangeId.Binance, "BTCUSDT", everyCheck, Ct)).Select(s => s.Id).Should().Equal(["placed"], "the book's first layout is not read, so no alert is checked twice in a cycle");

        await store.InitializeAsync(Ct);

        (await store.ListUnplacedAsync(Ct).ToListAsync(Ct)).Should().BeEmpty();
        (await store.ListMoveGroupsAsync([Market.Of(legacy)], Ct))[Market.Of(legacy)].Should().Equal(hourEither);
        (await store.ReachedAsync(ExchangeId.Binance, "BTCUSDT", everyCheck, Ct)).Select(s => s.Id).Should().BeEquivalentTo(["move", "placed"]);
        (await store.ListArmedAsync(Ct).Select(s => s.Id).ToListAsync(Ct)).Should().BeEquivalentTo(["move", "placed"]);
    }

    /// <summary>A table as an earlier version created it: without <paramref name="index"/> and the attributes only it keys on; active.</summary>
    private async Task<(AmazonDynamoDBClient Client, string Name)> CreateEarlierTableAsync(string index, params string[] attributes)
    {
        var client = NewClient();
        var name = NewTableName();
        tables.Add(name);
        var earlier = Definition(name);
        earlier.GlobalSecondaryIndexes.RemoveAll(i => i.IndexName == index);
        earlier.AttributeDefinitions.RemoveAll(a => attributes.Contains(a.AttributeName));
        await client.CreateTableAsync(earlier, Ct);
        while ((await client.DescribeTableAsync(name, Ct)).Table.TableStatus != TableStatus.ACTIVE)
            await Task.Delay(100, Ct);
        return (client, name);
    }

    [Fact]
    public async Task AddAsync_StoredItem_UsesNumbersFixedWidthUtcTimesWireWordsAndOmitsNulls()
    {
        var store = await CreateDynamoStoreAsync();
        var createdAt = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromHours(2));

        await store.AddAsync(SignalFactory.Armed("tiny") with { TargetPrice = 0.00000123m, CreatedAt = createdAt, Notes = null, TriggeredAt = null }, Ct);

        var item = await RawItemAsync(store, "tiny");
        item[Attr.Kind].S.Should().Be("signal");
        item[Attr.TargetPrice].N.Should().Be("0.00000123");
        item[Attr.CreatedAt].S.Should().Be("2026-01-02T01:04:05.0000000Z");
        item[Attr.Exchange].S.Should().Be("binance");
        item[Attr.Status].S.Should().Be("pending");
        item[Attr.Active].BOOL.Should().BeTrue();
        item[Attr.Version].N.Should().Be("1");
        item.Should().NotContainKeys(Attr.Notes, Attr.TriggeredAt);
    }

    [Fact]
    public async Task DueIndex_SentOrFailedDelivery_LeavesItAndPendingRetryStays()
    {
        var store = await CreateDynamoStoreAsync();
        var triggerIds = new List<string>();
        foreach (var id in new[] { "sent", "failed", "retry" })
        {
            var signal = SignalFactory.Armed(id);
            await store.AddAsync(signal, Ct);
            var snapshot = SignalSnapshot.From(signal);
            var firing = SignalFactory.FiringFor(snapshot, SignalFactory.Now);
            (await store.ClaimTriggerAsync(snapshot, firing, new SignalState(SignalStatus.Triggered), Ct)).Should().BeTrue();
            triggerIds.Add(firing.TriggerId);
        }

        var lease = SignalFactory.Now.AddMinutes(2);
        await store.RecordDeliveryAsync(triggerIds[0], lease, new DeliveryAttempt(DeliveryStatus.Sent, 1, "200", null, SignalFactory.Now), Ct);
        await store.RecordDeliveryAsync(triggerIds[1], lease, new DeliveryAttempt(DeliveryStatus.Failed, 1, "400", null, null), Ct);
        await store.RecordDeliveryAsync(triggerIds[2], lease, new DeliveryAttempt(DeliveryStatus.Pending, 1, "503", SignalFactory.Now.AddMinutes(1), null), Ct);

        (await IndexIdsAsync(store, DueIndex)).Should().Equal(SignalTable.FiringPrefix + triggerIds[2]);
    }

    [Fact]
    public async Task RecordDeliveryAsync_UnknownTriggerId_CreatesNothing()
    {
        var store = await CreateDynamoStoreAsync();

        (await store.RecordDeliveryAsync("ghost:1@c", SignalFactory.Now, new DeliveryAttempt(DeliveryStatus.Pending, 1, "503", SignalFactory.Now, null), Ct)).Should().BeFalse();

        (await NewClient().ScanAsync(new ScanRequest { TableName = store.TableName }, Ct)).Count.Should().Be(0);
    }

    [Fact]
    public async Task AddAsync_IdWithHash_IsRejectedSoItCannotCollideWithFiringOrCycleKeys()
    {
        var store = await CreateDynamoStoreAsync();

        var adding = () => store.AddAsync(SignalFactory.Armed("firing#btc:1@c"), Ct);

        await adding.Should().ThrowAsync<ArgumentException>();
    }

    [Fact]
    public async Task GetAsync_KeyOfAFiring_ReturnsNullAndRemoveLeavesTheFiring()
    {
        var store = await CreateDynamoStoreAsync();
        var signal = SignalFactory.Armed("btc");
        await store.AddAsync(signal, Ct);
        var snapshot = SignalSnapshot.From(signal);
        var firing = SignalFactory.FiringFor(snapshot, SignalFactory.Now);
        (await store.ClaimTriggerAsync(snapshot, firing, new SignalState(SignalStatus.Triggered), Ct)).Should().BeTrue();

        (await store.GetAsync(SignalTable.FiringPrefix + firing.TriggerId, Ct)).Should().BeNull();
        (await store.RemoveAsync(SignalTable.FiringPrefix + firing.TriggerId, Ct)).Should().BeFalse();
        (await store.GetDeliveryAsync(firing.TriggerId, Ct)).Should().Be(firing);
    }

    [Fact]
    public async Task Capacity_WritesAndReads_AreCountedSeparately()
    {
        var store = await CreateDynamoStoreAsync();
        var signal = SignalFactory.Armed("btc");

        await store.AddAsync(signal, Ct);
        var writesAfterAdd = store.Capacity.Write;
        await store.GetAsync("btc", Ct);
        await store.ListArmedAsync(Ct).ToListAsync(Ct);
        var snapshot = SignalSnapshot.From(signal);
        await store.ClaimTriggerAsync(snapshot, SignalFactory.FiringFor(snapshot, SignalFactory.Now), new SignalState(SignalStatus.Triggered), Ct);

        writesAfterAdd.Should().BeGreaterThan(0);
        store.Capacity.Write.Should().BeGreaterThan(writesAfterAdd, "the claim transaction writes two items");
        store.Capacity.Read.Should().BeGreaterThan(0);
        store.Capacity.Reset();
        store.Capacity.Read.Should().Be(0);
        store.Capacity.Write.Should().Be(0);
    }

    [Fact]
    public async Task AddAsync_InAMarketThisInstanceNamed_DoesNotRewriteTheExchangesMarketsItem()
    {
        // 100 markets make the exchange's markets item about 2 KB: an update of it is billed 2 write units, whatever it adds.
        var store = await CreateDynamoStoreAsync();
        for (var i = 0; i < 100; i++)
            await store.AddAsync(SignalFactory.Armed($"a{i}", $"M{i}USDT"), Ct);
        var other = new DynamoSignalStore(NewClient(), store.TableName);

        store.Capacity.Reset();
        await store.AddAsync(SignalFactory.Armed("again", "M7USDT"), Ct);
        await other.AddAsync(SignalFactory.Armed("first-here", "M7USDT"), Ct);

        store.Capacity.Write.Should().Be(4, "the alert and its book item in one transaction, 2 units each, and nothing else");
        other.Capacity.Write.Should().BeGreaterThanOrEqualTo(4 + 2, "an instance names a market once, at the price of the whole markets item");
        (await other.ListMarketsAsync(Ct).CountAsync(Ct)).Should().Be(100);
    }

    [Fact]
    public async Task CycleLog_RecordsNewestFirst_KeepsOnlyTheNewest_RoundTripsEveryField()
    {
        var store = await CreateDynamoStoreAsync();

        foreach (var minute in new[] { 1, 3, 2, 5, 4 })
            await store.RecordAsync(CycleRecordAt(minute), keep: 3, Ct);
        var recent = await store.RecentAsync(10, Ct);

        recent.Select(r => r.Report.CycleId).Should().Equal("cycle-5", "cycle-4", "cycle-3");
        recent[0].Should().BeEquivalentTo(CycleRecordAt(5));
        (await store.RecentAsync(2, Ct)).Select(r => r.Report.CycleId).Should().Equal("cycle-5", "cycle-4");
        (await IndexIdsAsync(store, CyclesIndex)).Should().HaveCount(3);
    }

    private static CycleRecord CycleRecordAt(int minute) => new(
        new CycleReport($"cycle-{minute}", SignalFactory.Now.AddMinutes(minute), 10, 1, 2, 1, 1, 0, [new CheckFailure("btc", ExchangeId.Binance, "BTCUSDT", "HTTP 503 after 3 attempts", NotCheckedBecause.NoPrice)], TimeSpan.FromMilliseconds(1234)),
        SignalFactory.Now.AddMinutes(minute).AddSeconds(2),
        new Dictionary<ExchangeId, long> { [ExchangeId.Binance] = 3, [ExchangeId.Bybit] = 1 },
        [new ExchangeStatus(ExchangeId.Binance, ExchangeState.Down, SignalFactory.Now, SignalFactory.Now.AddMinutes(minute), "HTTP 503 after 3 attempts", 3, SignalFactory.Now.AddMinutes(minute + 2))])
    {
        OpenIncidents = [new OperatorIncident(IncidentKind.ExchangeDown, ExchangeId.Binance, SignalFactory.Now), new OperatorIncident(IncidentKind.NoCompletedCycle, null, SignalFactory.Now.AddMinutes(minute))],
    };

    /// <summary>Counts the requests of one kind a client sends.</summary>
    private static Func<int> CountRequests<TRequest>(AmazonDynamoDBClient client)
    {
        var count = 0;
        client.BeforeRequestEvent += (_, e) =>
        {
            if (e is WebServiceRequestEventArgs { Request: TRequest })
                Interlocked.Increment(ref count);
        };
        return () => Volatile.Read(ref count);
    }

    private static string NewTableName() => $"{DefaultName}-{Guid.NewGuid():N}";

    private AmazonDynamoDBClient NewClient()
    {
        var client = emulator.CreateClient();
        clients.Add(client);
        return client;
    }

    private Task<DynamoSignalStore> CreateDynamoStoreAsync() => CreateDynamoStoreAsync(NewClient());

    private async Task<DynamoSignalStore> CreateDynamoStoreAsync(AmazonDynamoDBClient client, DynamoStoreOptions? options = null)
    {
        var name = NewTableName();
        tables.Add(name);
        var store = new DynamoSignalStore(client, name, options ?? new DynamoStoreOptions());
        await store.InitializeAsync(Ct);
        return store;
    }

    private async Task<Dictionary<string, AttributeValue>> RawItemAsync(DynamoSignalStore store, string id) =>
        (await NewClient().GetItemAsync(store.TableName, new() { ["id"] = new AttributeValue { S = id } }, Ct)).Item;

    /// <summary>The ids an index holds, read straight from it.</summary>
    private async Task<List<string>> IndexIdsAsync(DynamoSignalStore store, string index)
    {
        var response = await NewClient().ScanAsync(new ScanRequest { TableName = store.TableName, IndexName = index }, Ct);
        return (response.Items ?? []).Select(item => item["id"].S).Order(StringComparer.Ordinal).ToList();
    }
}
