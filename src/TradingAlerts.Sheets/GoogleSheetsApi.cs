using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using TradingAlerts.Core.Sheets;
using TradingAlerts.Http;

namespace TradingAlerts.Sheets;

/// <summary>
/// The sheet through the Sheets API v4 REST endpoints with a service account's token: one <c>values.get</c> a read,
/// one <c>values:batchUpdate</c> for the status column, <c>values:append</c> for a new row. Values are written RAW, so
/// a cell is never taken for a formula.
/// </summary>
public sealed class GoogleSheetsApi : ISheetSource
{
    private readonly SheetsHttp http;
    private readonly Func<ServiceAccountKey> keyFactory;
    private readonly string sheetId;
    private readonly string range;
    private readonly string? statusColumn;
    private ServiceAccountKey? key;

    /// <param name="key">Loaded on first use, so a bad key fails the sync that needs it, not every command.</param>
    public GoogleSheetsApi(HttpClient http, Func<ServiceAccountKey> key, string sheetId, string range, string? statusColumn, TimeProvider clock, TimeSpan rateLimitBaseDelay)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(key);
        this.http = new SheetsHttp(http, clock, rateLimitBaseDelay);
        keyFactory = key;
        this.sheetId = sheetId;
        this.range = range;
        this.statusColumn = statusColumn;
    }

    public bool WritesStatus => statusColumn is not null;

    public async Task<SheetTable> ReadAsync(CancellationToken ct)
    {
        var values = await GetValuesAsync(range, ct);
        var read = values.Range ?? range;
        var rows = (values.Values ?? []).Select(r => (IReadOnlyList<string>)r.Select(Text).ToList()).ToList();
        if (rows.Count == 0)
            throw new SheetUnavailableException($"the range {read} of sheet {sheetId} is empty: its first row must name the columns (symbol, condition, target_price, exchange, …)");

        var firstRow = A1.Parse(read).FirstRow;
        return new SheetTable(read, rows[0], rows.Skip(1).Select((cells, i) => new SheetLine(firstRow + 1 + i, cells)).ToList());
    }

    public async Task WriteStatusAsync(SheetTable table, IReadOnlyDictionary<int, string> statusByRow, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(statusByRow);
        if (statusColumn is null || table.Rows.Count == 0)
            return;

        var read = A1.Parse(table.Range);
        var offset = A1.ColumnIndex(statusColumn) - read.FirstColumn;
        var statuses = table.Rows.Select(r => statusByRow.GetValueOrDefault(r.Number, string.Empty)).ToList();
        var columnWasRead = offset >= 0 && read.LastColumn is { } last && read.FirstColumn + offset <= last;
        if (columnWasRead && table.Rows.Select((r, i) => (offset < r.Cells.Count ? r.Cells[offset] : string.Empty) == statuses[i]).All(same => same))
            return;

        var cells = $"{statusColumn}{table.Rows[0].Number}:{statusColumn}{table.Rows[^1].Number}";
        var body = new BatchUpdateWire("RAW", [new ValueRangeUpdate(read.On(cells), "ROWS", statuses.Select(s => (IReadOnlyList<string>)[s]).ToList())], false);
        using var response = await SendAsync(
            HttpMethod.Post,
            $"v4/spreadsheets/{sheetId}/values:batchUpdate",
            () => JsonContent.Create(body, SheetsJsonContext.Default.BatchUpdateWire),
            "writing the status column",
            ct);
    }

    public async Task AppendAsync(IReadOnlyDictionary<string, string?> cellsByColumn, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(cellsByColumn);
        var headerRange = A1.Parse(range) is { Tab: { } tab } ? $"{tab}!1:1" : "1:1";
        var header = (await GetValuesAsync(headerRange, ct)).Values?.FirstOrDefault()?.Select(Text).ToList() ?? [];
        var columns = header.Select(h => h.Trim().ToLowerInvariant().Replace(' ', '_')).ToList();
        if (!columns.Contains("id"))
            throw new SheetUnavailableException($"the sheet {sheetId} has no id column: add a column headed \"id\" so that the appended row carries the alert's id");

        var row = columns.Select(c => cellsByColumn.GetValueOrDefault(c == "user_id" ? "pushover_user_key" : c) ?? string.Empty).ToList();
        var body = new ValueRangeUpdate(range, "ROWS", [row]);
        using var response = await SendAsync(
            HttpMethod.Post,
            $"v4/spreadsheets/{sheetId}/values/{Uri.EscapeDataString(range)}:append?valueInputOption=RAW&insertDataOption=INSERT_ROWS",
            () => JsonContent.Create(body, SheetsJsonContext.Default.ValueRangeUpdate),
            "appending the row",
            ct);
    }

    /// <summary>The cell as Sheets shows it: formatted text, or a number's or checkbox's JSON text when one is sent.</summary>
    private static string Text(JsonElement cell) => cell.ValueKind switch
    {
        JsonValueKind.String => cell.GetString() ?? string.Empty,
        JsonValueKind.True => "TRUE",
        JsonValueKind.False => "FALSE",
        JsonValueKind.Null or JsonValueKind.Undefined => string.Empty,
        _ => cell.GetRawText(),
    };

    private async Task<ValueRangeWire> GetValuesAsync(string a1, CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Get, $"v4/spreadsheets/{sheetId}/values/{Uri.EscapeDataString(a1)}", null, $"reading {a1}", ct);
        try
        {
            return await response.Content.ReadFromJsonAsync(SheetsJsonContext.Default.ValueRangeWire, ct)
                ?? throw new SheetUnavailableException($"the Sheets API answered null for {a1} of sheet {sheetId}");
        }
        catch (JsonException e)
        {
            throw new SheetUnavailableException($"the Sheets API's answer for {a1} of sheet {sheetId} is not a ValueRange: {e.Message}", e);
        }
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, Func<HttpContent>? content, string what, CancellationToken ct)
    {
        key ??= keyFactory();
        var token = await key.GetAccessTokenAsync(ct);
        var response = await http.SendAsync(
            () => new HttpRequestMessage(method, path) { Content = content?.Invoke(), Headers = { Authorization = new AuthenticationHeaderValue("Bearer", token) } },
            $"sheet {sheetId}, {what}",
            ct);
        if (response.IsSuccessStatusCode)
            return response;

        using (response)
            throw new SheetUnavailableException($"sheet {sheetId}, {what}: the Sheets API answered {HttpFailures.StatusAfterAttempts(response)}: {await ErrorTextAsync(response, ct)}{Hint((int)response.StatusCode, key.ClientEmail)}");
    }

    private static async Task<string> ErrorTextAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var body = await response.Content.ReadAsStringAsync(ct);
        try
        {
            if (JsonSerializer.Deserialize(body, SheetsJsonContext.Default.ErrorWire)?.Error is { } error)
                return $"{error.Status} {error.Message}".Trim();
        }
        catch (JsonException)
        {
            // Not Google's error shape (a proxy's page, say): its beginning says enough.
        }

        return body.Length > 200 ? body[..200] + "…" : body;
    }

    private static string Hint(int status, string clientEmail) => status switch
    {
        403 => $" (share the sheet with {clientEmail}: Viewer to read, Editor to write the status column or append rows)",
        404 => " (check GOOGLE_SHEET_ID: the id in the sheet's URL)",
        400 => " (check GOOGLE_SHEET_RANGE, e.g. Alerts!A:K)",
        _ => string.Empty,
    };
}
