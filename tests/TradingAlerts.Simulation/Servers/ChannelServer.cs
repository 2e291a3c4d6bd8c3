using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using TradingAlerts.Simulation.Processes;
using TradingAlerts.Simulation.World;

namespace TradingAlerts.Simulation.Servers;

/// <summary>
/// Pushover and the recipients' webhooks. A message that reaches the service is on the phone (logged as
/// <see cref="Received"/>) from the moment it arrives, whatever happens to the answer: a slow answer, or one that comes
/// after the client stopped waiting, does not unsend it. Refused connections, 5xx and 429 deliver nothing.
/// </summary>
internal sealed class ChannelServer(SimWorld world)
{
    public const string PushoverHost = "pushover.sim";
    public const string WebhookHost = "hooks.sim";

    public async Task<HttpResponseMessage> HandleAsync(string channel, HttpRequestMessage request, SimProcess process, CancellationToken ct)
    {
        world.Log.ChannelRequests++;
        var now = world.Time.Now;
        var key = $"{channel}|{now.UtcTicks}|{world.Log.ChannelRequests}";
        var fault = world.Plan.ChannelFaults.FirstOrDefault(f => f.Covers(channel, now));
        if (fault?.Kind == ChannelFaultKind.Refused)
            throw new HttpRequestException(HttpRequestError.ConnectionError, $"Connection refused ({request.RequestUri!.Authority})", new SocketException((int)SocketError.ConnectionRefused));

        var latency = TimeSpan.FromMilliseconds(80 + (700 * world.Chance("latency|" + key)));
        HttpResponseMessage response;
        Received? received = null;
        switch (fault?.Kind)
        {
            case ChannelFaultKind.ServerError:
                response = Json(HttpStatusCode.InternalServerError, """{"status":0,"errors":["internal error"]}""");
                break;
            case ChannelFaultKind.RateLimited:
                response = Json(HttpStatusCode.TooManyRequests, """{"status":0,"errors":["message limit reached"]}""");
                response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(30 + (int)(90 * world.Chance("retry-after|" + key))));
                break;
            default:
                received = await ReadAsync(channel, request, process, now, ct);
                world.Log.Received.Add(received);
                response = channel == "pushover"
                    ? Json(HttpStatusCode.OK, received.Urgent ? $$"""{"status":1,"request":"req-{{world.Log.ChannelRequests}}","receipt":"rcpt{{world.Log.ChannelRequests}}"}""" : $$"""{"status":1,"request":"req-{{world.Log.ChannelRequests}}"}""")
                    : Json(HttpStatusCode.OK, """{"ok":true}""");
                latency = fault?.Kind switch
                {
                    ChannelFaultKind.Slow => TimeSpan.FromSeconds(12 + (13 * world.Chance("slow|" + key))),
                    ChannelFaultKind.NoAnswer => TimeSpan.FromSeconds(35 + (55 * world.Chance("slow|" + key))),
                    _ => latency,
                };
                break;
        }

        try
        {
            await world.Time.Delay(latency, ct);
        }
        catch (OperationCanceledException)
        {
            received?.ClientGaveUp = true;
            throw;
        }

        return response;
    }

    private static async Task<Received> ReadAsync(string channel, HttpRequestMessage request, SimProcess process, DateTimeOffset now, CancellationToken ct)
    {
        var body = await request.Content!.ReadAsStringAsync(ct);
        if (channel == "pushover")
        {
            var form = body.Split('&').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => Uri.UnescapeDataString(p[1].Replace('+', ' ')));
            return new Received
            {
                Channel = channel,
                Process = process.Name,
                At = now,
                Recipient = form["user"],
                Title = form["title"],
                Message = form["message"],
                Urgent = form.GetValueOrDefault("priority") == "2",
            };
        }

        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        return new Received
        {
            Channel = channel,
            Process = process.Name,
            At = now,
            Recipient = request.RequestUri!.AbsoluteUri,
            Title = root.GetProperty("title").GetString()!,
            Message = root.GetProperty("message").GetString()!,
            AlertId = root.TryGetProperty("alert_id", out var id) ? id.GetString() : null,
        };
    }

    private static HttpResponseMessage Json(HttpStatusCode status, string body) =>
        new(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
}
