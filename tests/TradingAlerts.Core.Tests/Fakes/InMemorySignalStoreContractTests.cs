using TradingAlerts.Core.Signals;
using TradingAlerts.Testing;

namespace TradingAlerts.Core.Tests.Fakes;

/// <summary>The in-memory fake under the same contract as SQLite and DynamoDB: one instance is its only "same store".</summary>
public sealed class InMemorySignalStoreContractTests : SignalStoreContract
{
    protected override Task<IStore> CreateStoreAsync() => Task.FromResult<IStore>(new InMemorySignalStore());

    protected override Task<ISignalStore> OpenSameStoreAsync(ISignalStore store) => Task.FromResult(store);
}
