using Microsoft.Extensions.Time.Testing;
using TradingAlerts.Core.Accounts;
using TradingAlerts.Core.Signals;
using TradingAlerts.Core.Tests.Fakes;
using TradingAlerts.Testing;

namespace TradingAlerts.Core.Tests;

/// <summary>The team's account rules: who takes which alerts, who may be removed, and that secrets are kept only as hashes.</summary>
public sealed class TeamAccountsTests
{
    private const string Password = "correct horse battery";
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly InMemorySignalStore store = new();
    private readonly TeamAccounts team;

    public TeamAccountsTests() => team = new TeamAccounts(store, store, new FakeTimeProvider(SignalFactory.Now));

    [Fact]
    public async Task Add_FirstAdmin_TakesEveryAlertWithoutOwner_LaterAdminTakesNone()
    {
        await store.AddAsync(SignalFactory.Armed("a1"), None);
        await store.AddAsync(SignalFactory.Armed("a2"), None);
        await store.AddAsync(SignalFactory.Armed("b1") with { Owner = "someone" }, None);

        var first = await team.AddAsync("ann", AccountRole.Admin, null, Password, None);
        await store.AddAsync(SignalFactory.Armed("a3"), None);
        var second = await team.AddAsync("bob", AccountRole.Admin, null, Password, None);

        first.AlertsTaken.Should().Be(2);
        second.AlertsTaken.Should().Be(0, "only the first admin inherits the single identity's alerts");
        (await store.GetAsync("a1", None))!.Owner.Should().Be("ann");
        (await store.GetAsync("b1", None))!.Owner.Should().Be("someone");
        (await store.GetAsync("a3", None))!.Owner.Should().BeNull();
    }

    [Fact]
    public async Task Add_MemberFirst_IsRefused_AndWritesNothing()
    {
        var refused = await FluentActions.Awaiting(() => team.AddAsync("mia", AccountRole.Member, null, Password, None)).Should().ThrowAsync<AccountException>();

        refused.Which.Refusal.Should().Be(AccountRefusal.MemberFirst);
        refused.Which.Message.Should().Contain("the first account must be an admin");
        (await store.ListAccountsAsync(None)).Should().BeEmpty();
    }

    [Fact]
    public async Task Add_BadNameTakenNameShortPassword_AreNamedRefusals()
    {
        await team.AddAsync("ann", AccountRole.Admin, null, Password, None);

        (await Refusal(() => team.AddAsync("ann smith", AccountRole.Member, null, Password, None))).Should().Be(AccountRefusal.BadName);
        (await Refusal(() => team.AddAsync("ann", AccountRole.Member, null, Password, None))).Should().Be(AccountRefusal.TakenName);
        (await Refusal(() => team.AddAsync("bob", AccountRole.Member, null, "short", None))).Should().Be(AccountRefusal.BadPassword);
        (await Refusal(() => team.AddAsync("bob", AccountRole.Member, "nokey", Password, None))).Should().Be(AccountRefusal.BadPushoverKey);
        (await Refusal(() => team.SetPasswordAsync("zed", Password, None))).Should().Be(AccountRefusal.UnknownAccount);
        (await store.ListAccountsAsync(None)).Select(a => a.Name).Should().Equal("ann");
    }

    [Fact]
    public async Task Add_WithoutPassword_HandsOutAOneTimePasswordThatVerifies_StoresOnlyItsHash()
    {
        var added = await team.AddAsync("ann", AccountRole.Admin, SignalFactory.UserKey, null, None);

        var stored = (await store.GetAccountAsync("ann", None))!;
        added.OneTimePassword.Should().NotBeNull();
        stored.PasswordHash.Should().NotContain(added.OneTimePassword!);
        Passwords.Verify(stored, added.OneTimePassword).Should().BeTrue();
        stored.PushoverKey.Should().Be(SignalFactory.UserKey);
    }

