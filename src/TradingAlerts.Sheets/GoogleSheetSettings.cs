using System.Text.RegularExpressions;
using TradingAlerts.Core.Configuration;

namespace TradingAlerts.Sheets;

/// <summary>The Google Sheets variables (README, "Google Sheets sync"), read by the CLI and the Sheets-sync Lambda alike.</summary>
public sealed partial record GoogleSheetSettings
{
    public const string DefaultApiUrl = "https://sheets.googleapis.com";

    /// <summary>A1 notation without a tab's name means the first visible tab; 26 columns is a new sheet's width.</summary>
    public const string DefaultRange = "A:Z";

    /// <summary>GOOGLE_SHEET_ID: the id in the sheet's URL (…/spreadsheets/d/&lt;id&gt;/edit).</summary>
    public string? SheetId { get; init; }

    /// <summary>GOOGLE_SHEET_RANGE: what to read, in A1 notation (<c>Alerts!A:K</c>).</summary>
    public string Range { get; init; } = DefaultRange;

    /// <summary>GOOGLE_SERVICE_ACCOUNT_JSON: a key file's path or its JSON. Secret: never printed.</summary>
    public string? ServiceAccountJson { get; init; }

    /// <summary>GOOGLE_SHEET_CSV_URL: a public CSV export of the sheet, read when there is no service account key.</summary>
    public Uri? CsvUrl { get; init; }

    /// <summary>GOOGLE_SHEET_STATUS_COLUMN: the column letter the sync writes each row's status into.</summary>
    public string? StatusColumn { get; init; }

    /// <summary>GOOGLE_SHEETS_API_URL: the Sheets API's base URL.</summary>
    public Uri ApiUrl { get; init; } = new(DefaultApiUrl);

    /// <summary>True when the Sheets API is used (a sheet id and a key); the CSV export is read otherwise.</summary>
    public bool UsesApi => SheetId is not null && ServiceAccountJson is not null;

    public bool IsConfigured => UsesApi || CsvUrl is not null;

    public static GoogleSheetSettings From(IReadOnlyDictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        string? Get(string name) => environment.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

        var sheetId = Get("GOOGLE_SHEET_ID");
        if (sheetId is not null && !SheetIdPattern().IsMatch(sheetId))
            throw new ConfigurationException($"GOOGLE_SHEET_ID must be the id in the sheet's URL (…/spreadsheets/d/<id>/edit): 10 to 100 letters, digits, '-' or '_' (got '{sheetId}', {sheetId.Length} characters)");

        var statusColumn = Get("GOOGLE_SHEET_STATUS_COLUMN")?.ToUpperInvariant();
        if (statusColumn is not null && !ColumnPattern().IsMatch(statusColumn))
            throw new ConfigurationException($"GOOGLE_SHEET_STATUS_COLUMN must be a column letter such as H or AA (got '{statusColumn}')");

        return new GoogleSheetSettings
        {
            SheetId = sheetId,
            Range = Get("GOOGLE_SHEET_RANGE") ?? DefaultRange,
            ServiceAccountJson = Get("GOOGLE_SERVICE_ACCOUNT_JSON"),
            CsvUrl = Get("GOOGLE_SHEET_CSV_URL") is { } csv ? SettingValues.HttpUrl("GOOGLE_SHEET_CSV_URL", csv) : null,
            StatusColumn = statusColumn,
            ApiUrl = SettingValues.HttpUrl("GOOGLE_SHEETS_API_URL", Get("GOOGLE_SHEETS_API_URL") ?? DefaultApiUrl),
        };
    }

    /// <summary>Keeps the key out of logs and exception texts that print the record.</summary>
    public override string ToString() =>
        $"GoogleSheetSettings {{ SheetId = {SheetId}, Range = {Range}, ServiceAccountJson = {(ServiceAccountJson is null ? "unset" : "set")}, CsvUrl = {CsvUrl}, StatusColumn = {StatusColumn}, ApiUrl = {ApiUrl} }}";

    [GeneratedRegex("^[A-Za-z0-9_-]{10,100}$")]
    private static partial Regex SheetIdPattern();

    [GeneratedRegex("^[A-Z]{1,3}$")]
    private static partial Regex ColumnPattern();
}
