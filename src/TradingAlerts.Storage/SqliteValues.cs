
namespace TradingAlerts.Storage;

/// <summary>
/// How values go into parameters and come out of columns, in <see cref="StoredText"/>'s forms where SQLite has no exact
/// type. Columns are read by name: the reader looks each name up in a dictionary it builds once per query, so reading
/// by name allocates nothing per row, which matters when the Reader streams every armed alert each cycle.
/// </summary>
internal static class SqliteValues
{
    /// <summary>Sets a parameter, adding it on first use, so a reused command keeps its prepared statement.</summary>
    public static void Bind(SqliteCommand command, string name, object? value)
    {
        var parameters = command.Parameters;
        var parameter = parameters.Contains(name) ? parameters[name] : parameters.Add(new SqliteParameter { ParameterName = name });
        parameter.Value = value ?? DBNull.Value;
    }

    public static string? TimeOrNull(DateTimeOffset? time) => time is { } value ? StoredText.FromTime(value) : null;

    public static string Text(this SqliteDataReader row, string column) => row.GetString(row.GetOrdinal(column));

    public static string? TextOrNull(this SqliteDataReader row, string column)
    {
        var ordinal = row.GetOrdinal(column);
        return row.IsDBNull(ordinal) ? null : row.GetString(ordinal);
    }

    public static bool Flag(this SqliteDataReader row, string column) => row.GetBoolean(row.GetOrdinal(column));

    public static DateTimeOffset Time(this SqliteDataReader row, string column) => StoredText.ToTime(row.Text(column));

    public static DateTimeOffset? TimeOrNull(this SqliteDataReader row, string column) =>
        row.TextOrNull(column) is { } text ? StoredText.ToTime(text) : null;

    public static decimal Price(this SqliteDataReader row, string column) => StoredText.ToPrice(row.Text(column));

    public static decimal? PriceOrNull(this SqliteDataReader row, string column) =>
        row.TextOrNull(column) is { } text ? StoredText.ToPrice(text) : null;

    /// <summary>The value a column's word stands for (an exchange, a status, a channel…).</summary>
    public static T Word<T>(this SqliteDataReader row, string column)
        where T : struct, Enum => ToWord<T>(column, row.Text(column));

    public static T? WordOrNull<T>(this SqliteDataReader row, string column)
        where T : struct, Enum => row.TextOrNull(column) is { } text ? ToWord<T>(column, text) : null;

    private static T ToWord<T>(string column, string text)
        where T : struct, Enum => StoredText.TryRead(text, out T value) ? value : throw Unreadable(column, text);

    private static InvalidDataException Unreadable(string column, string text) =>
        new($"The alert database holds '{text}' in column {column}, which this version of TradingAlerts does not know.");
}