    [Fact]
    public async Task Remove_Member_HandsTheirAlertsToTheFirstOtherAdmin()
    {
        await team.AddAsync("zoe", AccountRole.Admin, null, Password, None);
        await team.AddAsync("amy", AccountRole.Admin, null, Password, None);
        await team.AddAsync("mia", AccountRole.Member, null, Password, None);
        await store.AddAsync(SignalFactory.Armed("m1") with { Owner = "mia" }, None);
        await store.AddAsync(SignalFactory.Armed("m2") with { Owner = "mia" }, None);

        var removed = await team.RemoveAsync("mia", None);

        removed.Should().Be(new RemovedAccount("mia", "amy", 2));
        (await store.GetAsync("m1", None)).Should().Match<Signal>(s => s.Owner == "amy" && s.Active);
        (await store.GetAccountAsync("mia", None)).Should().BeNull();
    }

    [Fact]
    public async Task Remove_TheOnlyAccount_DisablesItsAlerts()
    {
        await team.AddAsync("ann", AccountRole.Admin, null, Password, None);
        await store.AddAsync(SignalFactory.Armed("a1") with { Owner = "ann" }, None);

        var removed = await team.RemoveAsync("ann", None);

        removed.Should().Be(new RemovedAccount("ann", null, 1));
        (await store.GetAsync("a1", None)).Should().Match<Signal>(s => s.Owner == null && !s.Active);
    }

    [Fact]
    public async Task Remove_LastAdminWhileMembersRemain_IsRefused()
    {
        await team.AddAsync("ann", AccountRole.Admin, null, Password, None);
        await team.AddAsync("mia", AccountRole.Member, null, Password, None);

        (await Refusal(() => team.RemoveAsync("ann", None))).Should().Be(AccountRefusal.LastAdmin);
        (await Refusal(() => team.RemoveAsync("zed", None))).Should().Be(AccountRefusal.UnknownAccount);
        (await store.ListAccountsAsync(None)).Should().HaveCount(2);
    }

    [Fact]
    public async Task IssueToken_StoresOnlyItsHash_RemoveRevokesIt()
    {
        await team.AddAsync("ann", AccountRole.Admin, null, Password, None);
        await team.AddAsync("mia", AccountRole.Member, null, Password, None);

        var issued = await team.IssueTokenAsync("mia", readOnly: true, None);

        var stored = await store.GetCredentialAsync(Secrets.HashOf(issued.Token), None);
        stored.Should().Be(new Credential(Secrets.HashOf(issued.Token), "mia", CredentialKind.ReadOnlyToken, SignalFactory.Now, null));
        stored!.Hash.Should().NotContain(issued.Token);
        (await store.GetCredentialAsync(issued.Token, None)).Should().BeNull("the token itself is no key of the store");
        await team.RemoveAsync("mia", None);
        (await store.GetCredentialAsync(stored.Hash, None)).Should().BeNull();
    }

    [Fact]
    public async Task Totp_EnrolKeepsTheSecretAndResetsTheLastStep_OffRemovesIt()
    {
        await team.AddAsync("ann", AccountRole.Admin, null, Password, None);
        await store.UpdateAccountAsync((await store.GetAccountAsync("ann", None))! with { TotpSecret = "OLD", TotpLastStep = 42 }, None);

        var enrolment = await team.EnrolTotpAsync("ann", None);
        var enrolled = (await store.GetAccountAsync("ann", None))!;
        await team.RemoveTotpAsync("ann", None);

        enrolled.TotpSecret.Should().Be(enrolment.Secret);
        enrolled.TotpLastStep.Should().BeNull();
        (await store.GetAccountAsync("ann", None))!.TotpSecret.Should().BeNull();
    }

    private static async Task<AccountRefusal> Refusal(Func<Task> change) =>
        (await FluentActions.Awaiting(change).Should().ThrowAsync<AccountException>()).Which.Refusal;
}
