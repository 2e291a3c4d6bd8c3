using System.Text.RegularExpressions;
using TradingAlerts.Core.Accounts;
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

    /// <summary>GOOGLE_SHEET_OWNER: the account of the rows without an <c>owner</c> cell; null: the first admin.</summary>
    public string? Owner { get; init; }

    /// <summary>True when the Sheets API is used (a sheet id and a key); the CSV export is read otherwise.</summary>
    public bool UsesApi => SheetId is not null && ServiceAccountJson is not null;

    public bool IsConfigured => UsesApi || CsvUrl is not null;

    public static readonly Variable<string> SheetIdVariable = new("GOOGLE_SHEET_ID", "the Google Sheet the sync reads through the Sheets API (the id in its URL)", SheetIdOf);

    public static readonly Variable<string> RangeVariable = new("GOOGLE_SHEET_RANGE", "what to read, in A1 notation, e.g. Alerts!A:K", SettingValues.Text) { Default = DefaultRange };

    public static readonly Variable<string> ServiceAccountJsonVariable =
        new("GOOGLE_SERVICE_ACCOUNT_JSON", "the service account key: a path to the key file, or its JSON", SettingValues.Text) { Shown = Shown.Secret };

    public static readonly Variable<Uri> CsvUrlVariable = new("GOOGLE_SHEET_CSV_URL", "a public CSV export of the sheet, read without credentials when no key is set", SettingValues.HttpUrl);

    public static readonly Variable<string> StatusColumnVariable =
        new("GOOGLE_SHEET_STATUS_COLUMN", "a column letter the sync writes OK or the row's error into (Sheets API only)", ColumnOf) { WhenUnset = "no status written" };

    public static readonly Variable<Uri> ApiUrlVariable = new("GOOGLE_SHEETS_API_URL", "the Sheets API's base URL", SettingValues.HttpUrl) { Default = DefaultApiUrl };

    public static readonly Variable<string> OwnerVariable =
        new("GOOGLE_SHEET_OWNER", "the account the sheet's rows without an owner cell belong to", AccountNameOf) { WhenUnset = "the first admin" };

    /// <summary>The Google Sheets variables, for the hosts' lists.</summary>
    public static readonly IReadOnlyList<Variable> Variables =
        [SheetIdVariable, RangeVariable, ServiceAccountJsonVariable, CsvUrlVariable, StatusColumnVariable, ApiUrlVariable, OwnerVariable];

    public static GoogleSheetSettings From(IReadOnlyDictionary<string, string> environment) => new()
    {
        SheetId = SheetIdVariable.Read(environment),
        Range = RangeVariable.Require(environment),
        ServiceAccountJson = ServiceAccountJsonVariable.Read(environment),
        CsvUrl = CsvUrlVariable.Read(environment),
        StatusColumn = StatusColumnVariable.Read(environment),
        ApiUrl = ApiUrlVariable.Require(environment),
        Owner = OwnerVariable.Read(environment),
    };

    private static string AccountNameOf(string variable, string name) =>
        AccountNames.Refusal(name) is { } refusal ? throw new ConfigurationException($"{variable}: {refusal}") : name;

    private static string SheetIdOf(string variable, string sheetId) =>
        SheetIdPattern().IsMatch(sheetId)
            ? sheetId
            : throw new ConfigurationException($"{variable} must be the id in the sheet's URL (…/spreadsheets/d/<id>/edit): 10 to 100 letters, digits, '-' or '_' (got '{sheetId}', {sheetId.Length} characters)");

    private static string ColumnOf(string variable, string text) =>
        text.ToUpperInvariant() is var column && ColumnPattern().IsMatch(column)
            ? column
            : throw new ConfigurationException($"{variable} must be a column letter such as H or AA (got '{column}')");

    /// <summary>Keeps the key out of logs and exception texts that print the record.</summary>
    public override string ToString() =>
        $"GoogleSheetSettings {{ SheetId = {SheetId}, Range = {Range}, ServiceAccountJson = {(ServiceAccountJson is null ? "unset" : "set")}, CsvUrl = {CsvUrl}, StatusColumn = {StatusColumn}, ApiUrl = {ApiUrl}, Owner = {Owner} }}";

    [GeneratedRegex("^[A-Za-z0-9_-]{10,100}$")]
    private static partial Regex SheetIdPattern();

    [GeneratedRegex("^[A-Z]{1,3}$")]
    private static partial Regex ColumnPattern();
}
