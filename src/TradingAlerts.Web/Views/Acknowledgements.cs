using TradingAlerts.Core.Notifications;

namespace TradingAlerts.Web.Views;

/// <summary>Whether an urgent alert's escalation was acknowledged, in words, asked of Pushover when the page is shown.</summary>
public sealed class Acknowledgements(IReceiptLookup? receipts)
{
    public async Task<string> DescribeAsync(string receipt, CancellationToken ct)
    {
        if (receipts is null)
            return "acknowledgement unknown (no PUSHOVER_APP_TOKEN here to ask Pushover)";

        try
        {
            return await receipts.GetAsync(receipt, ct) switch
            {
                { Acknowledged: true, AcknowledgedAt: var at } => $"acknowledged {Format.Time(at)}",
                { Expired: true } => "expired unacknowledged",
                var status => $"not acknowledged yet (repeats until {Format.Time(status.ExpiresAt)})",
            };
        }
        catch (ReceiptLookupException e)
        {
            return $"acknowledgement unknown: {e.Message}";
        }
    }
}
