using System.Net;
using TradingAlerts.Core.Notifications;
using TradingAlerts.Http;

namespace TradingAlerts.Notifications.Pushover;

/// <summary>
/// Asks Pushover whether an emergency-priority notification was acknowledged: <c>GET /1/receipts/{receipt}.json?token=…</c>.
/// Give it a client from <see cref="ResilientHttp.Create"/> like <see cref="PushoverNotifier"/>'s. The app token is a
/// secret: no exception message contains it.
/// </summary>
public sealed class PushoverReceipts : IReceiptLookup
{
    private readonly HttpClient http;
    private readonly string appToken;
    private readonly Secret[] secrets;

    public PushoverReceipts(HttpClient http, string appToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentException.ThrowIfNullOrWhiteSpace(appToken);
        this.http = http;
        this.appToken = appToken;
        secrets = [new(appToken, "[app token]")];
    }

    /// <exception cref="ReceiptLookupException">Pushover did not say: the receipt is unknown (permanent), or it could not answer (transient).</exception>
    public async Task<ReceiptStatus> GetAsync(string receipt, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(receipt);
        var path = $"1/receipts/{Uri.EscapeDataString(receipt.Trim())}.json?token={Uri.EscapeDataString(appToken)}";
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        try
        {
            using var response = await http.SendAsync(request, ct);
            var answer = HttpDelivery.Read(await response.Content.ReadAsByteArrayAsync(ct), PushoverJsonContext.Default.PushoverReceiptResponse);
            var status = (int)response.StatusCode;
            if (status >= 500 || response.StatusCode == HttpStatusCode.TooManyRequests)
                throw Failure($"Pushover could not look up receipt {receipt}: {HttpFailures.StatusAfterAttempts(response)}", isTransient: true);

            if (answer is null && status < 400)
                throw Failure($"unreadable answer from Pushover to the lookup of receipt {receipt} (HTTP {status} without the expected JSON)", isTransient: true);

            if (answer is not { Status: 1 })
                throw Failure($"Pushover refused the lookup of receipt {receipt} (HTTP {status}){Errors(answer)}", isTransient: false);

            return new ReceiptStatus(
                answer.Acknowledged == 1,
                Time(answer.AcknowledgedAt),
                answer.Expired == 1,
                Time(answer.ExpiresAt));
        }
        catch (Exception e) when (e is not ReceiptLookupException && HttpFailures.Describe(e, request, ct) is { } reason)
        {
            throw Failure($"Pushover could not look up receipt {receipt}: {reason}", isTransient: true);
        }
    }

    private ReceiptLookupException Failure(string message, bool isTransient) => new(HttpDelivery.Redact(message, secrets), isTransient);

    private static string Errors(PushoverReceiptResponse? answer) =>
        answer?.Errors is { Count: > 0 } errors ? $": {string.Join("; ", errors)}" : string.Empty;

    private static DateTimeOffset? Time(long? unixSeconds) =>
        unixSeconds is > 0 and { } seconds ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null;
}
