using TradingAlerts.Aws;
using TradingAlerts.Core.Sheets;
using TradingAlerts.Core.Signals;
using TradingAlerts.Testing;
using TradingAlerts.Testing.Emulators;
using TradingAlerts.Testing.Stubs;

namespace TradingAlerts.Sheets.Tests;

/// <summary>A 5 000-row sheet into each real store: everything added once, a re-sync writes nothing, a 1 % edit writes 1 %.</summary>
[Collection(DynamoDbLocal.Collection)]
public sealed class LargeSheetTests(DynamoDbLocal dynamo) : IDisposable
{
    public const int Rows = 5_000;
    private static readonly CancellationToken Ct = CancellationToken.None;

    private readonly SheetHarness h = new();

    public void Dispose() => h.Dispose();

    [Fact]
    public async Task Sync_5000RowsIntoSqlite_AddsAllThenWritesOnlyWhatChanged()
    {
        await SyncThreeTimesAsync(new CountingSignalStore(h.Store));
    }

    [Fact]
    public async Task Sync_5000RowsIntoDynamoDbLocal_AddsAllThenWritesOnlyWhatChanged()
    {
        using var client = dynamo.CreateClient();
        var table = "sheets-" + Guid.NewGuid().ToString("N")[..8];
        var store = new DynamoSignalStore(client, table);
        await store.InitializeAsync(Ct);
        try
        {
            await SyncThreeTimesAsync(new CountingSignalStore(store));
        }
        finally
        {
            await client.DeleteTableAsync(table, Ct);
        }
    }

    private async Task SyncThreeTimesAsync(CountingSignalStore store)
    {
        h.Google.ServesValues("Alerts!A1:I5001", GoogleSheetsStub.TeamSheet(Rows));
        var sync = h.Sync(h.Google.ApiEnvironment(), [], store);

        var first = await sync.SyncAsync(new SheetSyncOptions(), Ct);
        first.Added.Should().Be(Rows);
        first.Invalid.Should().BeEmpty();
        store.Writes.Should().Be(Rows);
        var stored = await store.ListAsync(Ct).ToListAsync();
        stored.Should().HaveCount(Rows).And.OnlyContain(s => s.Source == SignalSource.Sheets && s.SheetKey != null);
        stored.Single(s => s.Id == "row-42").TargetPrice.Should().Be(1042m);

        var again = await sync.SyncAsync(new SheetSyncOptions(), Ct);
        again.Changes.Should().BeEmpty();
        again.Unchanged.Should().Be(Rows);
        store.Writes.Should().Be(Rows, "an unchanged row writes nothing");

        h.Google.ServesValues("Alerts!A1:I5001", GoogleSheetsStub.TeamSheet(Rows, editEvery: 100));
        var edited = await sync.SyncAsync(new SheetSyncOptions(), Ct);
        edited.Updated.Should().Be(Rows / 100);
        edited.Changes.Should().OnlyContain(c => c.Kind == SheetChangeKind.Updated);
        store.Writes.Should().Be(Rows + (Rows / 100));
        h.Google.ValuesGets.Should().Be(3, "one values.get per sync");
        h.Google.TokenRequests.Should().Be(1, "the token is cached across syncs");
    }
}
