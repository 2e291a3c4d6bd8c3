using TradingAlerts.Core.Configuration;
using TradingAlerts.Core.Sheets;
using TradingAlerts.Core.Transfer;
using TradingAlerts.Http;

namespace TradingAlerts.Sheets;

/// <summary>
/// The sheet as a public CSV export (GOOGLE_SHEET_CSV_URL), read without credentials. A sheet that is not shared
/// answers with Google's HTML sign-in page instead of CSV: that is a clear error, never rows. Read-only.
/// </summary>
public sealed class CsvExportSheet(HttpClient http, Uri url, TimeProvider clock, TimeSpan rateLimitBaseDelay) : ISheetSource
{
    private readonly SheetsHttp sheets = new(http, clock, rateLimitBaseDelay);

    public bool WritesStatus => false;

    public async Task<SheetTable> ReadAsync(CancellationToken ct)
    {
        using var response = await sheets.SendAsync(() => new HttpRequestMessage(HttpMethod.Get, url), "GOOGLE_SHEET_CSV_URL", ct);
        if (!response.IsSuccessStatusCode)
            throw new SheetUnavailableException($"GOOGLE_SHEET_CSV_URL answered {HttpFailures.StatusAfterAttempts(response)}: check the URL, and that the sheet is shared as \"Anyone with the link: Viewer\" (or published as CSV)");

        var text = await response.Content.ReadAsStringAsync(ct);
        if (response.Content.Headers.ContentType?.MediaType is "text/html" || text.TrimStart().StartsWith('<'))
        {
            throw new SheetUnavailableException(
                "GOOGLE_SHEET_CSV_URL answered with an HTML page (Google's sign-in page, most likely), not CSV: the sheet is not shared publicly. " +
                "Share it as \"Anyone with the link: Viewer\" (or File > Share > Publish to web as CSV), or use a service account (GOOGLE_SHEET_ID and GOOGLE_SERVICE_ACCOUNT_JSON)");
        }

        using var reader = new StringReader(text);
        var records = Csv.Read(reader).Select(r => r.Fields).ToList();
        if (records.Count == 0)
            throw new SheetUnavailableException("GOOGLE_SHEET_CSV_URL answered an empty CSV: the sheet's first row must name the columns (symbol, condition, target_price, exchange, …)");

        // A sheet row is a CSV record (a cell may hold a line break), so records are numbered, not lines.
        return new SheetTable("the CSV export", records[0], records.Skip(1).Select((cells, i) => new SheetLine(i + 2, cells)).ToList());
    }

    public Task WriteStatusAsync(SheetTable table, IReadOnlyDictionary<int, string> statusByRow, CancellationToken ct) => Task.CompletedTask;

    public Task AppendAsync(IReadOnlyDictionary<string, string?> cellsByColumn, CancellationToken ct) =>
        throw new ConfigurationException("appending to the sheet needs the Sheets API with a service account that may edit it (GOOGLE_SHEET_ID and GOOGLE_SERVICE_ACCOUNT_JSON): a CSV export cannot be written");
}
