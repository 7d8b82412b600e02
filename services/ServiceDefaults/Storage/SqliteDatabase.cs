using FinanceMarket.IntegrationEvents;
using FinanceMarket.ServiceDefaults.Events;
using Microsoft.Data.Sqlite;

namespace FinanceMarket.ServiceDefaults.Storage;

// One SQLite file per service (embedded profile). Holds the service's tables and its outbox, so a change
// and the events it causes commit in one transaction.
public sealed class SqliteDatabase
{
    private const string OutboxSchema = """
        CREATE TABLE IF NOT EXISTS outbox (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            id TEXT NOT NULL UNIQUE,
            topic TEXT NOT NULL,
            ordering_key TEXT NOT NULL,
            payload TEXT NOT NULL,
            occurred_at TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at TEXT NOT NULL,
            published_at TEXT,
            parked INTEGER NOT NULL DEFAULT 0,
            last_error TEXT
        );
        CREATE INDEX IF NOT EXISTS outbox_pending ON outbox (seq) WHERE published_at IS NULL AND parked = 0;
        CREATE TABLE IF NOT EXISTS outbox_lease (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            owner TEXT NOT NULL,
            expires_at TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS outbox_pending_key ON outbox (ordering_key, seq) WHERE published_at IS NULL AND parked = 0;
        """;

    private readonly string _connectionString;

    public SqliteDatabase(string path, string schema)
    {
        Path = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            DefaultTimeout = 30,
            Pooling = true,
            ForeignKeys = true,
        }.ToString();

        using var connection = Open();
        // WAL lets readers run beside the one writer; it is a property of the file, so set once.
        Execute(connection, "PRAGMA journal_mode=WAL;");
        Execute(connection, OutboxSchema + schema);
    }

    public string Path { get; }

    public SqliteConnection Open()
    {
        // synchronous stays FULL: a commit that answered OK survives a power cut.
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    // A change and the event it causes (if any), in one transaction; the change says whether it applied (a
    // refused change commits nothing). The relay is woken once the commit is done. The transaction begins
    // IMMEDIATE (Microsoft.Data.Sqlite's default), so what the change reads stays true until it commits.
    public async Task<bool> WriteWithEventAsync(
        Func<SqliteConnection, SqliteTransaction, Task<bool>> change, IntegrationEvent? integrationEvent, OutboxSignal signal, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        if (!await change(connection, transaction))
        {
            return false;
        }

        if (integrationEvent is not null)
        {
            await AppendToOutboxAsync(connection, transaction, integrationEvent, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        if (integrationEvent is not null)
        {
            signal.Notify();
        }

        return true;
    }

    // Stores keep each record as a JSON document in a column: the query selects it first.
    public async Task<List<T>> QueryDocumentsAsync<T>(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var connection = Open();
        return await ReadDocumentsAsync<T>(connection, null, sql, cancellationToken, parameters);
    }

    // The same inside a write's transaction, where what is read decides what is written.
    public static async Task<List<T>> ReadDocumentsAsync<T>(
        SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var items = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(StoreJson.Deserialize<T>(reader.GetString(0)));
        }

        return items;
    }

    public static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    public static async Task AppendToOutboxAsync(SqliteConnection connection, SqliteTransaction transaction, IntegrationEvent integrationEvent, CancellationToken cancellationToken)
    {
        var message = OutboxMessage.From(integrationEvent);
        await using var command = Command(connection, transaction,
            "INSERT INTO outbox (id, topic, ordering_key, payload, occurred_at, next_attempt_at) VALUES ($id, $topic, $key, $payload, $at, $at)",
            ("$id", message.Id.ToString()), ("$topic", message.Topic), ("$key", message.OrderingKey), ("$payload", message.Payload),
            ("$at", Instant(message.OccurredAt)));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    // Sortable text: ISO 8601 in UTC with a fixed width.
    public static string Instant(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
