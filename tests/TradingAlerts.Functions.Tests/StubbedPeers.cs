using System.Text.Json;
using TradingAlerts.Core.Signals;
using TradingAlerts.Testing;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace TradingAlerts.Functions.Tests;

/// <summary>
/// What both handler harnesses stand on: a stub Binance, Bybit and Coinbase answering 404 (so a fallback never leaves the
/// machine), a stub Pushover accepting every push, and the alerts they seed into their store.
/// </summary>
public abstract class StubbedPeers
{
    public const string AppToken = "azGDORePK8gMaC0QOYAMyEEuzJnyUi";

    protected StubbedPeers()
    {
        Binance = WireMockServer.Start();
        Others = WireMockServer.Start();
        Pushover = WireMockServer.Start();
        PushoverAnswers(200, """{"status":1,"request":"647d2300-702c-4b38-8b2f-d56326ae460b"}""");
    }

    public WireMockServer Binance { get; }

    /// <summary>Bybit and Coinbase: 404 to everything.</summary>
    public WireMockServer Others { get; }

    public WireMockServer Pushover { get; }

    /// <summary>The store the harness seeds and reads back.</summary>
    protected abstract ISignalStore Alerts { get; }

    /// <summary>An armed alert that never expires; the Pushover recipient is the default one unless given.</summary>
    public async Task<Signal> AddAsync(string id, string symbol, Condition condition, decimal target, string? userKey = null, string? owner = null)
    {
        // Created before the cycles the tests run (09:25): a Worker leaves an alert that armed after its cycle began for the next one.
        var signal = SignalFactory.Armed(id, symbol) with { Condition = condition, TargetPrice = target, ExpiresAt = null, UserId = userKey, Owner = owner, CreatedAt = SignalFactory.Now.AddHours(-1) };
        await Alerts.AddAsync(signal, CancellationToken.None);
        return signal;
    }

    public void BinancePrices(params (string Symbol, string Price)[] prices) => BinancePrices(null, prices);

    /// <param name="whileAnswering">Runs as each ticker request is answered (a test moves its clock there: a slow exchange).</param>
    public void BinancePrices(Action? whileAnswering, params (string Symbol, string Price)[] prices)
    {
        var body = JsonSerializer.Serialize(prices.Select(p => new Dictionary<string, string> { ["symbol"] = p.Symbol, ["price"] = p.Price }));
        Binance.Given(Request.Create().WithPath("/api/v3/ticker/price").UsingGet())
            .RespondWith(Response.Create().WithCallback(_ =>
            {
                whileAnswering?.Invoke();
                return new WireMock.ResponseMessage
                {
                    StatusCode = 200,
                    Headers = new Dictionary<string, WireMock.Types.WireMockList<string>> { ["Content-Type"] = new("application/json") },
                    BodyData = new WireMock.Util.BodyData { BodyAsString = body, DetectedBodyType = WireMock.Types.BodyType.String },
                };
            }));
    }

    public void PushoverAnswers(int status, string body)
    {
        Pushover.Reset();
        Pushover.Given(Request.Create().WithPath("/1/messages.json").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(body));
    }

    /// <summary>The functions' environment pointing at the stubs and the queue.</summary>
    protected Dictionary<string, string> PeerEnvironment(string queueUrl) => new()
    {
        ["BINANCE_API_URL"] = Binance.Url!,
        ["BYBIT_API_URL"] = Others.Url!,
        ["COINBASE_API_URL"] = Others.Url!,
        ["PUSHOVER_API_URL"] = Pushover.Url!,
        ["PUSHOVER_APP_TOKEN"] = AppToken,
        ["PUSHOVER_USER_KEY"] = SignalFactory.UserKey,
        ["TRADINGALERTS_QUEUE_URL"] = queueUrl,
    };

    protected void StopPeers()
    {
        Binance.Stop();
        Others.Stop();
        Pushover.Stop();
    }
}
