using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Time.Testing;
using TradingAlerts.Http;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Types;

namespace TradingAlerts.Exchanges.Tests;

/// <summary>
/// What every exchange source (price source, catalog, candle source, of every exchange) does with the HTTP it gets,
/// run against each one through a real HTTP server on loopback: retries, timeouts, the rate-limit window, bodies it
/// cannot read, the caller's cancellation, the User-Agent.
/// </summary>
/// <param name="exchange">The exchange of the source under test.</param>
/// <param name="path">The path its call asks (the query aside).</param>
/// <param name="goodBody">A good answer to that call, as the exchange documents it.</param>
public abstract class ExchangeSourceContract(ExchangeId exchange, string path, string goodBody) : IDisposable
{
    /// <summary>Real (system-clock) retry delays of a few ms, and timeouts generous enough for a cold first request.</summary>
    protected static readonly HttpRetryOptions FastRetries = new()
    {
        MaxRetries = 2,
        BaseDelay = TimeSpan.FromMilliseconds(5),
        AttemptTimeout = TimeSpan.FromSeconds(5),
        TotalTimeout = TimeSpan.FromSeconds(20),
    };

    private readonly List<HttpClient> clients = [];
    private HttpClient? http;

    protected ExchangeId Exchange { get; } = exchange;

    protected string Path { get; } = path;

    protected string GoodBody { get; } = goodBody;

    protected WireMockServer Server { get; } = WireMockServer.Start();

