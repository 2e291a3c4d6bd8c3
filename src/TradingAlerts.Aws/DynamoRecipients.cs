using TradingAlerts.Core.Notifications;
using static TradingAlerts.Aws.DynamoTable;

namespace TradingAlerts.Aws;

/// <summary>The recipients, items under <c>recipient#&lt;id&gt;</c> that hold a recipient's settings as JSON.</summary>
internal sealed class DynamoRecipients(DynamoTable table) : IRecipientStore
{
    public async Task PutRecipientAsync(Recipient recipient, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        await table.PutAsync(
            new Dictionary<string, AttributeValue>
            {
                [Attr.Id] = S(RecipientKey(recipient.Id)),
                [Attr.Kind] = S(Kinds.Recipient),
                [Attr.Settings] = S(recipient.ToJson()),
            },
            ct);
    }

    public async Task<Recipient?> GetRecipientAsync(string id, CancellationToken ct)
    {
        var item = await table.GetAsync(RecipientKey(id), ct);
        return IsKind(item, Kinds.Recipient) ? ToRecipient(item!) : null;
    }

    public async Task<IReadOnlyList<Recipient>> ListRecipientsAsync(CancellationToken ct)
    {
        // Recipients are few; a filtered scan reads the table once, for an operator's listing only.
        var recipients = new List<Recipient>();
        await foreach (var item in table.ScanAllAsync(
            new ScanRequest
            {
                FilterExpression = "#kind = :recipient",
                ExpressionAttributeNames = NamesFor("#kind"),
                ExpressionAttributeValues = new() { [":recipient"] = S(Kinds.Recipient) },
            },
            ct))
        {
            recipients.Add(ToRecipient(item));
        }

        return recipients.OrderBy(r => r.Id, StringComparer.Ordinal).ToList();
    }

    public Task<bool> RemoveRecipientAsync(string id, CancellationToken ct) => table.DeleteAsync(RecipientKey(id), Kinds.Recipient, ct);

    private static string RecipientKey(string id) => RecipientPrefix + id;

    private static Recipient ToRecipient(Dictionary<string, AttributeValue> item) => Recipient.FromJson(Text(item, Attr.Settings));
}
