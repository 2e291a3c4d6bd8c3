using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using TradingAlerts.Core.Analytics;
using TradingAlerts.Core.Backtesting;
using TradingAlerts.Core.Configuration;
using TradingAlerts.Core.Prices;
using TradingAlerts.Core.Sheets;
using TradingAlerts.Core.Signals;
using TradingAlerts.Core.Transfer;
using TradingAlerts.Web.Security;
using TradingAlerts.Web.Views;

namespace TradingAlerts.Web.Api;

/// <summary>
/// The JSON API for scripts, with the same validation as the CLI and the data model's snake_case names. Errors are
/// RFC 7807 problem details; a bad value is a 400 whose <c>errors</c> are keyed by the field's name.
/// </summary>
internal static class SignalApi
{
    public static void MapSignalApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api");
        api.MapGet("/signals", ListAsync);
        api.MapPost("/signals", CreateAsync);
        api.MapGet("/signals/{id}", GetAsync);
        api.MapDelete("/signals/{id}", DeleteAsync);
        api.MapGet("/price", PriceAsync);
        // The whole team's sheet: with accounts, admins only. The stats and history are scoped to the viewer instead.
        api.MapPost("/sync", SyncAsync).RequireAuthorization(Access.AdminsOnly);
        api.MapGet("/stats", StatsAsync);
        api.MapGet("/history", HistoryAsync);
        api.MapGet("/backtest", BacktestAsync);
        api.MapGet("/describe", DescribeAsync);
    }

    private static async Task<IResult> ListAsync(HttpContext context, OwnedSignals owned, CurrentPrices prices, string? status, string? exchange, string? owner, CancellationToken ct)
    {
        var errors = new List<ValidationError>();
        SignalStatus? wantedStatus = null;
        if (status is not null)
        {
            if (WireNames.TryParseStatus(status, out var parsed))
                wantedStatus = parsed;
            else
                errors.Add(new("status", $"must be one of {WireNames.Choices<SignalStatus>(WireNames.ToWire)} (got '{status}')"));
        }

        ExchangeId? wantedExchange = null;
        if (exchange is not null)
        {
            if (WireNames.TryParseExchange(exchange, out var parsed))
                wantedExchange = parsed;
            else
                errors.Add(new("exchange", $"must be one of {WireNames.Choices<ExchangeId>(WireNames.ToWire)} (got '{exchange}')"));
        }

        if (errors.Count > 0)
            return Invalid(errors);

        var signals = await owned.ListAsync(
            Viewer.Of(context), owner, s => (wantedStatus is null || s.Status == wantedStatus) && (wantedExchange is null || s.Exchange == wantedExchange), ct);
        // The list page's figures beside the data model's fields (added, none changed), so its script refreshes from here.
        var lines = await prices.ForAsync(signals, ct);
        var items = JsonNode.Parse(SignalJson.Serialize(signals))!.AsArray();
        foreach (var (item, line) in items.Zip(lines))
        {
            item!["owner"] = line.Signal.Owner;
            item["current_price"] = line.Price?.Price;
            item["price_exchange"] = line.Price?.Exchange?.ToWire();
            item["distance_pct"] = line.Distance is { } distance ? Math.Round(distance, 4) : null;
        }

        return Json(items.ToJsonString(Indented));
    }

    private static async Task<IResult> CreateAsync(HttpRequest request, SignalIntake intake, ISignalStore store, CancellationToken ct)
    {
        if (!request.HasJsonContentType())
            return Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, detail: "send the alert as JSON (Content-Type: application/json)");

        SignalDraft draft;
        string? namedOwner;
        try
        {
            using var reader = new StreamReader(request.Body);
            var json = await reader.ReadToEndAsync(ct);
            draft = SignalJson.ReadDraft(json);
            namedOwner = OwnerNamedIn(json);
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The body is not an alert object", detail: e.Message);
        }

        var (owner, refusal) = OwnedSignals.OwnerOfNew(Viewer.Of(request.HttpContext), namedOwner);
        if (refusal is not null)
            return Invalid([new("owner", refusal)]);

        try
        {
            var (signal, warnings) = await intake.CreateAsync(draft with { Owner = owner }, SignalSource.Ui, ct);
            await store.AddAsync(signal, ct);
            var body = Body(signal);
            body["warnings"] = new JsonArray(warnings.Select(w => (JsonNode?)JsonValue.Create(w)).ToArray());
            return new CreatedAt($"/api/signals/{signal.Id}", Results.Text(body.ToJsonString(Indented), "application/json", statusCode: StatusCodes.Status201Created));
        }
        catch (SignalValidationException e)
        {
            return Invalid(e.Errors);
        }
    }

    private static async Task<IResult> GetAsync(HttpContext context, string id, OwnedSignals owned, IDeliveryStore deliveries, CancellationToken ct)
    {
        if (await owned.FindAsync(Viewer.Of(context), id, ct) is not { } signal)
            return NotFound(id);

        var body = Body(signal);
        var firings = (await deliveries.ListDeliveriesAsync(id, ct)).Select(Shown.Delivery).ToList();
        body["firings"] = JsonNode.Parse(JsonSerializer.Serialize(firings, SignalJsonContext.Default.IReadOnlyListDelivery));
        return Json(body.ToJsonString(Indented));
    }

    private static async Task<IResult> DeleteAsync(HttpContext context, string id, OwnedSignals owned, CancellationToken ct) =>
        await owned.RemoveAsync(Viewer.Of(context), id, ct) is not null ? Results.NoContent() : NotFound(id);

    /// <summary>The body's <c>owner</c> (an object, as <see cref="SignalJson.ReadDraft"/> found), or null when it names none.</summary>
    private static string? OwnerNamedIn(string json)
    {
        using var document = JsonDocument.Parse(json);
        return !document.RootElement.TryGetProperty("owner", out var owner) || owner.ValueKind == JsonValueKind.Null ? null
            : owner.ValueKind == JsonValueKind.String ? owner.GetString()
            : throw new FormatException("owner must be an account's name, as text");
    }

    /// <summary>An alert as the API shows it: the data model's fields (keys masked) and its owner.</summary>
    private static JsonObject Body(Signal signal)
    {
        var body = JsonNode.Parse(SignalJson.Serialize(Shown.Signal(signal)))!.AsObject();
        body["owner"] = signal.Owner;
        return body;
    }

    private static async Task<IResult> PriceAsync(PriceCheck check, string? symbol, string? exchange, CancellationToken ct)
    {
        if (!TryExchange(exchange, out var only, out var invalid))
            return invalid!;

        try
        {
            var comparison = await check.CompareAsync(symbol, only, ct);
            return Results.Json(
                new PriceAnswerJson(
                    comparison.Pair.ToString(),
                    comparison.Quotes.Select(q => new QuoteJson(q.Exchange.ToWire(), q.Symbol, q.Price, (long)q.Latency.TotalMilliseconds, q.Error)).ToList()),
                ApiJsonContext.Default.PriceAnswerJson);
        }
        catch (SignalValidationException e)
        {
            return Invalid(e.Errors);
        }
    }

    /// <summary>
    /// The dashboard's figures (<c>tradingalerts stats --json</c>) of the alerts the viewer may see (an admin's of
    /// <c>owner</c> when given): <c>since</c> is the period, 7d unless given.
    /// </summary>
    private static async Task<IResult> StatsAsync(HttpContext context, StatsReport report, string? since, string? owner, CancellationToken ct)
    {
        if (!StatsReport.TryParsePeriod(since ?? StatsReport.DefaultPeriod, out var period, out var error))
            return Invalid([new("since", error!)]);

        return Json((await report.ForAsync(period, OwnedSignals.StatsScope(Viewer.Of(context), owner), ct)).ToJson());
    }

    /// <summary>
    /// The prices the cycles saw (<c>tradingalerts history --json</c>): <c>since</c> is the period, 24h unless given;
    /// every exchange unless <c>exchange</c> is. A member gets only the exchanges where one of their alerts watches the
    /// pair, and 404 when there is none.
    /// </summary>
    private static async Task<IResult> HistoryAsync(HttpContext context, PriceHistoryReport report, OwnedSignals owned, PriceCheck check, string? symbol, string? exchange, string? since, CancellationToken ct)
    {
        if (!TryExchange(exchange, out var only, out var invalid))
            return invalid!;
        if (!PriceHistoryReport.TryParsePeriod(since ?? PriceHistoryReport.DefaultPeriod, out var period, out var error))
            return Invalid([new("since", error!)]);

        try
        {
            var pair = await check.PairOfAsync(symbol, only, ct);
            var maySee = await owned.HistoryExchangesAsync(Viewer.Of(context), pair, only, check, ct);
            if (maySee is { Count: 0 })
                return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"none of your alerts watches {pair}{(only is { } one ? " on " + one.ToWire() : string.Empty)}");

            var history = await report.ForAsync(symbol, only, period, ct);
            if (maySee is not null)
                history = history with { Exchanges = [.. history.Exchanges.Where(e => WireNames.TryParseExchange(e.Exchange, out var seen) && maySee.Contains(seen))] };
            return Json(history.ToJson());
        }
        catch (SignalValidationException e)
        {
            return Invalid(e.Errors);
        }
    }

    /// <summary>An optional <c>exchange</c> query value: none, one of the exchanges, or a 400 naming it.</summary>
    private static bool TryExchange(string? text, out ExchangeId? exchange, out IResult? invalid)
    {
        (exchange, invalid) = (null, null);
        if (text is null)
            return true;
        if (WireNames.TryParseExchange(text, out var parsed))
        {
            exchange = parsed;
            return true;
        }

        invalid = Invalid([new("exchange", $"must be one of {WireNames.Choices<ExchangeId>(WireNames.ToWire)} (got '{text}')")]);
        return false;
    }

    /// <summary>
    /// <c>tradingalerts backtest --json</c> over HTTP: the alert written with the create body's field names as the
    /// query (or an existing one's <c>id</c>), over <c>since</c>, or <c>from</c> and <c>to</c>. Nothing is saved.
    /// </summary>
    private static async Task<IResult> BacktestAsync(HttpRequest request, SignalIntake intake, OwnedSignals owned, SignalBacktest backtest, TimeProvider clock, CancellationToken ct)
    {
        string? Field(string name) => request.Query.TryGetValue(name, out var value) ? value.ToString() : null;
        var errors = new List<ValidationError>();
        if (!BacktestPeriod.TryResolve(Field("since"), Field("from"), Field("to"), clock.GetUtcNow(), out var period, out var periodError))
            errors.Add(periodError!);

        Signal? signal = null;
        if (Field("id") is { Length: > 0 } id)
        {
            if (request.Query.Keys.Any(key => key is not ("id" or "since" or "from" or "to")))
                errors.Add(new("id", "an existing alert is backtested by its own rule; give either its id or the fields of a new one"));
            else if (await owned.FindAsync(Viewer.Of(request.HttpContext), id, ct) is { } found)
                signal = found;
            else if (errors.Count == 0)
                return NotFound(id);
        }
        else
        {
            try
            {
                signal = (await intake.CreateAsync(SignalJson.DraftOf(Field), SignalSource.Ui, ct)).Signal;
            }
            catch (SignalValidationException e)
            {
                errors.AddRange(e.Errors);
            }
        }

        if (errors.Count > 0 || signal is null)
            return Invalid(errors);

        try
        {
            return Json((await backtest.RunAsync(signal, period, progress: null, ct)).ToJson());
        }
        catch (ExchangeUnavailableException e)
        {
            return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "The exchange cannot give the candles", detail: $"no candles from {e.Message}; nothing was backtested");
        }
    }

    /// <summary>
    /// The create form's sentence for the alert as written (the create body's field names as the query, validated as
    /// <c>POST /api/signals</c> validates, nothing saved), with the current price as the alerts list has it.
    /// </summary>
    private static async Task<IResult> DescribeAsync(HttpRequest request, SignalIntake intake, CurrentPrices prices, CancellationToken ct)
    {
        Signal signal;
        try
        {
            signal = (await intake.CreateAsync(SignalJson.DraftOf(name => request.Query.TryGetValue(name, out var value) ? value.ToString() : null), SignalSource.Ui, ct)).Signal;
        }
        catch (SignalValidationException e)
        {
            return Invalid(e.Errors);
        }

        var line = (await prices.ForAsync([signal], ct)).Single();
        return Results.Json(new DescribeJson(AlertSentence.Of(line)), ApiJsonContext.Default.DescribeJson);
    }

    private static async Task<IResult> SyncAsync(ISheetSync sync, [FromQuery(Name = "dry_run")] bool? dryRun, CancellationToken ct)
    {
        try
        {
            var report = await sync.SyncAsync(new SheetSyncOptions(dryRun ?? false), ct);
            return Results.Json(
                new SyncReportJson(
                    report.DryRun, report.Added, report.Updated, report.Deactivated, report.Unchanged,
                    report.Changes.Select(c => new SheetChangeJson(c.Kind.ToString().ToLowerInvariant(), c.Row, c.SignalId, c.Description)).ToList(),
                    report.Invalid.Select(Row).ToList(),
                    report.Warnings.Select(Row).ToList()),
                ApiJsonContext.Default.SyncReportJson);
        }
        catch (ConfigurationException e)
        {
            return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "The Google Sheets sync is not configured", detail: e.Message);
        }
    }

    private static RowErrorJson Row(RowError error) => new(error.Row, error.Field, error.Message);

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private static IResult Json(string json) => Results.Text(json, "application/json");

    private static IResult Invalid(IEnumerable<ValidationError> errors) =>
        Results.ValidationProblem(
            errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()));

    private static IResult NotFound(string id) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"no alert with id '{id}'");

    /// <summary>201 with a Location header and the body as given.</summary>
    private sealed class CreatedAt(string location, IResult body) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.Location = location;
            return body.ExecuteAsync(httpContext);
        }
    }
}
