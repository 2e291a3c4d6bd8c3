using System.Globalization;
using System.Runtime.CompilerServices;

namespace TradingAlerts.Storage;

/// <summary>
/// The one SQLite file every part of the store works on: how a connection to it is opened, and its schema, created or
/// brought up to date at start-up (<see cref="SqliteSchema"/>). Every operation takes its own pooled connection.
/// </summary>
internal sealed class SqliteDatabase
{
    /// <summary>SQLITE_CONSTRAINT_PRIMARYKEY: the extended result code SQLite gives an insert of an id already taken.</summary>
    public const int PrimaryKeyViolation = 1555;

    /// <summary>How long a write waits for another writer (another connection or process) before failing.</summary>
    private const int BusyTimeoutMilliseconds = 10_000;

    private readonly string connectionString;

    public SqliteDatabase(string filePath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(filePath);
        FilePath = Path.GetFullPath(filePath);
        Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
        connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = FilePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
        }.ToString();
    }

    public string FilePath { get; }

    public async Task InitializeAsync(CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);

        // WAL lets the Reader and the web UI read while a Worker writes; it is a property of the file, so set once here.
        await ExecuteAsync(connection, "PRAGMA journal_mode = WAL", ct);

        // The version is read inside the write transaction so two processes starting at once cannot both create.
        await using var transaction = connection.BeginTransaction();
        await using var readVersion = connection.CreateCommand();
        readVersion.CommandText = "PRAGMA user_version";
        var found = Convert.ToInt32(await readVersion.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
        if (found > SqliteSchema.Version)
        {
            throw new InvalidOperationException(
                $"The database {FilePath} was written by a newer TradingAlerts (schema version {found}; this version " +
                $"knows up to {SqliteSchema.Version}). Upgrade TradingAlerts, or set TRADINGALERTS_DB to another file.");
        }

        if (found == 0)
        {
            await ExecuteAsync(connection, SqliteSchema.SchemaV2Sql, ct);
            found = 2;
        }

        foreach (var migration in SqliteSchema.Migrations[(found - 1)..])
            await ExecuteAsync(connection, migration, ct);

        if (found < SqliteSchema.BookVersion)
            await SqliteSignals.PlaceAllAsync(connection, ct);

        if (found < SqliteSchema.Version)
            await ExecuteAsync(connection, $"PRAGMA user_version = {SqliteSchema.Version}", ct);

        await transaction.CommitAsync(ct);
    }

    public async Task<SqliteConnection> OpenAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(ct);

            // Per connection, not per file: without it a writer that finds the file locked fails at once instead of waiting.
            await ExecuteAsync(connection, $"PRAGMA busy_timeout = {BusyTimeoutMilliseconds}", ct);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs one statement on a connection of its own; returns how many rows it changed.</summary>
    public async Task<int> ExecuteAsync(string sql, Action<SqliteCommand> bind, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        bind(command);
        return await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Runs a query on a connection of its own and streams its rows, each made into a value by <paramref name="read"/>.</summary>
    public async IAsyncEnumerable<T> QueryAsync<T>(
        string sql, Action<SqliteCommand>? bind, Func<SqliteDataReader, T> read, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var select = connection.CreateCommand();
        select.CommandText = sql;
        bind?.Invoke(select);
        await using var reader = await select.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            yield return read(reader);
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(ct);
    }
}