    protected FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 7, 1, 12, 0, 0, TimeSpan.Zero));

    /// <summary>Requests that reached the wire through <see cref="Http"/>, retries included.</summary>
    protected RequestCounter Counter { get; } = new();

    protected HttpClient Http => http ??= Own(ResilientHttp.Create(new Uri(Server.Url!), FastRetries, Counter));

    /// <summary>The query parameters of the contract's call, all of them.</summary>
    protected abstract IReadOnlyDictionary<string, string[]> Query { get; }

    [Fact]
    public async Task AnyCall_ServerErrorThenGoodAnswer_SucceedsOnTheSecondRequest()
    {
        ServeInTurn((503, "Service Unavailable"), (200, GoodBody));

        await NewCall(Http)(CancellationToken.None);

        (Counter.Count, Counter.Failures).Should().Be((2, 1), "the 503 failed on the wire, however the retry ended");
    }

    [Fact]
    public async Task AnyCall_AlwaysServerError_FailsAfterThreeAttempts()
    {
        (await FailureReasonAsync(503, "Service Unavailable")).Should().Be("HTTP 503 after 3 attempts");
        (Counter.Count, Counter.Failures).Should().Be((3, 3));
    }

    [Fact]
    public async Task AnyCall_RateLimitedWithRetryAfter_SendsNothingUntilTheWaitHasPassed()
    {
        Serve(429, """{"message":"Too many requests"}""", ("Retry-After", "30"));
        var call = NewCall(Http);

        (await ReasonOfFailureAsync(call)).Should().Be("rate limited (HTTP 429), retry after 30 s");
        Counter.Count.Should().Be(1, "a 429 is never retried");

        Clock.Advance(TimeSpan.FromSeconds(29));
        (await ReasonOfFailureAsync(call)).Should()
            .Be($"rate limited (HTTP 429), no request to {Exchange} before 2026-07-01 12:00:30 UTC (1 s from now)");
        Counter.Count.Should().Be(1, "no request may be sent within the Retry-After window");

        Server.ResetMappings();
        Serve(200, GoodBody);
        Clock.Advance(TimeSpan.FromSeconds(2));
        await call(CancellationToken.None);
        (Counter.Count, Counter.Failures).Should().Be((2, 1), "the 429 failed; the request held back reached no wire");
    }

    [Fact]
    public async Task AnyCall_AnswerSlowerThanAttemptTimeout_FailsWithTimeoutReason()
    {
        Server.Given(Request.Create().WithPath(Path).UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithBody(GoodBody).WithDelay(TimeSpan.FromSeconds(1)));
        var impatient = Own(ResilientHttp.Create(new Uri(Server.Url!), FastRetries with { AttemptTimeout = TimeSpan.FromMilliseconds(100) }));

        var reason = await ReasonOfFailureAsync(NewCall(impatient));

        reason.Should().Be("no answer within 0.1 s, after 3 attempts");
    }

    [Fact]
    public async Task AnyCall_NothingListening_FailsWithCannotConnect()
    {
        var port = UnusedLoopbackPort();
        var nowhere = Own(ResilientHttp.Create(new Uri($"http://127.0.0.1:{port}"), FastRetries, Counter));

        var reason = await ReasonOfFailureAsync(NewCall(nowhere));

        reason.Should().StartWith($"cannot connect to 127.0.0.1:{port}: ");
        (Counter.Count, Counter.Failures).Should().Be((3, 3), "each attempt that found no one listening failed");
    }

    [Theory]
    [InlineData("<!DOCTYPE html><html><body>Cloudflare: checking your browser</body></html>", "unreadable response: an HTML page, not JSON")]
    [InlineData("Service temporarily unavailable", "unreadable response: not JSON (starts \"Service temporarily unavailable\")")]
    [InlineData("", "unreadable response: an empty body")]
    [InlineData("null", "unreadable response: null instead of ")]
    public async Task AnyCall_BodyThatIsNotAnAnswer_FailsUnreadableNamingTheProblem(string body, string expectedStart) =>
        (await FailureReasonAsync(200, body)).Should().StartWith(expectedStart);

    [Fact]
    public async Task AnyCall_TruncatedAnswer_FailsUnreadableAsMalformedJson() =>
        (await FailureReasonAsync(200, GoodBody[..(GoodBody.Length / 2)])).Should().StartWith("unreadable response: malformed or truncated JSON");

    [Fact]
    public async Task AnyCall_CallerCancels_ThrowsOperationCanceled()
    {
        Server.Given(Request.Create().WithPath(Path).UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithBody(GoodBody).WithDelay(TimeSpan.FromSeconds(1)));
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await FluentActions.Awaiting(() => NewCall(Http)(cancellation.Token))
            .Should().ThrowAsync<OperationCanceledException>();
    }

    [Fact]
    public async Task AnyCall_GoodAnswer_SentOnceToItsPathWithItsQueryAndOurUserAgent()
    {
        Serve(200, GoodBody);

        await NewCall(Http)(CancellationToken.None);

        var request = Server.LogEntries.Should().ContainSingle().Which.RequestMessage;
        request.Path.Should().Be(Path);
        (request.Query ?? new Dictionary<string, WireMockList<string>>()).Should().BeEquivalentTo(Query);
        request.Headers!["User-Agent"].Should().ContainSingle().Which.Should().Be(ResilientHttp.UserAgent, "Coinbase refuses a request without one");
    }

    public void Dispose()
    {
        foreach (var client in clients)
            client.Dispose();

        Server.Stop();
        Server.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// A new source of the kind under test, on <paramref name="client"/> and <see cref="Clock"/>; the call asks it
    /// once, as a caller would, and checks what it read from <see cref="GoodBody"/>.
    /// </summary>
    protected abstract Func<CancellationToken, Task> NewCall(HttpClient client);

    protected void Serve(int status, string body, params (string Name, string Value)[] headers) =>
        ServeAt(Path, status, body, headers);

    protected void ServeAt(string requestPath, int status, string body, params (string Name, string Value)[] headers)
    {
        var response = Response.Create().WithStatusCode(status).WithBody(body);
        foreach (var (name, value) in headers)
            response = response.WithHeader(name, value);

        Server.Given(Request.Create().WithPath(requestPath).UsingGet()).RespondWith(response);
    }

    /// <summary>Answers the requests to <see cref="Path"/> with <paramref name="answers"/>, one after the other; the last one stays.</summary>
    protected void ServeInTurn(params (int Status, string Body)[] answers)
    {
        for (var turn = 0; turn < answers.Length; turn++)
        {
            var mapping = Server.Given(Request.Create().WithPath(Path).UsingGet()).InScenario("in turn");
            if (turn > 0)
                mapping = mapping.WhenStateIs($"answer {turn}");
            if (turn < answers.Length - 1)
                mapping = mapping.WillSetStateTo($"answer {turn + 1}");

            mapping.RespondWith(Response.Create().WithStatusCode(answers[turn].Status).WithBody(answers[turn].Body));
        }
    }

    /// <summary>Serves one answer and returns the reason a new source's call fails with.</summary>
    protected Task<string> FailureReasonAsync(int status, string body, params (string Name, string Value)[] headers)
    {
        Serve(status, body, headers);
        return ReasonOfFailureAsync(NewCall(Http));
    }

    /// <summary>The reason the call failed with, after checking that it names the exchange under test.</summary>
    protected async Task<string> ReasonOfFailureAsync(Func<CancellationToken, Task> call)
    {
        var failure = await FluentActions.Awaiting(() => call(CancellationToken.None))
            .Should().ThrowAsync<ExchangeUnavailableException>();
        failure.Which.Exchange.Should().Be(Exchange);
        return failure.Which.Reason;
    }

    /// <summary>The query parameters of every request the server saw, in order.</summary>
    protected IReadOnlyList<IDictionary<string, WireMockList<string>>> Queries() =>
        Server.LogEntries.Select(e => e.RequestMessage.Query ?? new Dictionary<string, WireMockList<string>>()).ToList();

    protected HttpClient Own(HttpClient client)
    {
        clients.Add(client);
        return client;
    }

    /// <summary>A loopback port nothing listens on: the system's choice for a socket that is closed again at once.</summary>
    private static int UnusedLoopbackPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
