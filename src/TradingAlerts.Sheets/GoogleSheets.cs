using TradingAlerts.Core.Configuration;
using TradingAlerts.Core.Sheets;
using TradingAlerts.Http;

namespace TradingAlerts.Sheets;

/// <summary>
/// Builds the configured sheet: the Sheets API when a sheet id and a service account key are set, else the public CSV
/// export; null when neither is. The key asks for the read-only scope unless the caller writes (the status column, or
/// an append): then the read-write <c>spreadsheets</c> scope.
/// </summary>
public sealed class GoogleSheets : IDisposable
{
    private readonly List<HttpClient> clients = [];

    public GoogleSheets(GoogleSheetSettings settings, TimeProvider clock, HttpRetryOptions? retry = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Settings = settings;
        Clock = clock;
        Retry = retry ?? new HttpRetryOptions();
    }

    public GoogleSheetSettings Settings { get; }

    private TimeProvider Clock { get; }
    private HttpRetryOptions Retry { get; }

    /// <summary>The sheet the sync reads (and writes status to, with GOOGLE_SHEET_STATUS_COLUMN); null when none is configured.</summary>
    /// <param name="serviceAccountJson">The key when it does not come from GOOGLE_SERVICE_ACCOUNT_JSON (the Lambda's secret).</param>
    public ISheetSource? OpenForSync(string? serviceAccountJson = null, string keyOrigin = "GOOGLE_SERVICE_ACCOUNT_JSON")
    {
        var key = serviceAccountJson ?? Settings.ServiceAccountJson;
        if (Settings.SheetId is { } id && key is not null)
            return Api(id, key, keyOrigin, write: Settings.StatusColumn is not null, Settings.StatusColumn);

        if (Settings.CsvUrl is { } url)
        {
            if (Settings.StatusColumn is not null)
                throw new ConfigurationException("GOOGLE_SHEET_STATUS_COLUMN needs the Sheets API (GOOGLE_SHEET_ID and GOOGLE_SERVICE_ACCOUNT_JSON): a CSV export cannot be written");
            return new CsvExportSheet(Client(url), url, Clock, Retry.BaseDelay);
        }

        return null;
    }

    /// <summary>The sheet for <c>signals add --to-sheet</c>: the Sheets API with the read-write scope.</summary>
    public ISheetSource OpenForAppend() =>
        Settings.SheetId is { } id && Settings.ServiceAccountJson is { } key
            ? Api(id, key, "GOOGLE_SERVICE_ACCOUNT_JSON", write: true, statusColumn: null)
            : throw new ConfigurationException("appending to the sheet needs GOOGLE_SHEET_ID and GOOGLE_SERVICE_ACCOUNT_JSON (a service account the sheet is shared with as Editor)");

    public void Dispose()
    {
        foreach (var client in clients)
            client.Dispose();
    }

    private GoogleSheetsApi Api(string sheetId, string key, string keyOrigin, bool write, string? statusColumn)
    {
        var baseUrl = Settings.ApiUrl.AbsoluteUri.EndsWith('/') ? Settings.ApiUrl : new Uri(Settings.ApiUrl.AbsoluteUri + "/");
        return new GoogleSheetsApi(Client(baseUrl), () => ServiceAccountKey.Load(key, keyOrigin, write), sheetId, Settings.Range, statusColumn, Clock, Retry.BaseDelay);
    }

    private HttpClient Client(Uri baseUrl)
    {
        var client = ResilientHttp.Create(baseUrl, Retry);
        clients.Add(client);
        return client;
    }
}
