using Microsoft.Extensions.Time.Testing;
using TradingAlerts.Core.Accounts;
using TradingAlerts.Core.Analytics;
using TradingAlerts.Core.Notifications;
using TradingAlerts.Core.Pipeline;
using TradingAlerts.Core.Prices;
using TradingAlerts.Core.Signals;

namespace TradingAlerts.Testing;

/// <summary>
/// What every <see cref="ISignalStore"/> must do, whatever it is built on. A store's test class inherits this suite and
/// says only how to create the store; the same facts then hold for SQLite and DynamoDB alike.
/// </summary>
public abstract class SignalStoreContract
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private static readonly DateTimeOffset Now = SignalFactory.Now;
    private static readonly SignalState Expired = new(SignalStatus.Expired);
    private static readonly SignalState Triggered = new(SignalStatus.Triggered);

    /// <summary>A fresh, initialized, empty store.</summary>
    protected abstract Task<IStore> CreateStoreAsync();

    /// <summary>A second, independent instance (its own connections or client) over the same data as <paramref name="store"/>.</summary>
    protected abstract Task<ISignalStore> OpenSameStoreAsync(ISignalStore store);

    [Fact]
    public async Task AddAsync_ChannelMoveAndCrossingAlerts_GetAsyncReturnsRuleSideAndMissingTargetExactly()
    {
        var store = await CreateStoreAsync();
        var channel = SignalFactory.Armed("band") with
        {
            Condition = Condition.ChannelExit,
            TargetPrice = null,
            Rule = new SignalRule { Low = 60_000.125m, High = 70_000.5m, Frequency = Frequency.Rearm, HysteresisPercent = 1.25m, Cooldown = TimeSpan.FromMinutes(30) },
        };
        var move = SignalFactory.Armed("move") with
        {
            Condition = Condition.PctMove,
            TargetPrice = null,
            Rule = new SignalRule { MovePercent = 2.5m, Window = TimeSpan.FromHours(24), Direction = MoveDirection.Down },
        };
        var crossing = SignalFactory.Armed("cross") with { Condition = Condition.Crosses, Status = SignalStatus.Waiting, Side = PriceSide.Above };

        foreach (var signal in new[] { channel, move, crossing })
            await store.AddAsync(signal, Ct);

        (await store.GetAsync("band", Ct)).Should().Be(channel);
        (await store.GetAsync("move", Ct)).Should().Be(move);
        (await store.GetAsync("cross", Ct)).Should().Be(crossing);
        (await store.ListArmedAsync(Ct).Select(s => s.Id).ToListAsync(Ct)).Should().BeEquivalentTo("band", "move", "cross");
    }

    /// <summary>The ids of <paramref name="store"/>'s BTCUSDT alerts on Binance that a check at <paramref name="price"/> reaches (no wick band), due by <paramref name="dueBy"/>.</summary>
    private static async Task<List<string>> ReachedAsync(ISignalStore store, decimal price, DateTimeOffset? dueBy = null, decimal band = 0m) =>
        (await store.ReachedAsync(ExchangeId.Binance, "BTCUSDT", BookWindow.Around(price, band, dueBy ?? Now), Ct)).Select(s => s.Id).Order().ToList();

    [Fact]
    public async Task TriggerBook_ACheckReadsOnlyTheAlertsItsPriceReached_AndAnEditedTargetMovesTheAlert()
    {
        var store = await CreateStoreAsync();
        await store.AddAsync(SignalFactory.Armed("up") with { TargetPrice = 100m, ExpiresAt = null }, Ct);
        await store.AddAsync(SignalFactory.Armed("down") with { Condition = Condition.Below, TargetPrice = 90m, ExpiresAt = null }, Ct);
        await store.AddAsync(SignalFactory.Armed("band") with { Condition = Condition.ChannelExit, TargetPrice = null, Rule = SignalRule.Default with { Low = 80m, High = 120m }, ExpiresAt = null }, Ct);
        await store.AddAsync(SignalFactory.Armed("off") with { TargetPrice = 95m, Active = false, ExpiresAt = null }, Ct);
        await store.AddAsync(SignalFactory.Armed("eth", "ETHUSDT") with { TargetPrice = 95m, ExpiresAt = null }, Ct);

        (await ReachedAsync(store, 99m)).Should().BeEmpty("no level lies between 90 and 100, and the disabled one and ETH's are not in this book");
        (await ReachedAsync(store, 99m, band: 0.02m)).Should().Equal(["up"], "100 is within 2 % of 99: its wick is looked for");
        (await ReachedAsync(store, 100m)).Should().Equal("up");
        (await ReachedAsync(store, 125m)).Should().Equal("band", "up");
        (await ReachedAsync(store, 85m)).Should().Equal("down");
        (await ReachedAsync(store, 79.5m)).Should().Equal("band", "down");

        var up = (await store.GetAsync("up", Ct))!;
        (await store.UpdateAsync(up with { TargetPrice = 110m }, Ct)).Should().BeTrue();
        (await ReachedAsync(store, 105m)).Should().BeEmpty("the edit moved it up to 110");
        (await ReachedAsync(store, 110m)).Should().Equal("up");

        (await store.RemoveAsync("up", Ct)).Should().BeTrue();
        (await ReachedAsync(store, 130m)).Should().Equal("band");
    }

    [Fact]
    public async Task TriggerBook_AFiredRearmingAlertWaitsAtItsRearmLevel_AndArmingMovesItBackToItsTarget()
    {
        var store = await CreateStoreAsync();
        var signal = SignalFactory.Armed("rearm") with { TargetPrice = 100m, ExpiresAt = null, Rule = SignalRule.Default with { Frequency = Frequency.Rearm, HysteresisPercent = 1m } };
        await store.AddAsync(signal, Ct);
        var snapshot = SignalSnapshot.From(signal);
        (await store.ClaimTriggerAsync(snapshot, SignalFactory.FiringFor(snapshot, Now), new SignalState(SignalStatus.Waiting), Ct)).Should().BeTrue();

        (await ReachedAsync(store, 100.5m)).Should().BeEmpty("waiting, it can only arm once the price is back below 99");
        (await ReachedAsync(store, 99m)).Should().Equal("rearm");

        var waiting = SignalSnapshot.From((await store.GetAsync("rearm", Ct))!);
        (await store.MoveAsync(waiting, new SignalState(SignalStatus.Pending, ArmedAt: Now.AddMinutes(20)), Ct)).Should().BeTrue();
        (await ReachedAsync(store, 98m)).Should().BeEmpty("armed again, it waits for 100");
        (await ReachedAsync(store, 100m)).Should().Equal("rearm");

        var armed = SignalSnapshot.From((await store.GetAsync("rearm", Ct))!);
        (await store.MoveAsync(armed, new SignalState(SignalStatus.Paused), Ct)).Should().BeTrue();
        (await ReachedAsync(store, 100m, Now.AddYears(1))).Should().BeEmpty("a paused alert is out of the book");
    }

    [Fact]
    public async Task TriggerBook_AnExpiryIsDue_WhateverThePrice()
    {
        var store = await CreateStoreAsync();
        await store.AddAsync(SignalFactory.Armed("ends") with { TargetPrice = 100m, ExpiresAt = Now.AddHours(1) }, Ct);
        await store.AddAsync(SignalFactory.Armed("stays") with { TargetPrice = 100m, ExpiresAt = null }, Ct);

        (await ReachedAsync(store, 50m)).Should().BeEmpty();
        (await ReachedAsync(store, 50m, Now.AddHours(1))).Should().Equal("ends");
        (await ReachedAsync(store, 100m, Now.AddHours(1))).Should().Equal("ends", "stays");
    }

    private static readonly Market Btc = new(ExchangeId.Binance, "BTCUSDT", "BTC", "USDT");
    private static readonly MoveGroup HourEither = new(TimeSpan.FromHours(1), MoveDirection.Either);
    private static readonly MoveGroup HourUp = new(TimeSpan.FromHours(1), MoveDirection.Up);
    private static readonly MoveGroup QuarterDown = new(TimeSpan.FromMinutes(15), MoveDirection.Down);

    private static Signal PercentMove(string id, decimal percent, MoveGroup group, string symbol = "BTCUSDT") =>
        SignalFactory.Armed(id, symbol) with { Condition = Condition.PctMove, TargetPrice = null, ExpiresAt = null, Rule = SignalRule.Default with { MovePercent = percent, Window = group.Window, Direction = group.Direction, Frequency = Frequency.Rearm } };

    /// <summary>The ids of BTCUSDT's alerts that a check reaches at a price no level is near, its percent-move groups reached up to <paramref name="moves"/>.</summary>
    private static async Task<List<string>> MovesReachedAsync(ISignalStore store, params (MoveGroup Group, decimal UpTo)[] moves) =>
        (await store.ReachedAsync(ExchangeId.Binance, "BTCUSDT", BookWindow.Around(1m, 0m, Now) with { MovesUpTo = moves.ToDictionary(m => m.Group, m => m.UpTo) }, Ct)).Select(s => s.Id).Order().ToList();

    [Fact]
    public async Task TriggerBook_APercentMoveWaitsInItsGroup_AndIsReadOnlyWhenItsMarketsMoveReachesItsPercent()
    {
        var store = await CreateStoreAsync();
        var eth = new Market(ExchangeId.Binance, "ETHUSDT", "ETH", "USDT");
        await store.AddAsync(PercentMove("five", 5m, HourEither), Ct);
        await store.AddAsync(PercentMove("ten-up", 10m, HourUp), Ct);
        await store.AddAsync(PercentMove("two-down", 2m, QuarterDown), Ct);
        await store.AddAsync(PercentMove("off", 1m, new(TimeSpan.FromHours(4), MoveDirection.Up)) with { Active = false }, Ct);
        await store.AddAsync(SignalFactory.Armed("level", "ETHUSDT"), Ct);

        var groups = await store.ListMoveGroupsAsync([Btc, eth], Ct);
        groups[Btc].Should().BeEquivalentTo([HourEither, HourUp, QuarterDown], "a disabled alert's group is not measured");
        groups[eth].Should().BeEmpty();

        (await MovesReachedAsync(store)).Should().BeEmpty("no percent move is due at every check: only its group's move reaches it");
        (await MovesReachedAsync(store, (HourEither, 6m), (HourUp, 6m), (QuarterDown, 1.5m))).Should().Equal("five");
        (await MovesReachedAsync(store, (HourEither, 4m), (HourUp, 10m), (QuarterDown, 2m))).Should().Equal("ten-up", "two-down");
        (await MovesReachedAsync(store, (HourEither, decimal.MaxValue), (HourUp, decimal.MinValue), (QuarterDown, -3m))).Should().Equal("five");

        var tenUp = (await store.GetAsync("ten-up", Ct))!;
        (await store.UpdateAsync(tenUp with { Rule = tenUp.Rule with { MovePercent = 3m } }, Ct)).Should().BeTrue();
        (await MovesReachedAsync(store, (HourUp, 4m))).Should().Equal(["ten-up"], "the edit moved it down to 3 %");

        var five = SignalSnapshot.From((await store.GetAsync("five", Ct))!);
        (await store.ClaimTriggerAsync(five, SignalFactory.FiringFor(five, Now), new SignalState(SignalStatus.Waiting), Ct)).Should().BeTrue();
        (await MovesReachedAsync(store, (HourEither, decimal.MaxValue))).Should().BeEmpty("waiting for its cooldown, it is out of its group");
        (await store.ListMoveGroupsAsync([Btc], Ct))[Btc].Should().BeEquivalentTo([HourUp, QuarterDown], "a group whose alerts all left it is not measured");
        (await ReachedAsync(store, 1m, Now.AddMinutes(16))).Should().Equal(["five"], "it is due when its cooldown ends");

        var waiting = SignalSnapshot.From((await store.GetAsync("five", Ct))!);
        (await store.MoveAsync(waiting, new SignalState(SignalStatus.Pending, ArmedAt: Now.AddMinutes(20)), Ct)).Should().BeTrue();
        (await store.ListMoveGroupsAsync([Btc], Ct))[Btc].Should().Contain(HourEither, "armed again, it is back in its group");
        (await MovesReachedAsync(store, (HourEither, 5m))).Should().Equal("five");
    }

    [Fact]
    public async Task ListMarketsAsync_NamesEachMarketWithArmedAlertsOnce()
    {
        var store = await CreateStoreAsync();
        await store.AddAsync(SignalFactory.Armed("a"), Ct);
        await store.AddAsync(SignalFactory.Armed("b"), Ct);
        await store.AddAsync(SignalFactory.Armed("c", "ETHUSDC", ExchangeId.Bybit), Ct);
        await store.AddAsync(SignalFactory.Armed("d", "ETHUSDT"), Ct);
        await store.AddAsync(SignalFactory.Armed("e", "ADAUSDT", ExchangeId.Coinbase), Ct);
        await store.AddAsync(SignalFactory.Armed("f", "ADAUSDT", ExchangeId.Coinbase), Ct);

        (await store.ListMarketsAsync(Ct).ToListAsync(Ct)).Should().BeEquivalentTo(
            [
                new Market(ExchangeId.Binance, "BTCUSDT", "BTC", "USDT"), new Market(ExchangeId.Binance, "ETHUSDT", "ETH", "USDT"),
                new Market(ExchangeId.Bybit, "ETHUSDC", "ETH", "USDC"), new Market(ExchangeId.Coinbase, "ADAUSDT", "ADA", "USDT"),
            ]);
        (await store.ListUnplacedAsync(Ct).ToListAsync(Ct)).Should().BeEmpty("every alert this version writes is placed");
    }

    [Fact]
    public async Task ListReachedAsync_AnswersEachMarketOnceInTheOrderAsked_WithOnlyTheAlertsItsOwnWindowReached()
    {
        // More markets than a store reads side by side, each with an alert waiting to rise to 100 and one to 200; every
        // other market's window reaches up to 150 only, so only its alert at 100 is read there.
        var store = await CreateStoreAsync();
        var markets = Enumerable.Range(0, 12).Select(i => new Market(ExchangeId.Binance, $"M{i}USDT", $"M{i}", "USDT")).ToList();
        foreach (var market in markets)
        {
            await store.AddAsync(SignalFactory.Armed($"{market.Symbol}-100", market.Symbol) with { TargetPrice = 100m, ExpiresAt = null }, Ct);
            await store.AddAsync(SignalFactory.Armed($"{market.Symbol}-200", market.Symbol) with { TargetPrice = 200m, ExpiresAt = null }, Ct);
        }

        var asked = markets.AsEnumerable().Reverse()
            .Select((m, i) => new MarketWindow(m, BookWindow.Around(i % 2 == 0 ? 250m : 150m, 0m, Now)))
            .ToList();
        var answers = await store.ListReachedAsync(asked, Ct).ToListAsync(Ct);

        answers.Select(a => a.Market).Should().Equal(asked.Select(a => a.Market));
        answers.Select(a => a.Signals.Select(s => s.Id).Order().ToList()).Should().Equal(
            asked.Select((a, i) => i % 2 == 0 ? new List<string> { $"{a.Market.Symbol}-100", $"{a.Market.Symbol}-200" } : [$"{a.Market.Symbol}-100"]),
            (found, expected) => found.SequenceEqual(expected));
        (await store.ListReachedAsync([], Ct).ToListAsync(Ct)).Should().BeEmpty();
    }

    [Fact]
    public async Task ClaimTriggerAsync_ToWaitingWithASide_CountsTheFiringAndKeepsTheAlertArmed()
    {
        var store = await CreateStoreAsync();
        var signal = SignalFactory.Armed("rearm") with { Condition = Condition.CrossesUp, Side = PriceSide.Below, Rule = new SignalRule { Frequency = Frequency.Rearm } };
        await store.AddAsync(signal, Ct);
        var snapshot = SignalSnapshot.From(signal);

        (await store.ClaimTriggerAsync(snapshot, SignalFactory.FiringFor(snapshot, Now), new SignalState(SignalStatus.Waiting, PriceSide.Above), Ct)).Should().BeTrue();

        var stored = await store.GetAsync("rearm", Ct);
        stored!.Status.Should().Be(SignalStatus.Waiting);
        stored.Side.Should().Be(PriceSide.Above);
        stored.TriggeredCount.Should().Be(1);
        stored.TriggeredAt.Should().Be(Now);
        (await store.ListArmedAsync(Ct).Select(s => (s.Id, s.Status)).ToListAsync(Ct)).Should().Equal(("rearm", SignalStatus.Waiting));

        // Waiting is not pending: no second claim until it is armed again.
        var waiting = SignalSnapshot.From(stored);
        (await store.ClaimTriggerAsync(waiting, SignalFactory.FiringFor(waiting, Now.AddMinutes(1)), Triggered, Ct)).Should().BeFalse();
    }

    [Fact]
    public async Task MoveAsync_ArmThenPause_SetsStatusAndSideAndTheArmedListFollows()
    {
        var store = await CreateStoreAsync();
        var signal = SignalFactory.Armed("flap") with { Condition = Condition.Crosses, Status = SignalStatus.Waiting };
        await store.AddAsync(signal, Ct);

        (await store.MoveAsync(SignalSnapshot.From(signal), new SignalState(SignalStatus.Pending, PriceSide.Below), Ct)).Should().BeTrue();
        var armed = await store.GetAsync("flap", Ct);
        (armed!.Status, armed.Side, armed.Version).Should().Be((SignalStatus.Pending, PriceSide.Below, signal.Version + 1));
        (await store.ListArmedAsync(Ct).CountAsync(Ct)).Should().Be(1);

        (await store.MoveAsync(SignalSnapshot.From(armed), new SignalState(SignalStatus.Paused), Ct)).Should().BeTrue();
        var paused = await store.GetAsync("flap", Ct);
        (paused!.Status, paused.Side).Should().Be((SignalStatus.Paused, (PriceSide?)null));
        (await store.ListArmedAsync(Ct).CountAsync(Ct)).Should().Be(0);
    }

    [Fact]
    public async Task ArmedAt_KeptByAddAndUpdate_SetByTheArmingMove_ClearedByTheClaim()
    {
        var store = await CreateStoreAsync();
        var armedAt = Now.AddTicks(1_234_567);
        var level = SignalFactory.Armed("level") with { ArmedAt = armedAt };
        var crossing = SignalFactory.Armed("crossing") with { Condition = Condition.CrossesUp, Status = SignalStatus.Waiting };
        await store.AddAsync(level, Ct);
        await store.AddAsync(crossing, Ct);
        (await store.GetAsync("level", Ct))!.ArmedAt.Should().Be(armedAt, "every tick of the arming is kept");

        (await store.MoveAsync(SignalSnapshot.From(crossing), new SignalState(SignalStatus.Pending, PriceSide.Below, armedAt.AddMinutes(1)), Ct)).Should().BeTrue();
        var armed = await store.GetAsync("crossing", Ct);
        (armed!.Status, armed.ArmedAt).Should().Be((SignalStatus.Pending, armedAt.AddMinutes(1)));
        (await store.ListArmedAsync(Ct).ToListAsync(Ct)).Single(s => s.Id == "crossing").ArmedAt.Should().Be(armedAt.AddMinutes(1));

        var snapshot = SignalSnapshot.From(armed);
        (await store.ClaimTriggerAsync(snapshot, SignalFactory.FiringFor(snapshot, Now), new SignalState(SignalStatus.Waiting, PriceSide.Above), Ct)).Should().BeTrue();
        (await store.GetAsync("crossing", Ct))!.ArmedAt.Should().BeNull("a fired alert waits; it is not armed");

        var edited = (await store.GetAsync("level", Ct))! with { ArmedAt = armedAt.AddHours(1) };
        (await store.UpdateAsync(edited, Ct)).Should().BeTrue();
        (await store.GetAsync("level", Ct))!.ArmedAt.Should().Be(armedAt.AddHours(1));
    }

    [Fact]
    public async Task MoveAsync_DisabledAlert_ChangesNothing()
    {
        var store = await CreateStoreAsync();
        var signal = SignalFactory.Armed("off") with { Active = false };
        await store.AddAsync(signal, Ct);

        (await store.MoveAsync(SignalSnapshot.From(signal), Expired, Ct)).Should().BeFalse();
        (await store.GetAsync("off", Ct)).Should().Be(signal);
    }

    [Fact]
    public async Task ClaimTriggerAsync_OneFiringPerChannel_StoresEachWithItsChannelUrgencyAndFacts()
    {
        var store = await CreateStoreAsync();
        var signal = SignalFactory.Armed("multi");
        await store.AddAsync(signal, Ct);
        var snapshot = SignalSnapshot.From(signal);
        var pushover = SignalFactory.FiringFor(snapshot, Now) with { Urgent = true, Facts = new FiringFacts("multi", "n", "BTCUSDT", ExchangeId.Bybit, Condition.Above, null, 100_000.000000001m, Now, null, High: 2m) };
        var telegram = pushover with { TriggerId = Delivery.TriggerIdFor("multi", snapshot.Version, pushover.CycleId, Channels.Telegram), Channel = Channels.Telegram };

        (await store.ClaimTriggerAsync(snapshot, [pushover, telegram], Triggered, Ct)).Should().BeTrue();

        (await store.GetDeliveryAsync(pushover.TriggerId, Ct)).Should().Be(pushover with { DeliveryStatus = DeliveryStatus.Pending });
        (await store.GetDeliveryAsync(telegram.TriggerId, Ct)).Should().Be(telegram with { DeliveryStatus = DeliveryStatus.Pending });
        (await store.GetAsync("multi", Ct))!.TriggeredCount.Should().Be(1);
        (await store.ListDueDeliveriesAsync(Now.AddHours(1), Ct).CountAsync(Ct)).Should().Be(2);
    }

    [Fact]
    public async Task RecordDeliveryAsync_ReceiptHoldAndMaybeSent_AreKept()
    {
        var store = await CreateStoreAsync();
        var firing = await AddAndClaimAsync(store, SignalFactory.Armed("urgent"), Now);
        firing.MaybeSent.Should().BeFalse();

        (await store.RecordDeliveryAsync(firing.TriggerId, firing.NextAttemptAt!.Value, new DeliveryAttempt(DeliveryStatus.Pending, 0, "held", Now.AddHours(8), null) { Held = true }, Ct)).Should().BeTrue();
        (await store.GetDeliveryAsync(firing.TriggerId, Ct))!.Held.Should().BeTrue();

        (await store.RecordDeliveryAsync(firing.TriggerId, Now.AddHours(8), new DeliveryAttempt(DeliveryStatus.Pending, 1, "no answer", Now.AddHours(9), null) { MaybeSent = true }, Ct)).Should().BeTrue();
        (await store.GetDeliveryAsync(firing.TriggerId, Ct))!.MaybeSent.Should().BeTrue();

        (await store.RecordDeliveryAsync(firing.TriggerId, Now.AddHours(9), new DeliveryAttempt(DeliveryStatus.Sent, 2, "ok", null, Now.AddHours(9)) { Receipt = "rcpt-1", MaybeSent = true }, Ct)).Should().BeTrue();
        var sent = await store.GetDeliveryAsync(firing.TriggerId, Ct);
        (sent!.Held, sent.Receipt, sent.DeliveryStatus, sent.MaybeSent).Should().Be((false, "rcpt-1", DeliveryStatus.Sent, true));
    }

    [Fact]
    public async Task AddDeliveryAsync_SameTriggerIdTwice_SecondIsRefused()
    {
        var store = await CreateStoreAsync();
        var summary = new Delivery
        {
            TriggerId = "expired@c1:default",
            SignalId = "expired-summary",
            CycleId = "c1",
            FiredAt = Now,
            Price = 0m,
            PriceExchange = ExchangeId.Binance,
            Title = "2 alerts expired",
            Message = "a\nb",
        };

        (await store.AddDeliveryAsync(summary, Ct)).Should().BeTrue();
        (await store.AddDeliveryAsync(summary with { Title = "again" }, Ct)).Should().BeFalse();
        (await store.GetDeliveryAsync(summary.TriggerId, Ct))!.Title.Should().Be("2 alerts expired");
    }

    [Fact]
    public async Task Accounts_AddGetListUpdateRemove_ANameTakenIsRefused_AndRemovalRevokesItsCredentials()
    {
        var store = await CreateStoreAsync();
        var ann = new Account { Name = "ann", Role = AccountRole.Admin, PasswordHash = "AQAAAAIAAYagAAAAEhash", PushoverKey = SignalFactory.UserKey, CreatedAt = Now };
        var bob = new Account { Name = "bob", PasswordHash = "AQAAAAIAAYagAAAAEbob", TotpSecret = "JBSWY3DPEHPK3PXP", CreatedAt = Now.AddMinutes(1) };

        (await store.AddAccountAsync(bob, Ct)).Should().BeTrue();
        (await store.AddAccountAsync(ann, Ct)).Should().BeTrue();
        (await store.AddAccountAsync(bob with { PasswordHash = "other" }, Ct)).Should().BeFalse("the name is taken");
        (await store.UpdateAccountAsync(ann with { Name = "nobody" }, Ct)).Should().BeFalse("there is no such account");
        (await store.UpdateAccountAsync(bob with { PushoverKey = "uBob0000000000000000000000000b" }, Ct)).Should().BeTrue();
        var session = new Credential(Secrets.HashOf("bob-session"), "bob", CredentialKind.Session, Now, Now.AddDays(7));
        var token = new Credential(Secrets.HashOf("bob-token"), "bob", CredentialKind.ReadOnlyToken, Now, null);
        var annToken = new Credential(Secrets.HashOf("ann-token"), "ann", CredentialKind.Token, Now, null);
        foreach (var credential in new[] { session, token, annToken })
            await store.AddCredentialAsync(credential, Ct);

        (await store.GetAccountAsync("ann", Ct)).Should().Be(ann);
        (await store.GetAccountAsync("bob", Ct)).Should().Be(bob with { PushoverKey = "uBob0000000000000000000000000b" });
        (await store.GetAccountAsync("carol", Ct)).Should().BeNull();
        (await store.ListAccountsAsync(Ct)).Select(a => a.Name).Should().Equal("ann", "bob");
        (await store.GetCredentialAsync(session.Hash, Ct)).Should().Be(session);
        (await store.GetCredentialAsync(token.Hash, Ct)).Should().Be(token);
        (await store.RemoveCredentialAsync(session.Hash, Ct)).Should().BeTrue();
        (await store.RemoveCredentialAsync(session.Hash, Ct)).Should().BeFalse();
        (await store.GetCredentialAsync(session.Hash, Ct)).Should().BeNull();

        (await store.RemoveAccountAsync("bob", Ct)).Should().BeTrue();
        (await store.RemoveAccountAsync("bob", Ct)).Should().BeFalse();
        (await store.GetCredentialAsync(token.Hash, Ct)).Should().BeNull("a removed account's tokens are revoked with it");
        (await store.GetCredentialAsync(annToken.Hash, Ct)).Should().Be(annToken);
        (await store.ListAccountsAsync(Ct)).Select(a => a.Name).Should().Equal("ann");
    }

    [Fact]
    public async Task Owner_IsKeptWithTheAlert_AndAnEditChangesIt()
    {
        var store = await CreateStoreAsync();
        var owned = SignalFactory.Armed("owned") with { Owner = "ann" };
        await store.AddAsync(owned, Ct);
        await store.AddAsync(SignalFactory.Armed("nobodys"), Ct);

        (await store.GetAsync("owned", Ct))!.Owner.Should().Be("ann");
        (await store.GetAsync("nobodys", Ct))!.Owner.Should().BeNull();
        (await store.UpdateAsync((await store.GetAsync("owned", Ct))! with { Owner = "bob" }, Ct)).Should().BeTrue();
        (await store.GetAsync("owned", Ct))!.Owner.Should().Be("bob");
        (await store.ListArmedAsync(Ct).SingleAsync(s => s.Id == "owned", Ct)).Owner.Should().Be("bob");
    }

    [Fact]
    public async Task Recipients_PutGetListReplaceRemove()
    {
        var store = await CreateStoreAsync();
        var ann = new Recipient { Id = SignalFactory.UserKey, TelegramChatId = "@ann", DiscordWebhookUrl = "https://discord.com/api/webhooks/1/x", QuietHours = QuietHours.Parse("22:00-07:00", "Europe/Berlin") };
        var fallback = new Recipient { Id = Recipient.Default, WebhookUrl = "https://example.com/hook" };

        await store.PutRecipientAsync(ann, Ct);
        await store.PutRecipientAsync(fallback, Ct);
        await store.PutRecipientAsync(ann with { TelegramChatId = "-42" }, Ct);

        (await store.GetRecipientAsync(SignalFactory.UserKey, Ct)).Should().Be(ann with { TelegramChatId = "-42" });
        (await store.ListRecipientsAsync(Ct)).Select(r => r.Id).Should().Equal(Recipient.Default, SignalFactory.UserKey);
        (await store.RemoveRecipientAsync(Recipient.Default, Ct)).Should().BeTrue();
        (await store.RemoveRecipientAsync(Recipient.Default, Ct)).Should().BeFalse();
        (await store.GetRecipientAsync("nobody", Ct)).Should().BeNull();
        (await store.ListAsync(Ct).CountAsync(Ct)).Should().Be(0, "recipients are not alerts");
    }

    [Fact]
    public async Task AddAsync_EveryFieldSet_GetAsyncReturnsItExactly()
    {
        var store = await CreateStoreAsync();
        var signal = SignalFactory.EveryFieldSet("eth-dip");

        await store.AddAsync(signal, Ct);

        var stored = await store.GetAsync("eth-dip", Ct);
        stored.Should().Be(signal);
        stored!.TargetPrice.Should().Be(123_456_789.123456789012m);
        stored.CreatedAt.UtcTicks.Should().Be(signal.CreatedAt.UtcTicks);
        stored.TriggeredAt!.Value.UtcTicks.Should().Be(signal.TriggeredAt!.Value.UtcTicks);
        stored.ExpiresAt!.Value.UtcTicks.Should().Be(signal.ExpiresAt!.Value.UtcTicks);
    }

    [Fact]
    public async Task AddAsync_TimesWithOffsets_ComeBackInUtc()
    {
        var store = await CreateStoreAsync();
        var signal = SignalFactory.EveryFieldSet("eth-dip");

        await store.AddAsync(signal, Ct);

        var stored = await store.GetAsync("eth-dip", Ct);
        stored!.CreatedAt.Offset.Should().Be(TimeSpan.Zero);
        stored.TriggeredAt!.Value.Offset.Should().Be(TimeSpan.Zero);
        stored.ExpiresAt!.Value.Offset.Should().Be(TimeSpan.Zero);
    }

    [Fact]
    public async Task AddAsync_OptionalFieldsNull_GetAsyncReturnsNulls()
    {
        var store = await CreateStoreAsync();
        var signal = SignalFactory.Armed("bare") with { UserId = null, Notes = null, ExpiresAt = null, TriggeredAt = null };

        await store.AddAsync(signal, Ct);

        var stored = await store.GetAsync("bare", Ct);
        stored.Should().Be(signal);
        stored!.UserId.Should().BeNull();
        stored.Notes.Should().BeNull();
        stored.ExpiresAt.Should().BeNull();
        stored.TriggeredAt.Should().BeNull();
    }

    [Fact]
    public async Task AddAsync_ExtremePrices_RoundTripExactly()
    {
        var store = await CreateStoreAsync();
        decimal[] prices =
        [
            0.00000123m,
            123_456_789.123456789012m,
            0.0000000000000000000000000001m,
            79_228_162_514_264_337_593_543_950_335m,
            65_000.50m,
        ];

        for (var i = 0; i < prices.Length; i++)
            await store.AddAsync(SignalFactory.Armed($"price-{i}") with { TargetPrice = prices[i] }, Ct);

        for (var i = 0; i < prices.Length; i++)
            (await store.GetAsync($"price-{i}", Ct))!.TargetPrice.Should().Be(prices[i]);
    }

    [Fact]
    public async Task GetAsync_UnknownId_ReturnsNull()
    {
        var store = await CreateStoreAsync();

        (await store.GetAsync("nope", Ct)).Should().BeNull();
    }

    [Fact]
    public async Task AddAsync_DuplicateId_ThrowsDuplicateSignalExceptionAndKeepsTheFirst()
    {
        var store = await CreateStoreAsync();
        var first = SignalFactory.Armed("btc");
        await store.AddAsync(first, Ct);

        var adding = () => store.AddAsync(first with { Name = "impostor", TargetPrice = 1m }, Ct);

        (await adding.Should().ThrowAsync<DuplicateSignalException>()).Which.Id.Should().Be("btc");
        (await store.GetAsync("btc", Ct)).Should().Be(first);
    }

    [Fact]
    public async Task ListAsync_MixedStatuses_ReturnsEverySignal()
    {
        var store = await CreateStoreAsync();
        var signals = MixedSignals();
        foreach (var signal in signals)
            await store.AddAsync(signal, Ct);

        var listed = await store.ListAsync(Ct).ToListAsync(Ct);

        listed.Should().BeEquivalentTo(signals);
    }

    [Fact]
    public async Task ListArmedAsync_MixedStatuses_ReturnsOnlyActivePending()
    {
        var store = await CreateStoreAsync();
        var signals = MixedSignals();
        foreach (var signal in signals)
            await store.AddAsync(signal, Ct);

        var armed = await store.ListArmedAsync(Ct).ToListAsync(Ct);

        armed.Should().BeEquivalentTo(signals.Where(s => s.Id.StartsWith("armed", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task ListArmedAsync_EmptyStore_ReturnsNothing()
    {
        var store = await CreateStoreAsync();

        (await store.ListArmedAsync(Ct).ToListAsync(Ct)).Should().BeEmpty();
    }

    [Fact]
    public async Task ListArmedAsync_UpdatingEachWhileStreaming_EveryUpdateSucceeds()
    {
        // The Reader expires alerts while it is still reading the armed ones.
        var store = await CreateStoreAsync();
        for (var i = 0; i < 5; i++)
            await store.AddAsync(SignalFactory.Armed($"armed-{i}"), Ct);

        var updated = 0;
        await foreach (var signal in store.ListArmedAsync(Ct))
        {
            if (await store.UpdateAsync(signal with { Status = SignalStatus.Expired }, Ct))
                updated++;
        }

        updated.Should().Be(5);
        (await store.ListArmedAsync(Ct).ToListAsync(Ct)).Should().BeEmpty();
    }

    [Fact]
    public async Task UpdateAsync_CurrentVersion_ReplacesTheSignalAndBumpsTheVersion()
    {
        var store = await CreateStoreAsync();
        var original = SignalFactory.Armed("btc");
        await store.AddAsync(original, Ct);
        var edited = original with
        {
            Name = "BTC above 105k",
            Condition = Condition.Below,
            TargetPrice = 105_000.000001m,
            Notes = null,
            ExpiresAt = Now.AddDays(1),
            Source = SignalSource.Ui,
        };

        var updated = await store.UpdateAsync(edited, Ct);

        updated.Should().BeTrue();
        (await store.GetAsync("btc", Ct)).Should().Be(edited with { Version = original.Version + 1 });
    }

    [Fact]
    public async Task UpdateAsync_SheetKeySetThenCleared_RoundTrips()
    {
        var store = await CreateStoreAsync();
        var original = SignalFactory.Armed("btc");
        await store.AddAsync(original, Ct);

        (await store.UpdateAsync(original with { Source = SignalSource.Sheets, SheetKey = "id:btc" }, Ct)).Should().BeTrue();
        var managed = (await store.GetAsync("btc", Ct))!;
        managed.SheetKey.Should().Be("id:btc");
        (await store.UpdateAsync(managed with { SheetKey = null }, Ct)).Should().BeTrue();

        (await store.GetAsync("btc", Ct))!.SheetKey.Should().BeNull();
    }

    [Fact]
    public async Task UpdateAsync_StaleVersion_ReturnsFalseAndChangesNothing()
    {
        var store = await CreateStoreAsync();
        var original = SignalFactory.Armed("btc");
        await store.AddAsync(original, Ct);
        (await store.UpdateAsync(original with { Name = "first writer" }, Ct)).Should().BeTrue();

        var updated = await store.UpdateAsync(original with { Name = "second writer", TargetPrice = 1m }, Ct);

        updated.Should().BeFalse();
        (await store.GetAsync("btc", Ct)).Should().Be(original with { Name = "first writer", Version = original.Version + 1 });
    }

    [Fact]
    public async Task UpdateAsync_UnknownId_ReturnsFalseAndCreatesNothing()
    {
        var store = await CreateStoreAsync();

        var updated = await store.UpdateAsync(SignalFactory.Armed("ghost"), Ct);

        updated.Should().BeFalse();
        (await store.GetAsync("ghost", Ct)).Should().BeNull();
    }

    [Fact]
    public async Task UpdateAsync_Disable_TakesTheSignalOutOfTheArmedList()
    {
        var store = await CreateStoreAsync();
        var signal = SignalFactory.Armed("btc");
        await store.AddAsync(signal, Ct);

        (await store.UpdateAsync(signal with { Active = false }, Ct)).Should().BeTrue();

        (await store.ListArmedAsync(Ct).ToListAsync(Ct)).Should().BeEmpty();
        (await store.GetAsync("btc", Ct))!.Active.Should().BeFalse();
    }

    [Fact]
    public async Task UpdateAsync_EnableDisabled_PutsTheSignalBackInTheArmedList()
    {
        var store = await CreateStoreAsync();
        await store.AddAsync(SignalFactory.Armed("btc") with { Active = false }, Ct);
        var disabled = (await store.GetAsync("btc", Ct))!;

        (await store.UpdateAsync(disabled with { Active = true }, Ct)).Should().BeTrue();

        var armed = await store.ListArmedAsync(Ct).ToListAsync(Ct);
        armed.Should().ContainSingle().Which.Should().Be(disabled with { Active = true, Version = disabled.Version + 1 });
    }

    [Fact]
    public async Task MoveAsync_ToExpiredAtTheSnapshotsVersion_ExpiresOnceAndLeavesTheArmedList()
    {
        var store = await CreateStoreAsync();
        var signal = SignalFactory.Armed("exp");
        await store.AddAsync(signal, Ct);
        var snapshot = SignalSnapshot.From(signal);

        (await store.MoveAsync(snapshot, Expired, Ct)).Should().BeTrue();
        (await store.MoveAsync(snapshot, Expired, Ct)).Should().BeFalse();

        var stored = await store.GetAsync("exp", Ct);
        stored!.Status.Should().Be(SignalStatus.Expired);
        stored.Version.Should().Be(signal.Version + 1);
        (await store.ListArmedAsync(Ct).ToListAsync(Ct)).Should().BeEmpty();
    }

    [Fact]
    public async Task MoveAsync_StaleSnapshot_ChangesNothing()
    {
        var store = await CreateStoreAsync();
        var signal = SignalFactory.Armed("exp");
        await store.AddAsync(signal, Ct);
        await store.UpdateAsync(signal with { Notes = "edited" }, Ct);

        (await store.MoveAsync(SignalSnapshot.From(signal), Expired, Ct)).Should().BeFalse();
        (await store.GetAsync("exp", Ct))!.Status.Should().Be(SignalStatus.Pending);
    }

    [Fact]
    public async Task RemoveAsync_ExistingThenAgain_ReturnsTrueThenFalse()
    {
        var store = await CreateStoreAsync();
        await store.AddAsync(SignalFactory.Armed("btc"), Ct);
        await store.AddAsync(SignalFactory.Armed("eth", "ETHUSDT"), Ct);

        (await store.RemoveAsync("btc", Ct)).Should().BeTrue();
        (await store.RemoveAsync("btc", Ct)).Should().BeFalse();

        (await store.GetAsync("btc", Ct)).Should().BeNull();
        (await store.ListAsync(Ct).ToListAsync(Ct)).Select(s => s.Id).Should().Equal("eth");
    }

    [Fact]
    public async Task RemoveAsync_SignalWithFirings_KeepsTheFiringsAsHistory()
    {
        var store = await CreateStoreAsync();
        var firing = await AddAndClaimAsync(store, SignalFactory.Armed("btc"), Now);

        (await store.RemoveAsync("btc", Ct)).Should().BeTrue();

        (await store.GetDeliveryAsync(firing.TriggerId, Ct)).Should().Be(firing);
        (await store.ListDeliveriesAsync("btc", Ct)).Should().Equal(firing);
    }

    [Fact]
    public async Task ClaimTriggerAsync_ArmedAtSnapshotVersion_WinsMarksTriggeredAndStoresTheFiring()
    {
        var store = await CreateStoreAsync();
        var signal = SignalFactory.Armed("btc") with { TriggeredCount = 4, Version = 9 };
        await store.AddAsync(signal, Ct);
        var snapshot = SignalSnapshot.From(signal);
        var firing = SignalFactory.FiringFor(snapshot, Now.AddMinutes(5));

        var won = await store.ClaimTriggerAsync(snapshot, firing, Triggered, Ct);

        won.Should().BeTrue();
        (await store.GetAsync("btc", Ct)).Should().Be(signal with
        {
            Status = SignalStatus.Triggered,
            TriggeredAt = firing.FiredAt,
            TriggeredCount = 5,
            Version = 10,
        });
        (await store.GetDeliveryAsync(firing.TriggerId, Ct)).Should().Be(firing);
        firing.DeliveryStatus.Should().Be(DeliveryStatus.Pending);
    }

    [Fact]
    public async Task ClaimTriggerAsync_FiringWithoutOptionalFields_StoresNulls()
    {
        var store = await CreateStoreAsync();
        var signal = SignalFactory.Armed("btc");
        await store.AddAsync(signal, Ct);
        var snapshot = SignalSnapshot.From(signal);
        var firing = SignalFactory.FiringFor(snapshot, Now) with { Recipient = null, NextAttemptAt = null };

        (await store.ClaimTriggerAsync(snapshot, firing, Triggered, Ct)).Should().BeTrue();

        var stored = await store.GetDeliveryAsync(firing.TriggerId, Ct);
        stored.Should().Be(firing);
        stored!.Recipient.Should().BeNull();
        stored.NextAttemptAt.Should().BeNull();
        stored.LastResponse.Should().BeNull();
        stored.SentAt.Should().BeNull();
    }

    [Fact]
    public async Task ClaimTriggerAsync_SameSnapshotTwice_SecondLosesAndCountsOnce()
    {
        var store = await CreateStoreAsync();
        var signal = SignalFactory.Armed("btc");
        await store.AddAsync(signal, Ct);
        var snapshot = SignalSnapshot.From(signal);
        var first = SignalFactory.FiringFor(snapshot, Now);

        (await store.ClaimTriggerAsync(snapshot, first, Triggered, Ct)).Should().BeTrue();
        (await store.ClaimTriggerAsync(snapshot, first with { CycleId = "redelivered", FiredAt = Now.AddMinutes(1) }, Triggered, Ct)).Should().BeFalse();

        (await store.GetAsync("btc", Ct))!.TriggeredCount.Should().Be(1);
        (await store.ListDeliveriesAsync("btc", Ct)).Should().Equal(first);
    }

    [Fact]
    public async Task ClaimTriggerAsync_StaleVersion_ReturnsFalseAndWritesNoFiring()
    {
        var store = await CreateStoreAsync();
        var signal = SignalFactory.Armed("btc");
        await store.AddAsync(signal, Ct);
        var staleSnapshot = SignalSnapshot.From(signal);
        (await store.UpdateAsync(signal with { TargetPrice = 90_000m }, Ct)).Should().BeTrue();
        var edited = await store.GetAsync("btc", Ct);

        var won = await store.ClaimTriggerAsync(staleSnapshot, SignalFactory.FiringFor(staleSnapshot, Now), Triggered, Ct);

        won.Should().BeFalse();
        (await store.GetAsync("btc", Ct)).Should().Be(edited);
        (await store.ListDeliveriesAsync("btc", Ct)).Should().BeEmpty();
    }

    [Fact]
    public async Task ClaimTriggerAsync_DisabledAtSnapshotVersion_ReturnsFalseAndWritesNoFiring()
    {
        var store = await CreateStoreAsync();
        var signal = SignalFactory.Armed("btc") with { Active = false };
        await store.AddAsync(signal, Ct);
        var snapshot = SignalSnapshot.From(signal);

        var won = await store.ClaimTriggerAsync(snapshot, SignalFactory.FiringFor(snapshot, Now), Triggered, Ct);

        won.Should().BeFalse();
        (await store.GetAsync("btc", Ct)).Should().Be(signal);
        (await store.ListDeliveriesAsync("btc", Ct)).Should().BeEmpty();
    }

    [Fact]
    public async Task ClaimTriggerAsync_NotPendingAtSnapshotVersion_ReturnsFalseAndWritesNoFiring()
    {
        var store = await CreateStoreAsync();
        var signal = SignalFactory.Armed("btc") with { Status = SignalStatus.Expired };
        await store.AddAsync(signal, Ct);
        var snapshot = SignalSnapshot.From(signal);

        var won = await store.ClaimTriggerAsync(snapshot, SignalFactory.FiringFor(snapshot, Now), Triggered, Ct);

        won.Should().BeFalse();
        (await store.GetAsync("btc", Ct)).Should().Be(signal);
        (await store.ListDeliveriesAsync("btc", Ct)).Should().BeEmpty();
    }

    [Fact]
    public async Task ClaimTriggerAsync_RemovedSignal_ReturnsFalseAndWritesNoFiring()
    {
        var store = await CreateStoreAsync();
        var signal = SignalFactory.Armed("btc");
        await store.AddAsync(signal, Ct);
        var snapshot = SignalSnapshot.From(signal);
        await store.RemoveAsync("btc", Ct);

        var won = await store.ClaimTriggerAsync(snapshot, SignalFactory.FiringFor(snapshot, Now), Triggered, Ct);

        won.Should().BeFalse();
        (await store.ListDeliveriesAsync("btc", Ct)).Should().BeEmpty();
    }

    [Fact]
    public async Task ClaimTriggerAsync_TwentyConcurrentClaimsFromSeparateInstances_ExactlyOneWins()
    {
        const int Claimers = 20;
        var store = await CreateStoreAsync();
        var signal = SignalFactory.Armed("race");
        await store.AddAsync(signal, Ct);
        var snapshot = SignalSnapshot.From(signal);
        var instances = new List<ISignalStore>();
        for (var i = 0; i < Claimers; i++)
            instances.Add(await OpenSameStoreAsync(store));

        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var claims = instances.Select((instance, i) => Task.Run(async () =>
        {
            var firing = SignalFactory.FiringFor(snapshot, Now.AddMilliseconds(i), $"cycle-{i}");
            await start.Task;
            return (Delivery: firing, Won: await instance.ClaimTriggerAsync(snapshot, firing, Triggered, Ct));
        })).ToList();
        start.SetResult();
        var results = await Task.WhenAll(claims);

        results.Count(r => r.Won).Should().Be(1, "exactly one of {0} concurrent claimers may win one crossing", Claimers);
        var winner = results.Single(r => r.Won).Delivery;
        (await store.ListDeliveriesAsync("race", Ct)).Should().Equal(winner);
        var stored = await store.GetAsync("race", Ct);
        stored!.TriggeredCount.Should().Be(1);
        stored.Version.Should().Be(signal.Version + 1);
        stored.TriggeredAt.Should().Be(winner.FiredAt);
    }

    [Fact]
    public async Task GetFiringAsync_UnknownTriggerId_ReturnsNull()
    {
        var store = await CreateStoreAsync();

        (await store.GetDeliveryAsync("btc:1", Ct)).Should().BeNull();
    }

    [Fact]
    public async Task ListFiringsAsync_SeveralFirings_ReturnsOnlyThatSignalsNewestFirst()
    {
        var store = await CreateStoreAsync();
        var signal = SignalFactory.Armed("btc");
        await store.AddAsync(signal, Ct);

        // Claimed out of time order, so insertion order cannot pass for newest-first.
        var middle = await ClaimAndRearmAsync(store, "btc", Now.AddHours(2));
        var oldest = await ClaimAndRearmAsync(store, "btc", Now.AddHours(1));
        var newest = await ClaimAndRearmAsync(store, "btc", Now.AddHours(3));
        await AddAndClaimAsync(store, SignalFactory.Armed("eth", "ETHUSDT"), Now.AddHours(4));

        var firings = await store.ListDeliveriesAsync("btc", Ct);

        firings.Should().Equal(newest, middle, oldest);
    }

    [Fact]
    public async Task ListFiringsAsync_UnknownSignal_ReturnsEmpty()
    {
        var store = await CreateStoreAsync();

        (await store.ListDeliveriesAsync("nope", Ct)).Should().BeEmpty();
    }

    [Fact]
    public async Task TryLeaseDeliveryAsync_DuePending_LeasesOnceUntilTheLeaseRunsOut()
    {
        var store = await CreateStoreAsync();
        var firing = await AddAndClaimAsync(store, SignalFactory.Armed("btc"), Now, nextAttemptAt: null);
        var leaseUntil = Now.AddMinutes(2);

        (await store.TryLeaseDeliveryAsync(firing.TriggerId, Now, leaseUntil, Ct)).Should().BeTrue();
        (await store.TryLeaseDeliveryAsync(firing.TriggerId, Now, leaseUntil, Ct)).Should().BeFalse();
        (await store.TryLeaseDeliveryAsync(firing.TriggerId, leaseUntil.AddTicks(-1), leaseUntil.AddMinutes(2), Ct)).Should().BeFalse();
        (await store.GetDeliveryAsync(firing.TriggerId, Ct))!.NextAttemptAt.Should().Be(leaseUntil);

        (await store.TryLeaseDeliveryAsync(firing.TriggerId, leaseUntil, leaseUntil.AddMinutes(2), Ct)).Should().BeTrue();
        (await store.GetDeliveryAsync(firing.TriggerId, Ct))!.NextAttemptAt.Should().Be(leaseUntil.AddMinutes(2));
    }

    [Fact]
    public async Task TryLeaseDeliveryAsync_ClaimedWithLease_NotDueBeforeTheClaimLeaseRunsOut()
    {
        var store = await CreateStoreAsync();
        var firing = await AddAndClaimAsync(store, SignalFactory.Armed("btc"), Now, nextAttemptAt: Now.AddMinutes(2));

        (await store.TryLeaseDeliveryAsync(firing.TriggerId, Now.AddMinutes(1), Now.AddMinutes(3), Ct)).Should().BeFalse();
        (await store.TryLeaseDeliveryAsync(firing.TriggerId, Now.AddMinutes(2), Now.AddMinutes(4), Ct)).Should().BeTrue();
    }

    [Fact]
    public async Task TryLeaseDeliveryAsync_AlreadySent_ReturnsFalse()
    {
        var store = await CreateStoreAsync();
        var firing = await AddAndClaimAsync(store, SignalFactory.Armed("btc"), Now);
        await store.RecordDeliveryAsync(firing.TriggerId, firing.NextAttemptAt!.Value, new DeliveryAttempt(DeliveryStatus.Sent, 1, "200", null, Now), Ct);

        (await store.TryLeaseDeliveryAsync(firing.TriggerId, Now.AddDays(1), Now.AddDays(2), Ct)).Should().BeFalse();
    }

    [Fact]
    public async Task RenewLeaseAsync_HeldLease_MovesItsEnd_ATakenOverOrFinishedOneIsRefused()
    {
        var store = await CreateStoreAsync();
        var firing = await AddAndClaimAsync(store, SignalFactory.Armed("btc"), Now, nextAttemptAt: Now.AddMinutes(2));

        (await store.RenewLeaseAsync(firing.TriggerId, Now.AddMinutes(2), Now.AddMinutes(3), Ct)).Should().BeTrue();
        (await store.GetDeliveryAsync(firing.TriggerId, Ct))!.NextAttemptAt.Should().Be(Now.AddMinutes(3));
        (await store.RenewLeaseAsync(firing.TriggerId, Now.AddMinutes(2), Now.AddMinutes(4), Ct)).Should().BeFalse("that lease is gone");

        // The lease runs out and another worker takes the delivery over: the first holder can no longer renew it.
        (await store.TryLeaseDeliveryAsync(firing.TriggerId, Now.AddMinutes(3), Now.AddMinutes(5), Ct)).Should().BeTrue();
        (await store.RenewLeaseAsync(firing.TriggerId, Now.AddMinutes(3), Now.AddMinutes(6), Ct)).Should().BeFalse();

        await store.RecordDeliveryAsync(firing.TriggerId, Now.AddMinutes(5), new DeliveryAttempt(DeliveryStatus.Sent, 1, "200", null, Now.AddMinutes(4)), Ct);
        (await store.RenewLeaseAsync(firing.TriggerId, Now.AddMinutes(5), Now.AddMinutes(7), Ct)).Should().BeFalse("a sent delivery has no lease");
    }

    [Fact]
    public async Task RecordDeliveryAsync_UnderALeaseSomeoneElseTookOver_WritesNothing()
    {
        // The first holder's send outlived its lease; the new holder sent and recorded. The first record comes late.
        var store = await CreateStoreAsync();
        var firing = await AddAndClaimAsync(store, SignalFactory.Armed("btc"), Now, nextAttemptAt: Now.AddMinutes(2));
        (await store.TryLeaseDeliveryAsync(firing.TriggerId, Now.AddMinutes(2), Now.AddMinutes(4), Ct)).Should().BeTrue();
        (await store.RecordDeliveryAsync(firing.TriggerId, Now.AddMinutes(4), new DeliveryAttempt(DeliveryStatus.Sent, 1, "200 from the new holder", null, Now.AddMinutes(3)), Ct)).Should().BeTrue();

        var late = await store.RecordDeliveryAsync(firing.TriggerId, Now.AddMinutes(2), new DeliveryAttempt(DeliveryStatus.Pending, 1, "no answer", Now.AddMinutes(5), null), Ct);

        late.Should().BeFalse();
        var stored = await store.GetDeliveryAsync(firing.TriggerId, Ct);
        (stored!.DeliveryStatus, stored.LastResponse).Should().Be((DeliveryStatus.Sent, "200 from the new holder"), "a late record never turns Sent back into Pending");
    }

    [Fact]
    public async Task TryLeaseDeliveryAsync_UnknownTriggerId_ReturnsFalse()
    {
        var store = await CreateStoreAsync();

        (await store.TryLeaseDeliveryAsync("btc:1", Now, Now.AddMinutes(2), Ct)).Should().BeFalse();
    }

    [Fact]
    public async Task RecordDeliveryAsync_Sent_GetFiringReflectsItAndItIsNoLongerDue()
    {
        var store = await CreateStoreAsync();
        var firing = await AddAndClaimAsync(store, SignalFactory.Armed("btc"), Now, nextAttemptAt: Now.AddMinutes(2));
        var attempt = new DeliveryAttempt(DeliveryStatus.Sent, 1, "200 {\"status\":1}", null, Now.AddSeconds(3));

        (await store.RecordDeliveryAsync(firing.TriggerId, Now.AddMinutes(2), attempt, Ct)).Should().BeTrue();

        (await store.GetDeliveryAsync(firing.TriggerId, Ct)).Should().Be(firing with
        {
            DeliveryStatus = DeliveryStatus.Sent,
            Attempts = 1,
            LastResponse = "200 {\"status\":1}",
            NextAttemptAt = null,
            SentAt = Now.AddSeconds(3),
        });
        (await store.ListDueDeliveriesAsync(Now.AddDays(1), Ct).ToListAsync(Ct)).Should().BeEmpty();
    }

    [Fact]
    public async Task RecordDeliveryAsync_TransientFailure_StaysPendingAndIsDueAtTheNextAttempt()
    {
        var store = await CreateStoreAsync();
        var firing = await AddAndClaimAsync(store, SignalFactory.Armed("btc"), Now, nextAttemptAt: Now.AddMinutes(2));
        var retryAt = Now.AddSeconds(30);

        await store.RecordDeliveryAsync(firing.TriggerId, Now.AddMinutes(2), new DeliveryAttempt(DeliveryStatus.Pending, 1, "503 unavailable", retryAt, null), Ct);

        var stored = await store.GetDeliveryAsync(firing.TriggerId, Ct);
        stored.Should().Be(firing with { Attempts = 1, LastResponse = "503 unavailable", NextAttemptAt = retryAt });
        (await store.ListDueDeliveriesAsync(retryAt.AddTicks(-1), Ct).ToListAsync(Ct)).Should().BeEmpty();
        (await store.ListDueDeliveriesAsync(retryAt, Ct).ToListAsync(Ct)).Should().Equal(stored);
    }

    [Fact]
    public async Task ListDueDeliveriesAsync_MixedDeliveries_ReturnsOnlyDuePendingOldestFirst()
    {
        var store = await CreateStoreAsync();
        var due = Now.AddHours(1);
        var neverLeased = await AddAndClaimAsync(store, SignalFactory.Armed("never-leased"), Now.AddMinutes(3), nextAttemptAt: null);
        var leaseRanOut = await AddAndClaimAsync(store, SignalFactory.Armed("lease-ran-out"), Now.AddMinutes(1), nextAttemptAt: due.AddMinutes(-1));
        var dueExactly = await AddAndClaimAsync(store, SignalFactory.Armed("due-exactly"), Now.AddMinutes(2), nextAttemptAt: due);
        await AddAndClaimAsync(store, SignalFactory.Armed("not-yet-due"), Now, nextAttemptAt: due.AddTicks(1));
        var sent = await AddAndClaimAsync(store, SignalFactory.Armed("sent"), Now, nextAttemptAt: Now);
        await store.RecordDeliveryAsync(sent.TriggerId, Now, new DeliveryAttempt(DeliveryStatus.Sent, 1, "200", null, Now), Ct);
        var failed = await AddAndClaimAsync(store, SignalFactory.Armed("failed"), Now, nextAttemptAt: Now);
        await store.RecordDeliveryAsync(failed.TriggerId, Now, new DeliveryAttempt(DeliveryStatus.Failed, 1, "400 invalid user", null, null), Ct);

        var listed = await store.ListDueDeliveriesAsync(due, Ct).ToListAsync(Ct);

        listed.Should().Equal(leaseRanOut, dueExactly, neverLeased);
    }

    [Fact]
    public async Task ListDeliveriesFiredAsync_FiringsOverSeveralDays_ReturnsThoseOfThePeriodOldestFirst()
    {
        var store = await CreateStoreAsync();
        await AddAndClaimAsync(store, SignalFactory.Armed("before"), Now.AddDays(-3));
        var atStart = await AddAndClaimAsync(store, SignalFactory.Armed("at-start"), Now.AddDays(-2));
        var nextDay = await AddAndClaimAsync(store, SignalFactory.Armed("next-day", "ETHUSDT"), Now.AddDays(-1).AddHours(5));
        var sent = await AddAndClaimAsync(store, SignalFactory.Armed("sent"), Now.AddMinutes(-1), nextAttemptAt: Now);
        await store.RecordDeliveryAsync(sent.TriggerId, Now, new DeliveryAttempt(DeliveryStatus.Sent, 1, "200", null, Now.AddSeconds(2)), Ct);
        await AddAndClaimAsync(store, SignalFactory.Armed("at-end"), Now);

        var listed = await store.ListDeliveriesFiredAsync(Now.AddDays(-2), Now, Ct).ToListAsync(Ct);

        listed.Select(d => d.SignalId).Should().Equal("at-start", "next-day", "sent");
        listed[0].Should().Be(atStart);
        listed[1].Should().Be(nextDay);
        listed[2].DeliveryStatus.Should().Be(DeliveryStatus.Sent, "the period lists the deliveries as they are now");
        listed[2].SentAt.Should().Be(Now.AddSeconds(2));
    }

    [Fact]
    public async Task CycleTallies_CyclesOfTwoDaysAndARetriedOne_CountEachCycleOnceOnItsDay()
    {
        var store = await CreateStoreAsync();
        var today = DateOnly.FromDateTime(Now.UtcDateTime);
        await store.RecordAsync(TallyRecord("c1", Now.AddDays(-1), fired: 2, binance: ExchangeState.Ok), keep: 100, Ct);
        await store.RecordAsync(TallyRecord("c2", Now.AddMinutes(-2), fired: 1, binance: ExchangeState.Down), keep: 100, Ct);
        await store.RecordAsync(TallyRecord("c3", Now.AddMinutes(-1), fired: 4, binance: ExchangeState.Degraded, failedBatches: 1), keep: 100, Ct);
        // A retried invocation records c3 again, now complete: it replaces c3's counts rather than adding a cycle.
        await store.RecordAsync(TallyRecord("c3", Now, fired: 5, binance: ExchangeState.Ok), keep: 100, Ct);

        var tallies = await store.TalliesAsync(today.AddDays(-1), today, Ct);

        tallies.Select(t => t.Day).Should().Equal(today.AddDays(-1), today);
        var (yesterday, now) = (tallies[0], tallies[1]);
        yesterday[CycleTally.Cycles].Should().Be(1);
        yesterday[CycleTally.Fired].Should().Be(2);
        now[CycleTally.Cycles].Should().Be(2);
        now[CycleTally.Completed].Should().Be(2);
        now[CycleTally.FailedBatches].Should().Be(0);
        now[CycleTally.Fired].Should().Be(6);
        now[CycleTally.Checked].Should().Be(20);
        now[CycleTally.InState(ExchangeId.Binance, ExchangeState.Ok)].Should().Be(1);
        now[CycleTally.InState(ExchangeId.Binance, ExchangeState.Down)].Should().Be(1);
        now[CycleTally.InState(ExchangeId.Binance, ExchangeState.Degraded)].Should().Be(0);
        now[CycleTally.Requests(ExchangeId.Binance)].Should().Be(6);
        (await store.TalliesAsync(today.AddDays(1), today.AddDays(2), Ct)).Should().BeEmpty();
    }

    [Fact]
    public async Task CycleTallies_ADayBeyondTheKeptPeriod_IsForgotten()
    {
        var store = await CreateStoreAsync();
        var today = DateOnly.FromDateTime(Now.UtcDateTime);
        await store.RecordAsync(TallyRecord("old", Now.AddDays(-CycleTally.KeepDays), fired: 1, binance: ExchangeState.Ok), keep: 100, Ct);
        await store.RecordAsync(TallyRecord("kept", Now.AddDays(1 - CycleTally.KeepDays), fired: 1, binance: ExchangeState.Ok), keep: 100, Ct);
        await store.RecordAsync(TallyRecord("today", Now, fired: 1, binance: ExchangeState.Ok), keep: 100, Ct);

        var tallies = await store.TalliesAsync(today.AddDays(-CycleTally.KeepDays - 1), today, Ct);

        tallies.Select(t => t.Day).Should().Equal(today.AddDays(1 - CycleTally.KeepDays), today);
    }

    [Fact]
    public async Task StatsReport_AKnownWeek_ShowsExactlyItsFigures()
    {
        var store = await CreateStoreAsync();
        await KnownHistory.WriteAsync(store, Now);
        var clock = new FakeTimeProvider(Now);

        StatsReport.TryParsePeriod(KnownHistory.Period, out var period, out _).Should().BeTrue();
        var stats = await new StatsReport(store, store, store, clock).ForAsync(period, Ct);

        stats.From.Should().Be(Now.AddDays(-7));
        stats.To.Should().Be(Now);
        stats.Firings.Should().Be(KnownHistory.Firings);
        stats.Days.Should().HaveCount(8, "the period touches 8 UTC days");
        stats.Days.Sum(d => d.Firings).Should().Be(KnownHistory.Firings);
        stats.Days[^1].Symbols.Should().BeEquivalentTo(new Dictionary<string, int> { ["BTCUSDT"] = 2, ["ETHUSDT"] = 1 });
        stats.Symbols.Should().Equal(new SymbolFirings("BTCUSDT", KnownHistory.BtcFirings), new SymbolFirings("ETHUSDT", KnownHistory.EthFirings));
        stats.Channels.Should().Equal(
            new ChannelStats("pushover", KnownHistory.PushoverDeliveries, KnownHistory.PushoverDeliveries, 0, 0, 0, 1m, KnownHistory.PushoverP50Ms, KnownHistory.PushoverP95Ms),
            new ChannelStats("telegram", KnownHistory.TelegramDeliveries, KnownHistory.TelegramSent, KnownHistory.TelegramFailed, KnownHistory.TelegramHeld, KnownHistory.TelegramHeld, KnownHistory.TelegramSuccessRate, KnownHistory.TelegramP50Ms, KnownHistory.TelegramP50Ms));
        stats.Cycles.Should().BeEquivalentTo(new
        {
            Recorded = (long)KnownHistory.CyclesRecorded,
            Completed = (long)KnownHistory.CyclesCompleted,
            BrokenOff = (long)KnownHistory.CyclesBrokenOff,
            FailedBatches = (long)KnownHistory.FailedBatches,
        });
        stats.Exchanges.Should().Equal(new ExchangeStats("binance", KnownHistory.BinanceUp, KnownHistory.BinanceDegraded, KnownHistory.BinanceDown, KnownHistory.BinanceRequests, KnownHistory.BinanceFallbackUses));
        stats.MostFired.Should().Equal(new AlertFirings(KnownHistory.MostFired, "btc-100k alert", "BTCUSDT", KnownHistory.MostFiredCount));
        stats.NeverFired.Select(a => a.Id).Should().Equal(KnownHistory.NeverFired);
    }

    private static CycleRecord TallyRecord(string cycleId, DateTimeOffset finishedAt, int fired, ExchangeState binance, int failedBatches = 0) => new(
        new CycleReport(cycleId, finishedAt.AddSeconds(-1), 10, 0, fired, fired, 0, 0, [], TimeSpan.FromSeconds(1), failedBatches),
        finishedAt,
        new Dictionary<ExchangeId, long> { [ExchangeId.Binance] = 3 },
        [new ExchangeStatus(ExchangeId.Binance, binance, finishedAt, null, null, 0, null)]);

    /// <summary>Three armed alerts and one of each way not to be armed; the armed ones' ids start with "armed".</summary>
    private static List<Signal> MixedSignals() =>
    [
        SignalFactory.Armed("armed-btc"),
        SignalFactory.Armed("armed-eth", "ETHUSDT", ExchangeId.Bybit),
        SignalFactory.Armed("armed-sol", "SOL-USD", ExchangeId.Coinbase) with { Version = 4, TriggeredCount = 2 },
        SignalFactory.Armed("triggered") with { Status = SignalStatus.Triggered, TriggeredAt = Now, TriggeredCount = 1 },
        SignalFactory.Armed("expired") with { Status = SignalStatus.Expired },
        SignalFactory.Armed("disabled") with { Active = false },
        SignalFactory.Armed("disabled-triggered") with { Active = false, Status = SignalStatus.Triggered },
    ];

    [Fact]
    public async Task UpdateCoverageAsync_PerExchange_StartsFromNoneAndReadsBackExactly()
    {
        var store = await CreateStoreAsync();
        (await store.ListCoverageAsync(Ct)).Should().BeEmpty();

        ExchangeCoverage? seen = null;
        await store.UpdateCoverageAsync(ExchangeId.Bybit, c => (seen = c).Covered(Now, null), Ct);
        seen.Should().Be(ExchangeCoverage.None(ExchangeId.Bybit));
        await store.UpdateCoverageAsync(ExchangeId.Coinbase, c => c.Gapped(Now.AddMinutes(1), Now.AddTicks(-1)), Ct);

        (await store.ListCoverageAsync(Ct)).Should().BeEquivalentTo(
        [
            new ExchangeCoverage(ExchangeId.Bybit, Now, null, null),
            new ExchangeCoverage(ExchangeId.Coinbase, null, Now.AddTicks(-1), Now.AddMinutes(1)),
        ]);

        await store.UpdateCoverageAsync(ExchangeId.Coinbase, c => c.Covered(Now.AddMinutes(2), Now.AddTicks(-1)), Ct);
        (await store.ListCoverageAsync(Ct)).Should().ContainEquivalentOf(new ExchangeCoverage(ExchangeId.Coinbase, Now.AddMinutes(2), null, null), "the gap is closed");
    }

    [Fact]
    public async Task UpdateCoverageAsync_ConcurrentBatchesOfTwoProcesses_LoseNoChange()
    {
        // Twelve batches end at once, half through another instance: each leaves a gap from its own start.
        var store = await CreateStoreAsync();
        var other = (ICoverageStore)await OpenSameStoreAsync(store);

        await Task.WhenAll(Enumerable.Range(1, 12).Select(i =>
            (i % 2 == 0 ? store : other).UpdateCoverageAsync(ExchangeId.Binance, c => c.Gapped(Now.AddMinutes(i), Now.AddMinutes(-i)), Ct)));

        (await store.ListCoverageAsync(Ct)).Should().Equal(new ExchangeCoverage(ExchangeId.Binance, null, Now.AddMinutes(-12), Now.AddMinutes(12)));
    }

    [Fact]
    public async Task RecordOutcomeAsync_FailedThenDoneThenRedelivered_TheFirstDoneOneStaysExactly()
    {
        var store = await CreateStoreAsync();
        var failed = OutcomeOf("cycle-1", "binance:btc", done: false, Now.AddSeconds(5));
        var done = OutcomeOf("cycle-1", "binance:btc", done: true, Now.AddSeconds(40)) with
        {
            Checked = 2,
            Fired = 1,
            Notified = 1,
            NotChecked = 1,
            CheckFailures = [new CheckFailure("eth", ExchangeId.Binance, "ETHUSDT", "HTTP 503 after 3 attempts", NotCheckedBecause.NoPrice)],
        };

        await store.RecordOutcomeAsync(failed, Ct);
        await store.RecordOutcomeAsync(done, Ct);
        await store.RecordOutcomeAsync(OutcomeOf("cycle-1", "binance:btc", done: true, Now.AddSeconds(70)) with { Checked = 2 }, Ct);

        var kept = (await store.ListOutcomesAsync(Now, Ct)).Should().ContainSingle("one batch, however often its message came").Subject;
        kept.Should().BeEquivalentTo(done, "the redelivery found its claims and fired nothing: the first complete check counts");
    }

    [Fact]
    public async Task ListOutcomesAsync_OnlyThoseFinishedAfterSince_OfEveryCycleAndBatch()
    {
        var store = await CreateStoreAsync();
        await store.RecordOutcomeAsync(OutcomeOf("cycle-1", "binance:btc", done: true, Now.AddMinutes(1)), Ct);
        await store.RecordOutcomeAsync(OutcomeOf("cycle-2", "binance:btc", done: true, Now.AddMinutes(6)), Ct);
        await store.RecordOutcomeAsync(OutcomeOf("cycle-2", "bybit:sol", done: false, Now.AddMinutes(7)), Ct);

        (await store.ListOutcomesAsync(Now.AddMinutes(1), Ct)).Select(o => (o.CycleId, o.Batch)).Should().BeEquivalentTo([("cycle-2", "binance:btc"), ("cycle-2", "bybit:sol")]);
        (await store.ListOutcomesAsync(Now.AddMinutes(7), Ct)).Should().BeEmpty();
    }

    [Fact]
    public async Task RecordPricesAsync_TwoBatchesOfOneCycle_ShareTheSample_AndListPricesGivesOneSymbolInItsPeriod()
    {
        var store = await CreateStoreAsync();
        var forget = Now.AddDays(30);
        await store.RecordPricesAsync(new PriceSample(ExchangeId.Binance, Now, new Dictionary<string, SeenPrice> { ["BTCUSDT"] = new(97_250.5m, 97_400m, 96_999.99m) }, forget), Ct);
        await store.RecordPricesAsync(new PriceSample(ExchangeId.Binance, Now, new Dictionary<string, SeenPrice> { ["ETHUSDT"] = new(3_100.25m) }, forget), Ct);
        await store.RecordPricesAsync(new PriceSample(ExchangeId.Binance, Now.AddMinutes(1), new Dictionary<string, SeenPrice> { ["BTCUSDT"] = new(0.00000123m) }, forget), Ct);
        await store.RecordPricesAsync(new PriceSample(ExchangeId.Bybit, Now.AddMinutes(1), new Dictionary<string, SeenPrice> { ["BTCUSDT"] = new(97_300m) }, forget), Ct);
        await store.RecordPricesAsync(new PriceSample(ExchangeId.Binance, Now.AddMinutes(2), new Dictionary<string, SeenPrice> { ["BTCUSDT"] = new(97_500m) }, forget), Ct);

        (await store.ListPricesAsync(ExchangeId.Binance, "BTCUSDT", Now, Now.AddMinutes(1), Ct)).Should().Equal(
            new HistoryPoint(Now, 97_250.5m, 97_400m, 96_999.99m),
            new HistoryPoint(Now.AddMinutes(1), 0.00000123m, null, null));
        (await store.ListPricesAsync(ExchangeId.Binance, "ETHUSDT", Now.AddMinutes(-5), Now.AddMinutes(5), Ct)).Should().Equal(new HistoryPoint(Now, 3_100.25m, null, null));
        (await store.ListPricesAsync(ExchangeId.Bybit, "BTCUSDT", Now.AddMinutes(-5), Now.AddMinutes(5), Ct)).Should().Equal(new HistoryPoint(Now.AddMinutes(1), 97_300m, null, null));
        (await store.ListPricesAsync(ExchangeId.Coinbase, "BTC-USD", Now.AddMinutes(-5), Now.AddMinutes(5), Ct)).Should().BeEmpty();
    }

    [Fact]
    public async Task PutCandleDayAsync_ThenAgainFurther_GetGivesTheLatestExactly()
    {
        var store = await CreateStoreAsync();
        var day = DateOnly.FromDateTime(Now.UtcDateTime);
        var start = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var morning = new CandleDay(ExchangeId.Bybit, "BTCUSDT", day, start.AddHours(2), start.AddHours(6), [new Candle(start.AddHours(2), 97_001m, 96_900.5m, 97_000m), new Candle(start.AddMinutes(359), 0.00000125m, 0.00000121m, 0.00000123m)]);
        await store.PutCandleDayAsync(morning, Ct);
        var kept = await store.GetCandleDayAsync(ExchangeId.Bybit, "BTCUSDT", day, Ct);
        kept.Should().NotBeNull();
        kept!.From.Should().Be(start.AddHours(2));
        kept.Through.Should().Be(morning.Through);
        kept.Candles.Should().Equal(morning.Candles);

        var whole = morning with { From = start, Through = start.AddDays(1), Candles = [new Candle(start, 96_000m, 95_000m, 95_500m), .. morning.Candles, new Candle(start.AddMinutes(1439), 98_000m, 97_900m, 97_950m)] };
        await store.PutCandleDayAsync(whole, Ct);
        var replaced = await store.GetCandleDayAsync(ExchangeId.Bybit, "BTCUSDT", day, Ct);
        replaced!.From.Should().Be(start);
        replaced.Through.Should().Be(start.AddDays(1));
        replaced.Candles.Should().Equal(whole.Candles);

        (await store.GetCandleDayAsync(ExchangeId.Bybit, "BTCUSDT", day.AddDays(-1), Ct)).Should().BeNull();
        (await store.GetCandleDayAsync(ExchangeId.Binance, "BTCUSDT", day, Ct)).Should().BeNull();
        (await store.GetCandleDayAsync(ExchangeId.Bybit, "ETHUSDT", day, Ct)).Should().BeNull();
    }

    private static BatchOutcome OutcomeOf(string cycleId, string batch, bool done, DateTimeOffset finishedAt) => new(
        cycleId,
        Now,
        batch,
        Alerts: 3,
        CycleAlerts: 7,
        done,
        finishedAt,
        new Dictionary<ExchangeId, long> { [ExchangeId.Binance] = 3, [ExchangeId.Bybit] = 1 },
        [new ExchangeStatus(ExchangeId.Binance, ExchangeState.Degraded, Now.AddMinutes(-5), finishedAt, "HTTP 503 after 3 attempts", 1, null)]);

    private static async Task<Delivery> AddAndClaimAsync(ISignalStore store, Signal signal, DateTimeOffset firedAt) =>
        await AddAndClaimAsync(store, signal, firedAt, firedAt.AddMinutes(2));

    private static async Task<Delivery> AddAndClaimAsync(ISignalStore store, Signal signal, DateTimeOffset firedAt, DateTimeOffset? nextAttemptAt)
    {
        await store.AddAsync(signal, Ct);
        return await ClaimAsync(store, SignalSnapshot.From(signal), firedAt, nextAttemptAt);
    }

    /// <summary>Claims the alert as it is now, then re-arms it (as a repeating alert would be) for the next claim.</summary>
    private static async Task<Delivery> ClaimAndRearmAsync(ISignalStore store, string id, DateTimeOffset firedAt)
    {
        var signal = (await store.GetAsync(id, Ct))!;
        var firing = await ClaimAsync(store, SignalSnapshot.From(signal), firedAt, firedAt.AddMinutes(2));
        var triggered = (await store.GetAsync(id, Ct))!;
        (await store.UpdateAsync(triggered with { Status = SignalStatus.Pending }, Ct)).Should().BeTrue();
        return firing;
    }

    private static async Task<Delivery> ClaimAsync(ISignalStore store, SignalSnapshot snapshot, DateTimeOffset firedAt, DateTimeOffset? nextAttemptAt)
    {
        var firing = SignalFactory.FiringFor(snapshot, firedAt) with { NextAttemptAt = nextAttemptAt };
        (await store.ClaimTriggerAsync(snapshot, firing, Triggered, Ct)).Should().BeTrue();
        return firing;
    }
}
