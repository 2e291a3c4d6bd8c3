using TradingAlerts.Core.Notifications;

namespace TradingAlerts.Storage;

/// <summary>The recipients' settings, one JSON document a row of the recipients table.</summary>
internal sealed class SqliteRecipients(SqliteDatabase database) : IRecipientStore
{
    public async Task PutRecipientAsync(Recipient recipient, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        await database.ExecuteAsync(
            "INSERT OR REPLACE INTO recipients (id, settings) VALUES ($id, $settings)",
            put =>
            {
                Bind(put, "$id", recipient.Id);
                Bind(put, "$settings", recipient.ToJson());
            },
            ct);
    }

    public async Task<Recipient?> GetRecipientAsync(string id, CancellationToken ct) =>
        await database.QueryAsync("SELECT settings FROM recipients WHERE id = $id", select => Bind(select, "$id", id), ReadRecipient, ct)
            .FirstOrDefaultAsync(ct);

    public async Task<IReadOnlyList<Recipient>> ListRecipientsAsync(CancellationToken ct) =>
        await database.QueryAsync("SELECT settings FROM recipients ORDER BY id", bind: null, ReadRecipient, ct).ToListAsync(ct);

    public async Task<bool> RemoveRecipientAsync(string id, CancellationToken ct) =>
        await database.ExecuteAsync("DELETE FROM recipients WHERE id = $id", delete => Bind(delete, "$id", id), ct) == 1;

    private static Recipient ReadRecipient(SqliteDataReader row) => Recipient.FromJson(row.Text("settings"));
}
